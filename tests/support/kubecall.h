#pragma once

// Sends one request through a KubeClient and waits for its answer (event loop running), for
// tests against an API server.

#include "app/kube/kubeclient.h"

#include <QTest>

/// `method` `apiPath` with `body` through `client`; a Network error "test: no answer" when
/// nothing came back within 60 s.
inline kube::KubeResponse callAndWait(kube::KubeClient& client, const QByteArray& method, const QString& apiPath,
                                      const QByteArray& body = {})
{
    kube::KubeResponse out;
    bool done = false;
    client.request(method, apiPath, {}, body, &client, [&](const kube::KubeResponse& r) {
        out = r;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 60000))
        out.error = kube::KubeError::network(QStringLiteral("test: no answer"));
    return out;
}
