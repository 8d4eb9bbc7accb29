#pragma once

#include "app/kube/informer.h"

#include <QTimer>
#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <optional>

namespace model {

/// Base of the table models that show a kube::Informer's store: one row per object, rows appended
/// as objects are added, updated in place, removed as they go, in the informer's order. Subclasses
/// give columns and data; accepts() filters objects (e.g. events of one application), and
/// objectUpdated() lets them keep derived caches.
///
/// Deliveries are coalesced: the informer's additions of one delivery (a list, or one read of the
/// watch stream; kube::Informer::delivered()) become rows, in the order they came, with one
/// rowsInserted at its end (rowOf() is -1 for them until then), and its updates change the model's
/// data at once (objectUpdated()) but signal dataChanged at its end, once per changed row, runs of
/// adjacent rows together. So the rows are in the model when the informer's synced() is emitted.
/// Removals take effect and signal at once. setInformer(), addInformer() and refilter() apply what
/// they find before they return.
class InformerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// Roles shared by every informer-backed model.
    enum BaseRole {
        KeyRole = Qt::UserRole + 1, ///< QString "namespace/name"
        ObjectRole,                 ///< QJsonObject, the whole live object
        SortRole,                   ///< a value that sorts the column naturally (times as ms)
        FirstCustomRole,            ///< subclasses number their roles from here
    };

    explicit InformerTableModel(QObject* parent = nullptr);

    /// Shows `informer`'s objects (nullptr = empty table). The model does not own the informer.
    void setInformer(kube::Informer* informer);
    /// Also shows the objects of `informer` (e.g. events of one more object, each informer with its
    /// own field selector); keys must not repeat across informers. The model does not own it; it
    /// leaves the table when it is destroyed.
    void addInformer(kube::Informer* informer);
    /// The first informer shown (nullptr when none).
    kube::Informer* informer() const { return m_informers.isEmpty() ? nullptr : m_informers.first().data(); }

    /// Row of `key` ("namespace/name"), or -1.
    int rowOf(const QString& key) const { return m_rows.value(key, -1); }
    QString keyAt(int row) const { return m_keys.value(row); }
    /// The live object of `row` (empty when out of range).
    QJsonObject objectAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;

    /// The rows shown by one view of this model, for the once-a-second refresh of the time columns:
    /// this model's rows on screen now, ascending, or std::nullopt when the view is not shown.
    using VisibleRows = std::function<std::optional<QList<int>>()>;
    /// Limits the refresh of the time columns (refreshTimesEverySecond()) to the rows a view shows:
    /// `visibleRows` is asked at every tick; the union over the viewers that are shown gets
    /// dataChanged. When no viewer is registered or none is shown, every row is refreshed. The
    /// viewer goes away with `owner`. Called in the model's thread.
    void addTimeViewer(QObject* owner, VisibleRows visibleRows);
    /// Applies and signals now what the informers delivered so far (see the class comment); also
    /// runs by itself at each kube::Informer::delivered() and, failing that, from the event loop.
    void flushPending();

protected:
    /// Whether `object` gets a row; re-evaluated on every update. Default: all.
    virtual bool accepts(const QJsonObject& object) const;
    /// Called before the row of `key` is added or changed (`object` is the new state) and with an
    /// empty object when it goes away.
    virtual void objectUpdated(const QString& key, const QJsonObject& object);
    /// Re-applies accepts() to every object of the informer (after the filter changed).
    void refilter();
    /// Every second from now on, signals that the time-dependent columns [first, last] (ages,
    /// durations, next runs, shown relative to now) changed for every row, then calls clockTicked().
    void refreshTimesEverySecond(int first, int last);
    /// Runs once a second after the time columns were refreshed (see refreshTimesEverySecond()).
    virtual void clockTicked() {}

private:
    void reset();
    void connectInformer(kube::Informer* informer);
    void onUpdated(kube::Informer* informer, const QString& key);
    void onRemoved(const QString& key);
    void removeRowOf(const QString& key);

    void timesChanged(int first, int last);
    void schedulePending();

    struct TimeViewer {
        QPointer<QObject> owner;
        VisibleRows visibleRows;
    };
    QList<TimeViewer> m_timeViewers;
    QList<QString> m_pendingInserts;                  // keys added this pass, in order of arrival
    QHash<QString, kube::Informer*> m_pendingSource; // their informers
    QSet<QString> m_pendingChanges;                  // keys of rows updated this pass
    bool m_flushQueued = false;

    QList<QPointer<kube::Informer>> m_informers;
    QTimer m_clock;
    QHash<QString, kube::Informer*> m_source; // key -> the informer whose object it is
    QList<QString> m_keys;
    QHash<QString, int> m_rows;
};

} // namespace model
