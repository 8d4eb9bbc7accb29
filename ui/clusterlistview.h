#pragma once

#include <QWidget>

class QTreeView;

namespace session {
class SessionManager;
}

namespace ui {

/// The cluster list: every context of the kubeconfig (session::SessionManager::clusterList()) with a
/// check box that opens or closes its session, a dot in the colour of its connection state and, under
/// the context's name, one line about the connection ("Live · 12 applications", "Reconnecting
/// (attempt 3)…", "Failed: …"; the tooltip has the server and the whole reason). The window's own
/// context is in bold and always open (its check box cannot be cleared). Meant for a narrow panel.
class ClusterListView : public QWidget {
    Q_OBJECT
public:
    explicit ClusterListView(session::SessionManager* sessions, QWidget* parent = nullptr);

    QTreeView* view() const { return m_view; }
    /// The line shown for `context` (as on screen; empty when there is no such row).
    QString stateText(const QString& context) const;

private:
    session::SessionManager* m_sessions;
    QTreeView* m_view;
};

} // namespace ui
