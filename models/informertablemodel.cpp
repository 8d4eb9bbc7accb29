#include "models/informertablemodel.h"

namespace model {

InformerTableModel::InformerTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void InformerTableModel::setInformer(kube::Informer* informer)
{
    for (const auto& old : std::as_const(m_informers))
        if (old)
            old->disconnect(this);
    m_informers.clear();
    if (informer) {
        m_informers << informer;
        connectInformer(informer);
    }
    reset();
}

void InformerTableModel::addInformer(kube::Informer* informer)
{
    if (!informer || m_informers.contains(informer))
        return;
    m_informers << informer;
    connectInformer(informer);
    const auto& objects = informer->objects();
    for (auto it = objects.cbegin(); it != objects.cend(); ++it)
        onUpdated(informer, it.key());
}

void InformerTableModel::connectInformer(kube::Informer* informer)
{
    connect(informer, &kube::Informer::added, this, [this, informer](const QString& key) { onUpdated(informer, key); });
    connect(informer, &kube::Informer::updated, this, [this, informer](const QString& key) { onUpdated(informer, key); });
    connect(informer, &kube::Informer::removed, this, [this, informer](const QString& key) {
        if (m_source.value(key) == informer)
            onRemoved(key);
    });
    connect(informer, &QObject::destroyed, this, [this, informer] {
        m_informers.removeAll(informer);
        m_informers.removeAll(nullptr);
        const QList<QString> keys = m_source.keys(informer);
        for (const QString& key : keys)
            removeRowOf(key);
    });
}

bool InformerTableModel::accepts(const QJsonObject&) const
{
    return true;
}

void InformerTableModel::objectUpdated(const QString&, const QJsonObject&)
{
}

QJsonObject InformerTableModel::objectAt(int row) const
{
    if (row < 0 || row >= m_keys.size())
        return {};
    const kube::Informer* source = m_source.value(m_keys.at(row));
    return source ? source->object(m_keys.at(row)) : QJsonObject();
}

int InformerTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_keys.size());
}

void InformerTableModel::reset()
{
    beginResetModel();
    for (const QString& key : std::as_const(m_keys))
        objectUpdated(key, {});
    m_keys.clear();
    m_rows.clear();
    m_source.clear();
    for (const auto& informer : std::as_const(m_informers)) {
        if (!informer)
            continue;
        const auto& objects = informer->objects();
        for (auto it = objects.cbegin(); it != objects.cend(); ++it) {
            if (!accepts(it.value()) || m_rows.contains(it.key()))
                continue;
            objectUpdated(it.key(), it.value());
            m_rows.insert(it.key(), int(m_keys.size()));
            m_keys << it.key();
            m_source.insert(it.key(), informer);
        }
    }
    endResetModel();
}

void InformerTableModel::refilter()
{
    for (const auto& informer : std::as_const(m_informers)) {
        if (!informer)
            continue;
        const auto& objects = informer->objects();
        for (auto it = objects.cbegin(); it != objects.cend(); ++it)
            onUpdated(informer, it.key());
    }
}

void InformerTableModel::insertRow(kube::Informer* informer, const QString& key, const QJsonObject& object)
{
    const int row = int(m_keys.size());
    beginInsertRows({}, row, row);
    objectUpdated(key, object);
    m_keys << key;
    m_rows.insert(key, row);
    m_source.insert(key, informer);
    endInsertRows();
}

void InformerTableModel::removeRowOf(const QString& key)
{
    const int row = rowOf(key);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_keys.removeAt(row);
    m_rows.remove(key);
    m_source.remove(key);
    for (int i = row; i < m_keys.size(); ++i)
        m_rows[m_keys[i]] = i;
    objectUpdated(key, {});
    endRemoveRows();
}

void InformerTableModel::onUpdated(kube::Informer* informer, const QString& key)
{
    const QJsonObject object = informer->object(key);
    const int row = rowOf(key);
    const bool wanted = accepts(object);
    if (row < 0) {
        if (wanted)
            insertRow(informer, key, object);
        return;
    }
    if (m_source.value(key) != informer)
        return; // the same key from another informer: the first one shown keeps it
    if (!wanted) {
        removeRowOf(key);
        return;
    }
    objectUpdated(key, object);
    emit dataChanged(index(row, 0), index(row, columnCount() - 1));
}

void InformerTableModel::onRemoved(const QString& key)
{
    removeRowOf(key);
}

void InformerTableModel::refreshTimesEverySecond(int first, int last)
{
    m_clock.setInterval(1000);
    m_clock.callOnTimeout(this, [this, first, last] {
        timesChanged(first, last);
        clockTicked();
    });
    m_clock.start();
}

void InformerTableModel::timesChanged(int first, int last)
{
    if (!m_keys.isEmpty())
        // DisplayRole only: the sort keys of time columns (creation, start) do not change with the
        // clock, and leaving SortRole out spares the proxy a re-sort of every row each second.
        emit dataChanged(index(0, first), index(int(m_keys.size()) - 1, last), {Qt::DisplayRole});
}

} // namespace model
