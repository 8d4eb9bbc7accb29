#include "ui/clusterlistview.h"

#include "app/session/sessionmanager.h"
#include "models/clusterlistmodel.h"

#include <QFont>
#include <QHash>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QPainter>
#include <QPixmap>
#include <QTreeView>
#include <QVBoxLayout>

namespace ui {

namespace {

using State = model::ClusterListModel::State;

/// A 12 px dot in the colour of a connection state (as the status bar's dot).
QIcon stateDot(State state)
{
    static QHash<int, QIcon> cache;
    auto it = cache.constFind(int(state));
    if (it != cache.constEnd())
        return *it;
    QColor color(QStringLiteral("#8a8a8a"));
    switch (state) {
    case State::Live: color = QColor(QStringLiteral("#2e9e4f")); break;
    case State::Reconnecting: color = QColor(QStringLiteral("#d98e04")); break;
    case State::Failed: color = QColor(QStringLiteral("#d93b3b")); break;
    case State::Connecting: color = QColor(QStringLiteral("#4a90d9")); break;
    case State::Closed: break;
    }
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    if (state == State::Closed) {
        painter.setPen(QPen(color, 1.5));
        painter.setBrush(Qt::NoBrush);
    } else {
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
    }
    painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    painter.end();
    return *cache.insert(int(state), QIcon(pixmap));
}

/// The list model as the panel shows it: the Context column has two lines, the context and
/// SessionManager::summary(), with a dot in the state's colour (so a narrow panel shows both); the
/// State column (hidden) says the summary alone. The window's context is bold and cannot be unchecked.
class ClusterLooks : public QIdentityProxyModel {
public:
    ClusterLooks(session::SessionManager* sessions, QObject* parent)
        : QIdentityProxyModel(parent)
        , m_sessions(sessions)
    {
    }

    QVariant data(const QModelIndex& index, int role) const override
    {
        if (!index.isValid())
            return {};
        const QString context = QIdentityProxyModel::data(index, model::ClusterListModel::ContextRole).toString();
        const bool current = m_sessions->currentSession() && m_sessions->currentSession()->context() == context;
        if (role == Qt::FontRole && current && index.column() == model::ClusterListModel::Context) {
            QFont font;
            font.setBold(true);
            return font;
        }
        if (index.column() == model::ClusterListModel::Status && role == Qt::DisplayRole)
            return m_sessions->summary(context);
        if (index.column() == model::ClusterListModel::Context) {
            switch (role) {
            case Qt::DisplayRole: return context + QLatin1Char('\n') + m_sessions->summary(context);
            case Qt::DecorationRole:
                return stateDot(State(QIdentityProxyModel::data(index, model::ClusterListModel::StateRole).toInt()));
            case Qt::ToolTipRole: {
                const QString server = QIdentityProxyModel::index(index.row(), model::ClusterListModel::Server).data().toString();
                return server + QLatin1Char('\n') + m_sessions->description(context) + QLatin1Char('\n')
                    + (current ? tr("The context chosen above: always open")
                               : tr("Check to watch its applications (All clusters shows them)"));
            }
            default: break;
            }
        }
        return QIdentityProxyModel::data(index, role);
    }

    Qt::ItemFlags flags(const QModelIndex& index) const override
    {
        Qt::ItemFlags f = QIdentityProxyModel::flags(index);
        const QString context = index.data(model::ClusterListModel::ContextRole).toString();
        if (m_sessions->currentSession() && m_sessions->currentSession()->context() == context)
            f &= ~Qt::ItemIsUserCheckable;
        return f;
    }

private:
    session::SessionManager* m_sessions;
};

} // namespace

ClusterListView::ClusterListView(session::SessionManager* sessions, QWidget* parent)
    : QWidget(parent)
    , m_sessions(sessions)
    , m_view(new QTreeView(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* looks = new ClusterLooks(sessions, this);
    looks->setSourceModel(sessions->clusterList());
    // The summary is computed from the sessions: repaint a row when its session's state changes.
    connect(sessions, &session::SessionManager::stateChanged, looks, [looks, sessions](const QString& context) {
        const int row = sessions->clusterList()->rowOf(context);
        if (row >= 0)
            emit looks->dataChanged(looks->index(row, 0), looks->index(row, looks->columnCount() - 1));
    });
    m_view->setObjectName(QStringLiteral("clusterList"));
    setMinimumWidth(fontMetrics().averageCharWidth() * 24); // context names and states stay readable
    m_view->setModel(looks);
    m_view->setRootIsDecorated(false);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true); // two lines each
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setAllColumnsShowFocus(true);
    m_view->setSelectionMode(QAbstractItemView::NoSelection);
    m_view->setTextElideMode(Qt::ElideRight);
    for (int c = 0; c < model::ClusterListModel::ColumnCount; ++c)
        m_view->setColumnHidden(c, c != model::ClusterListModel::Context);
    m_view->header()->setStretchLastSection(true);
    layout->addWidget(m_view);
}

QString ClusterListView::stateText(const QString& context) const
{
    const int row = m_sessions->clusterList()->rowOf(context);
    return row < 0 ? QString() : m_view->model()->index(row, model::ClusterListModel::Status).data().toString();
}

} // namespace ui
