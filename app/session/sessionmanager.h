#pragma once

#include "app/kube/kubeconfig.h"
#include "app/session/clustersession.h"

#include <QMap>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

namespace model {
class AllApplicationsModel;
class ClusterListModel;
}

namespace session {

/// Several clusters at once: one session::ClusterSession per OPEN kubeconfig context, keyed by the
/// context name, and the two models that show them: a model::ClusterListModel (every context of the
/// kubeconfig with the connection state, a one-line detail and the application count of its session,
/// and the "open" flag) and a model::AllApplicationsModel (the ApplicationsModel of each open
/// session, added as a source under its context name).
///
/// Checking a context in the list model (setData with Qt::CheckStateRole, or setOpen()) opens its
/// session, unchecking closes it; open() and close() do the same and keep the flag in step. Each
/// session has its own client and informers (in the context's own namespace): a session that fails
/// or hangs changes only its own row. The kubeconfig is read once (setKubeconfig() or watchFiles())
/// and the parsed value shared by every session opened after that; when it changes, the list follows
/// (contexts that are gone are closed) while open sessions keep the connection they have.
///
/// The window's session of the selected context is not owned by the manager: setCurrentSession()
/// shows it in both models like an open one; its context can not be closed while it is current.
/// Everything runs and signals in the thread that owns the manager (the GUI thread in the window).
class SessionManager : public QObject {
    Q_OBJECT
public:
    explicit SessionManager(QObject* parent = nullptr);
    ~SessionManager() override;

    /// The cluster list (owned by the manager).
    model::ClusterListModel* clusterList() const { return m_list; }
    /// The applications of every open session, one source per context (owned by the manager).
    model::AllApplicationsModel* allApplications() const { return m_all; }

    /// Uses `config` (already read) for the list and for sessions opened from now on. `explicitFiles`:
    /// the files came from --kubeconfig (ClusterSession::reconnect() requires them to exist).
    void setKubeconfig(const kube::Kubeconfig& config, bool explicitFiles);
    /// Reads `files` (kube::Kubeconfig::load) now and again whenever one of them changes on disk. A
    /// file that cannot be read keeps the last good kubeconfig and sets loadError().
    void watchFiles(const QStringList& files, bool explicitFiles);
    /// Reads the files given to watchFiles() again now; false (and loadError() set) on failure.
    bool reload();
    /// The kubeconfig the sessions are made from (unset before the first good read).
    const std::optional<kube::Kubeconfig>& kubeconfig() const;
    /// Why the last read of the watched files failed (empty message when it did not).
    const kube::KubeconfigError& loadError() const;

    /// Opens a session for `context` (returns the one already open, or the current session of that
    /// context). nullptr when there is no kubeconfig or it has no such context. A context that cannot
    /// be resolved into a connection is still opened: its row says Failed with the reason.
    ClusterSession* open(const QString& context);
    /// Closes (deletes) the session of `context`: sessionAboutToClose() first. False when it is not
    /// open, or is the current session (which the window owns).
    bool close(const QString& context);
    /// The session of `context` (the current one or one the manager owns), or nullptr.
    ClusterSession* session(const QString& context) const;
    /// Contexts with a session (the current one included), in the list's row order.
    QStringList openContexts() const;

    /// Shows `session` (not owned; nullptr = none) as the session of its context, open in both models;
    /// a session the manager had for that context is closed. The previous current context is closed.
    void setCurrentSession(ClusterSession* session);
    ClusterSession* currentSession() const { return m_current; }

    /// One line for the user about `context`: "Live · 12 applications", "Connecting…",
    /// "Reconnecting (attempt 3)…", "Failed: <why>", or "Closed".
    QString summary(const QString& context) const;
    /// The longer text for a tooltip: ClusterSession::ConnectionState::text and the error, if any.
    QString description(const QString& context) const;

signals:
    /// A session was opened for `context` (by open() or by checking its row).
    void sessionOpened(const QString& context, session::ClusterSession* session);
    /// The session of `context` is about to be deleted: stop using its client and models now.
    void sessionAboutToClose(const QString& context, session::ClusterSession* session);
    /// summary() of `context` changed.
    void stateChanged(const QString& context);

private:
    void follow(ClusterSession* session);
    void updateRow(const QString& context);
    void onOpenChanged(const QString& context, bool open);
    /// The list's kubeconfig changed: rows of open contexts show their sessions' state again.
    void kubeconfigChanged();

    model::ClusterListModel* m_list;
    model::AllApplicationsModel* m_all;
    bool m_explicitFiles = false;
    QMap<QString, ClusterSession*> m_owned;
    QPointer<ClusterSession> m_current;
    QString m_currentContext;
};

} // namespace session
