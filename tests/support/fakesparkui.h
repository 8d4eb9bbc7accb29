#pragma once

// For the Executors and History Server tests: a scripted API server holding one SparkApplication
// (list, and a watch that setState() feeds with a MODIFIED event) and a list of Services, and a
// scripted Spark UI serving the Spark REST API from recorded JSON (tests/unit/data/sparkrest,
// answers of a real Spark 4.0.2 driver). Header-only; tests link tests/support/scriptedserver.cpp.

#include "tests/support/scriptedserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

/// A recorded answer of the Spark REST API: tests/unit/data/sparkrest/<name> under
/// $SPARKDECK_SOURCE_DIR (empty when missing).
inline QByteArray recordedSparkRest(const QString& name)
{
    QFile f(qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/unit/data/sparkrest/") + name);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

class FakeSparkCluster {
public:
    /// The Spark UI's answers: the applications list and the executors of spark-3b6e…, or an
    /// HTTP status / a silence instead.
    QByteArray applicationsJson = recordedSparkRest(QStringLiteral("applications.json"));
    QByteArray executorsJson = recordedSparkRest(QStringLiteral("executors-running.json"));
    int uiStatus = 200;
    bool uiSilent = false;
    /// The API server's Services (GET /api/v1/services items) and status of that request.
    QJsonArray services;
    int servicesStatus = 200;

    ScriptedServer api{[this](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) { serveApi(r, x); }};
    ScriptedServer ui{[this](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) { serveUi(r, x); }};

    FakeSparkCluster(const QString& state = QStringLiteral("RUNNING")) { setState(state, false); }

    /// default/spark-pi with status.applicationState.state = `state` and the recorded
    /// sparkApplicationId; with `notify`, open watches get a MODIFIED event.
    void setState(const QString& state, bool notify = true)
    {
        ++m_version;
        m_app = QJsonObject{
            {QStringLiteral("apiVersion"), QStringLiteral("sparkoperator.k8s.io/v1beta2")},
            {QStringLiteral("kind"), QStringLiteral("SparkApplication")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("spark-pi")},
                                                     {QStringLiteral("namespace"), QStringLiteral("default")},
                                                     {QStringLiteral("uid"), QStringLiteral("app-1")},
                                                     {QStringLiteral("resourceVersion"), QString::number(m_version)},
                                                     {QStringLiteral("creationTimestamp"), QStringLiteral("2026-11-30T09:17:45Z")}}},
            {QStringLiteral("spec"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Scala")}}},
            {QStringLiteral("status"),
             QJsonObject{{QStringLiteral("applicationState"), QJsonObject{{QStringLiteral("state"), state}}},
                         {QStringLiteral("sparkApplicationId"), QStringLiteral("spark-3b6e215400dc40c99b7151a00a662950")},
                         {QStringLiteral("driverInfo"), QJsonObject{{QStringLiteral("podName"), QStringLiteral("spark-pi-driver")},
                                                                    {QStringLiteral("webUIServiceName"), QStringLiteral("spark-pi-ui-svc")},
                                                                    {QStringLiteral("webUIPort"), 4040}}}}}};
        if (!notify)
            return;
        for (ScriptedServer::Exchange* x : std::as_const(m_watches))
            if (x->isOpen())
                x->send(modified());
    }

    int uiRequests(const QString& pathPart) const
    {
        int n = 0;
        for (const ScriptedServer::Request& r : ui.requests())
            n += r.path.contains(pathPart) ? 1 : 0;
        return n;
    }

private:
    static QByteArray list(const QJsonArray& items)
    {
        return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("List")},
                                         {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QStringLiteral("1")}}},
                                         {QStringLiteral("items"), items}})
            .toJson(QJsonDocument::Compact);
    }

    QByteArray modified() const
    {
        return QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("MODIFIED")}, {QStringLiteral("object"), m_app}})
                   .toJson(QJsonDocument::Compact)
               + '\n';
    }

    void serveApi(const ScriptedServer::Request& r, ScriptedServer::Exchange* x)
    {
        if (r.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1")) {
            x->begin();
            if (r.path.endsWith(QLatin1String("/sparkapplications"))) {
                m_watches << x;
                if (m_version > m_listedVersion) // changed between the list and this watch
                    x->send(modified());
            }
            return;
        }
        if (r.path.endsWith(QLatin1String("/sparkapplications"))) {
            m_listedVersion = m_version;
            x->reply(200, list({m_app}));
        } else if (r.path == QLatin1String("/api/v1/services")) {
            x->reply(servicesStatus, servicesStatus == 200 ? list(services)
                                                           : QByteArrayLiteral(R"({"kind":"Status","status":"Failure","message":"services is forbidden: User \"dev\" cannot list resource \"services\" in API group \"\" at the cluster scope","reason":"Forbidden","code":403})"));
        } else if (r.path.endsWith(QLatin1String("/pods")) || r.path.endsWith(QLatin1String("/events")))
            x->reply(200, list({}));
        else
            x->reply(404, "{}");
    }

    void serveUi(const ScriptedServer::Request& r, ScriptedServer::Exchange* x)
    {
        if (uiSilent)
            return x->begin(); // headers, then nothing
        if (uiStatus != 200)
            return x->reply(uiStatus, "<html><body>Error</body></html>", "text/html");
        if (r.path == QLatin1String("/api/v1/applications"))
            x->reply(200, applicationsJson);
        else if (r.path == QLatin1String("/api/v1/applications/spark-3b6e215400dc40c99b7151a00a662950/executors"))
            x->reply(200, executorsJson);
        else
            x->reply(404, "unknown app", "text/plain");
    }

    QJsonObject m_app;
    int m_version = 5;
    int m_listedVersion = 0;
    QList<ScriptedServer::Exchange*> m_watches;
};

#include <QCoreApplication>
#include <QDir>

/// Points SPARKDECK_KUBECTL at tests/integration/kubectl-portforward-standin, which prints kubectl
/// port-forward's "Forwarding from 127.0.0.1:<port>" and records its arguments; undone (and the
/// record removed) when destroyed.
class KubectlStandin {
public:
    KubectlStandin(quint16 port, const QString& tag)
        : m_record(QDir::temp().filePath(QStringLiteral("%1-%2").arg(tag).arg(QCoreApplication::applicationPid())))
    {
        qputenv("SPARKDECK_KUBECTL", (qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/integration/kubectl-portforward-standin")).toUtf8());
        qputenv("SPARKDECK_STANDIN_PORT", QByteArray::number(port));
        qputenv("SPARKDECK_STANDIN_RECORD", m_record.toUtf8());
    }
    ~KubectlStandin()
    {
        qunsetenv("SPARKDECK_KUBECTL");
        qunsetenv("SPARKDECK_STANDIN_PORT");
        qunsetenv("SPARKDECK_STANDIN_RECORD");
        QFile::remove(m_record);
        QFile::remove(m_record + QStringLiteral(".ended"));
    }
    /// The arguments of the last run.
    QStringList arguments() const
    {
        QFile f(m_record);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).split(QLatin1Char('\n')) : QStringList();
    }
    /// Whether the last run was terminated.
    bool ended() const { return QFile::exists(m_record + QStringLiteral(".ended")); }

private:
    QString m_record;
};

#include <QSettings>
#include <QStandardPaths>

/// QSettings of this test only (QStandardPaths test mode, organization "sparkdeck-tests",
/// application `name`), emptied.
inline void useTestSettings(const QString& name)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("sparkdeck-tests"));
    QCoreApplication::setApplicationName(name);
    QSettings().clear();
}
