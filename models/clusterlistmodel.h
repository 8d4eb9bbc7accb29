#pragma once

#include "app/kube/kubeconfig.h"
#include "app/kube/kubeconfigwatcher.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace model {

/// The cluster list: one row per context of a merged kubeconfig (kube::Kubeconfig, in the order the
/// contexts were first defined), with the context's cluster server, user and default namespace, and
/// a connection state, its detail text and an application count that the owner of the connections
/// sets with setState(). The Context column is checkable: the check is the "open" flag (a cluster
/// the user wants watched). Checking or unchecking a row (setData with Qt::CheckStateRole, or
/// setOpen()) emits openChanged(); the model opens nothing itself.
///
/// When the kubeconfig changes (setKubeconfig(), or the files given to watchFiles() change on
/// disk) the rows are updated in place: contexts that remain keep their state, detail, count and
/// open flag; gone contexts are removed, new ones inserted as Closed and not open. Lives in the
/// thread that created it.
class ClusterListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Context, Server, User, Namespace, Status, Applications, ColumnCount };
    Q_ENUM(Column)

    /// Connection state of one context, as set from outside.
    enum class State { Closed, Connecting, Live, Reconnecting, Failed };
    Q_ENUM(State)

    enum Role {
        ContextRole = Qt::UserRole + 1, ///< QString context name (every column)
        StateRole,                      ///< int (State) (every column)
        DetailRole,                     ///< QString detail text of the state (every column)
        CountRole,                      ///< int application count, -1 = unknown (every column)
        OpenRole,                       ///< bool: the open flag (every column)
        CurrentRole,                    ///< bool: the kubeconfig's current-context (every column)
        SortRole,                       ///< a value that sorts the column naturally
    };

    explicit ClusterListModel(QObject* parent = nullptr);

    /// Shows the contexts of `config`, keeping the state and open flag of contexts that remain.
    void setKubeconfig(const kube::Kubeconfig& config);
    /// Loads `files` (kube::Kubeconfig::load; `explicitFiles` as there), shows their contexts and
    /// reloads whenever one of them changes on disk (kube::KubeconfigWatcher). A file that cannot
    /// be read leaves the rows as they were and sets loadError(); a later good load clears it.
    void watchFiles(const QStringList& files, bool explicitFiles);
    /// Reads the files given to watchFiles() again now. False (and loadError() set) on failure.
    bool reload();
    /// The error of the last load (empty message when it succeeded or nothing was loaded).
    const kube::KubeconfigError& loadError() const { return m_loadError; }
    /// The kubeconfig shown now (the last setKubeconfig() or good load); unset before the first.
    const std::optional<kube::Kubeconfig>& kubeconfig() const { return m_config; }

    /// Sets the connection state of `context`: `detail` is a line for the user (e.g. the error, or
    /// "retrying in 4 s"), `applications` the number of SparkApplications seen (-1 = unknown).
    /// False when no row has that context.
    bool setState(const QString& context, State state, const QString& detail = {}, int applications = -1);
    State state(const QString& context) const;
    QString detail(const QString& context) const;
    int applicationCount(const QString& context) const;

    /// Sets the open flag of `context`; emits openChanged() when it changes. False when no such row.
    bool setOpen(const QString& context, bool open);
    bool isOpen(const QString& context) const;
    /// Contexts whose open flag is set, in row order.
    QStringList openContexts() const;

    /// Context names in row order.
    QStringList contexts() const;
    /// Row of `context`, or -1.
    int rowOf(const QString& context) const;
    /// The kubeconfig's current-context (may name no row).
    QString currentContext() const { return m_current; }

    /// Words for a state ("Live", "Reconnecting", ...).
    static QString stateText(State state);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    /// The open flag of `context` changed (by the user through setData, or by setOpen()).
    void openChanged(const QString& context, bool open);
    /// A context left the kubeconfig (its row is gone); an open connection to it should be closed.
    void contextRemoved(const QString& context);
    /// loadError() changed.
    void loadErrorChanged();

private:
    struct Row {
        QString context;
        QString server;
        QString user;
        QString ns;
        State state = State::Closed;
        QString detail;
        int applications = -1;
        bool open = false;
    };
    void rowChanged(int row);

    QList<Row> m_rows;
    std::optional<kube::Kubeconfig> m_config;
    QString m_current;
    QStringList m_files;
    bool m_explicitFiles = false;
    kube::KubeconfigError m_loadError;
    kube::KubeconfigWatcher* m_watcher = nullptr;
};

} // namespace model
