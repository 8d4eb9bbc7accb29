#pragma once

#include "app/kube/informer.h"

#include <QTimer>
#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QPointer>

namespace model {

/// Base of the table models that show a kube::Informer's store: one row per object, rows appended
/// as objects are added, updated in place, removed as they go, in the informer's order. Subclasses
/// give columns and data; accepts() filters objects (e.g. events of one application), and
/// objectUpdated() lets them keep derived caches.
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
    void insertRow(kube::Informer* informer, const QString& key, const QJsonObject& object);
    void removeRowOf(const QString& key);

    void timesChanged(int first, int last);

    QList<QPointer<kube::Informer>> m_informers;
    QTimer m_clock;
    QHash<QString, kube::Informer*> m_source; // key -> the informer whose object it is
    QList<QString> m_keys;
    QHash<QString, int> m_rows;
};

} // namespace model
