#include "models/informertablemodel.h"

namespace model {

InformerTableModel::InformerTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void InformerTableModel::setInformer(kube::Informer* informer)
{
    if (m_informer)
        m_informer->disconnect(this);
    m_informer = informer;
    reset();
    if (!informer)
        return;
    connect(informer, &kube::Informer::added, this, &InformerTableModel::onAdded);
    connect(informer, &kube::Informer::updated, this, &InformerTableModel::onUpdated);
    connect(informer, &kube::Informer::removed, this, [this](const QString& key) { onRemoved(key); });
    connect(informer, &QObject::destroyed, this, [this] { setInformer(nullptr); });
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
    if (!m_informer || row < 0 || row >= m_keys.size())
        return {};
    return m_informer->object(m_keys.at(row));
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
    if (m_informer) {
        const auto& objects = m_informer->objects();
        for (auto it = objects.cbegin(); it != objects.cend(); ++it) {
            if (!accepts(it.value()))
                continue;
            objectUpdated(it.key(), it.value());
            m_rows.insert(it.key(), int(m_keys.size()));
            m_keys << it.key();
        }
    }
    endResetModel();
}

void InformerTableModel::refilter()
{
    if (!m_informer)
        return;
    const auto& objects = m_informer->objects();
    for (auto it = objects.cbegin(); it != objects.cend(); ++it)
        onUpdated(it.key());
}

void InformerTableModel::insertRow(const QString& key, const QJsonObject& object)
{
    const int row = int(m_keys.size());
    beginInsertRows({}, row, row);
    objectUpdated(key, object);
    m_keys << key;
    m_rows.insert(key, row);
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
    for (int i = row; i < m_keys.size(); ++i)
        m_rows[m_keys[i]] = i;
    objectUpdated(key, {});
    endRemoveRows();
}

void InformerTableModel::onAdded(const QString& key)
{
    onUpdated(key);
}

void InformerTableModel::onUpdated(const QString& key)
{
    const QJsonObject object = m_informer->object(key);
    const int row = rowOf(key);
    const bool wanted = accepts(object);
    if (row < 0) {
        if (wanted)
            insertRow(key, object);
        return;
    }
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

void InformerTableModel::timesChanged(int first, int last)
{
    if (!m_keys.isEmpty())
        // DisplayRole only: the sort keys of time columns (creation, start) do not change with the
        // clock, and leaving SortRole out spares the proxy a re-sort of every row each second.
        emit dataChanged(index(0, first), index(int(m_keys.size()) - 1, last), {Qt::DisplayRole});
}

} // namespace model
