#pragma once

#include "models/informertablemodel.h"

#include <QSet>

namespace model {

/// Kubernetes events about one application and its pods, newest first when sorted on Last seen:
/// type (Normal/Warning), reason, object, message, count, last seen. Fed by informers on v1 events
/// (one per involved object, each with a field selector); accepts() keeps the events whose
/// involvedObject.uid is one of setInvolvedUids() (a name prefix would also take in "<app>-2").
class EventsModel : public InformerTableModel {
    Q_OBJECT
public:
    enum Column { LastSeen, Type, Reason, Object, Count, Message, ColumnCount };
    Q_ENUM(Column)

    explicit EventsModel(QObject* parent = nullptr);

    /// Shows only events whose involvedObject.uid is in `uids` (the application's and its pods';
    /// empty = none).
    void setInvolvedUids(const QSet<QString>& uids);
    QSet<QString> involvedUids() const { return m_uids; }
    /// Whether `event` (a v1 Event) is about one of `uids`: its involvedObject.uid is among them.
    static bool concerns(const QJsonObject& event, const QSet<QString>& uids);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    bool accepts(const QJsonObject& object) const override;

private:
    QSet<QString> m_uids;
};

} // namespace model
