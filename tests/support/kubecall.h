#pragma once

// Sends one request through a KubeClient and waits for its answer (event loop running), for
// tests against an API server.

#include "app/kube/kubeclient.h"

#include <QTest>

#include <optional>

/// `method` `apiPath` with `body` through `client`: the answer, or a Network error "test: no answer"
/// when nothing came back within `timeoutMs`.
inline kube::Result<kube::KubeResponse> callAndWait(kube::KubeClient& client, const QByteArray& method,
                                                    const QString& apiPath, const QByteArray& body = {},
                                                    int timeoutMs = 60000)
{
    std::optional<kube::Result<kube::KubeResponse>> out;
    client.request(method, apiPath, {}, body, &client, [&](const kube::Result<kube::KubeResponse>& r) { out = r; });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, timeoutMs))
        return kube::KubeError::network(QStringLiteral("test: no answer"));
    return *out;
}
