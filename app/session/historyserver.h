#pragma once

#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace kube {
class KubeClient;
class PortForward;
}

namespace session {

/// A Service that looks like a Spark History Server, as findHistoryService() picks it.
struct HistoryServiceRef {
    QString ns;
    QString name;
    int port = 0; ///< the Service port to forward (18080 on the stock history server)
};

/// The Spark History Server Service among `services` (the `items` of a v1 ServiceList), or none:
/// the first with the label app.kubernetes.io/name=spark-history-server, else one whose name
/// contains "history" and that has a port 18080 or a port named "history"/"http", else any Service
/// with a port 18080 or a port named "history". Its port: the one that is 18080 or named
/// "history", else one named "http"/"web", else its first. Pure.
std::optional<HistoryServiceRef> findHistoryService(const QJsonArray& services);

/// The History Server page of one application: <base>/history/<sparkApplicationId>/ (the path the
/// Spark History Server serves an application's UI under, Spark monitoring.html "Viewing After the
/// Fact"); a base with a path (behind a proxy) keeps it. Empty when `base` is invalid or the id is
/// empty. Pure.
QUrl historyApplicationUrl(const QUrl& base, const QString& sparkApplicationId);

/// Where the Spark History Server of one kubeconfig context is: a URL the user set (QSettings,
/// key "historyServer/<context percent-encoded>/url"), else a Service discovered in the cluster
/// (findHistoryService over GET /api/v1/services, all namespaces) reached by
/// `kubectl port-forward svc/<name> :<port>` (kube::PortForward, kept until this object goes or
/// resolve() runs again after a failure). Everything is called and calls back in the thread
/// that owns the object.
class HistoryServer : public QObject {
    Q_OBJECT
public:
    enum class State { Unresolved, Resolving, Ready, Failed };

    /// `context` names the kubeconfig context (the settings key); `kubeconfigFiles` and `context`
    /// are given to kubectl for the port-forward.
    HistoryServer(QString context, QStringList kubeconfigFiles, QObject* parent = nullptr);
    ~HistoryServer() override;

    /// The URL set for `context` ("" when none). Reads QSettings.
    static QUrl configuredUrl(const QString& context);
    /// Sets (or, with an empty URL, removes) the URL of `context`. Writes QSettings.
    static void setConfiguredUrl(const QString& context, const QUrl& url);
    /// Whether `text` is a URL the setting accepts (http or https with a host); `why` gets a
    /// sentence saying what to type when it is not. Pure.
    static bool isAcceptableUrl(const QString& text, QString* why = nullptr);

    QString context() const { return m_context; }
    State state() const { return m_state; }
    /// The base URL while Ready (the configured URL, or http://127.0.0.1:PORT of the forward).
    QUrl baseUrl() const { return m_base; }
    /// Where the base came from, for messages: "the URL set for this context" or "svc/NAME in NS
    /// (port-forwarded)"; "" before Ready.
    QString source() const { return m_source; }
    /// Why it Failed: one or two sentences, saying how to set the URL when nothing was found.
    QString message() const { return m_message; }

    /// Finds the base: the configured URL (Ready at once, from the event loop), else discovery
    /// with `client` (nullptr: configured URL only) and a port-forward. ready() or failed()
    /// follows. While Ready with the same source, does nothing but emit ready() again.
    void resolve(kube::KubeClient* client);

signals:
    void ready(const QUrl& base);
    void failed(const QString& message);

private:
    void fail(const QString& message);
    void forward(const HistoryServiceRef& service);

    QString m_context;
    QStringList m_kubeconfigFiles;
    State m_state = State::Unresolved;
    QUrl m_base;
    QString m_source;
    QString m_message;
    QPointer<kube::PortForward> m_forward;
    quint64 m_run = 0;
};

} // namespace session
