#pragma once

#include "models/informertablemodel.h"

#include <QTimer>

namespace model {

/// Kubernetes events about one application and its pods, newest first when sorted on Last seen:
/// type (Normal/Warning), reason, object, message, count, last seen. Fed by an informer on v1
/// events in the application's namespace; accepts() keeps the events whose involvedObject is the
/// application or one of its pods (name prefix "<app>-").
class EventsModel : public InformerTableModel {
    Q_OBJECT
public:
    enum Column { LastSeen, Type, Reason, Object, Count, Message, ColumnCount };
    Q_ENUM(Column)

    explicit EventsModel(QObject* parent = nullptr);

    /// Shows only events about application `name` and its pods (empty = none).
    void setApplication(const QString& name);

    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    bool accepts(const QJsonObject& object) const override;

private:
    QString m_application;
    QTimer m_clock;
};

} // namespace model
