// The fault-injection proxy of tests/cluster (faultproxy, README "Fault injection") in front of
// the fixture's API server, for the tests/integration/tst_faults_* tests: starts it, and talks to
// its control API. Test infrastructure; QtCore + QtNetwork only.
#pragma once

#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "tests/support/process.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QUrl>

#include <memory>

/// The fixture's cluster (SPARKDECK_TEST_KUBECONFIG_FILE) and its fault proxy.
struct FaultProxy {
    QString kubeconfig;       ///< the cluster's own kubeconfig (direct to the API server)
    QString faultyKubeconfig; ///< the same user through the proxy (context kind-<name>-faulty)
    QString kubectl;          ///< <state>/bin/kubectl
    QString stateDir;
    QString clusterScripts;   ///< tests/cluster/ in the source tree, with a trailing slash
    QUrl controlUrl;
    QByteArray lastBody;      ///< the body of the last control() answer

    /// Reads the fixture's kubeconfig and starts the proxy (idempotent); an error message, or empty.
    QString up()
    {
        QFile f(qEnvironmentVariable("SPARKDECK_TEST_KUBECONFIG_FILE"));
        if (!f.open(QIODevice::ReadOnly))
            return QStringLiteral("the cluster fixture did not run: use ctest -L integration");
        kubeconfig = QString::fromUtf8(f.readAll()).trimmed();
        const QDir state = QFileInfo(kubeconfig).absoluteDir();
        stateDir = state.absolutePath();
        kubectl = state.filePath(QStringLiteral("bin/kubectl"));
        clusterScripts = qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/cluster/");
        const ProcessResult started = script(QStringLiteral("faultproxy"), {QStringLiteral("up")});
        if (started.exitCode != 0)
            return started.err;
        faultyKubeconfig = started.out.trimmed().split(QLatin1Char('\n')).last();
        QFile control(state.filePath(QStringLiteral("faultproxy.control")));
        if (!control.open(QIODevice::ReadOnly))
            return QStringLiteral("no faultproxy.control");
        controlUrl = QUrl(QString::fromUtf8(control.readAll()).trimmed());
        return controlUrl.isValid() ? QString() : QStringLiteral("bad control URL");
    }

    /// A client for the cluster through the proxy (the faulty kubeconfig's current context), or
    /// nullptr when that does not load.
    std::unique_ptr<kube::KubeClient> faultyClient() const
    {
        kube::KubeconfigError error;
        const auto config = kube::Kubeconfig::load({faultyKubeconfig}, true, &error);
        if (!config)
            return nullptr;
        const auto connection = config->connection({}, &error);
        return connection ? std::make_unique<kube::KubeClient>(*connection) : nullptr;
    }

    /// Stops the proxy.
    void down() { script(QStringLiteral("faultproxy"), {QStringLiteral("down")}); }

    /// Sends `method` `path` (e.g. "/faults") with `body` to the control API; true on a 2xx answer.
    bool control(const QByteArray& method, const QString& path, const QJsonObject& body = {})
    {
        QNetworkAccessManager nam;
        QUrl url = controlUrl;
        url.setPath(path);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = nam.sendCustomRequest(request, method, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
        const bool finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
        const bool ok = finished && reply->error() == QNetworkReply::NoError;
        lastBody = reply->readAll();
        delete reply;
        return ok;
    }

    /// Queues `fault` (POST /faults).
    bool addFault(const QJsonObject& fault) { return control("POST", QStringLiteral("/faults"), fault); }

    /// How often the fault `kind` ("status-429", "freeze", ...) was applied; -1 when /stats failed.
    int stat(const QString& kind)
    {
        if (!control("GET", QStringLiteral("/stats")))
            return -1;
        return QJsonDocument::fromJson(lastBody).object().value(QLatin1String("faults")).toObject().value(kind).toInt();
    }

    /// Runs tests/cluster/`name` with `args` (2 min at most).
    ProcessResult script(const QString& name, const QStringList& args) const
    {
        return runProcess(clusterScripts + name, args, 120000);
    }

    /// kubectl with the cluster's own kubeconfig; a nonzero exit fails the test unless `exit` is MayFail.
    ProcessResult kubectlRun(const QStringList& args, Exit exit = Exit::MustSucceed) const
    {
        return runChecked(kubectl, QStringList{QStringLiteral("--kubeconfig"), kubeconfig} + args, exit);
    }
};
