#include "models/informertablemodel.h"

#include <algorithm>

namespace model {

namespace {
// Calls f(first, last) for each run of adjacent rows in `rows` (ascending, no repeats).
template <typename F>
void forEachRun(const QList<int>& rows, F f)
{
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) + 1)
            ++j;
        f(rows.at(i), rows.at(j));
        i = j + 1;
    }
}

// Forgets the addition of `key` not signalled yet.
void dropPending(QHash<QString, kube::Informer*>& sources, QList<QString>& keys, const QString& key)
{
    sources.remove(key);
    keys.removeOne(key);
}
} // namespace

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
    flushPending();
}

void InformerTableModel::connectInformer(kube::Informer* informer)
{
    connect(informer, &kube::Informer::added, this, [this, informer](const QString& key) { onUpdated(informer, key); });
    connect(informer, &kube::Informer::updated, this, [this, informer](const QString& key) { onUpdated(informer, key); });
    // Connected before anyone can ask for the rows after synced(), which follows delivered().
    connect(informer, &kube::Informer::delivered, this, &InformerTableModel::flushPending);
    connect(informer, &kube::Informer::removed, this, [this, informer](const QString& key) {
        if (m_pendingSource.value(key) == informer) {
            dropPending(m_pendingSource, m_pendingInserts, key);
            objectUpdated(key, {});
        } else if (m_source.value(key) == informer)
            onRemoved(key);
    });
    connect(informer, &QObject::destroyed, this, [this, informer] {
        m_informers.removeAll(informer);
        m_informers.removeAll(nullptr);
        for (const QString& key : m_pendingSource.keys(informer)) {
            dropPending(m_pendingSource, m_pendingInserts, key);
            objectUpdated(key, {});
        }
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
    for (const QString& key : std::as_const(m_pendingInserts))
        objectUpdated(key, {});
    m_pendingInserts.clear();
    m_pendingSource.clear();
    m_pendingChanges.clear();
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
    flushPending();
}

void InformerTableModel::schedulePending()
{
    if (m_flushQueued)
        return;
    m_flushQueued = true;
    QMetaObject::invokeMethod(this, &InformerTableModel::flushPending, Qt::QueuedConnection);
}

void InformerTableModel::flushPending()
{
    m_flushQueued = false;
    if (!m_pendingInserts.isEmpty()) {
        QList<QString> keys;
        keys.swap(m_pendingInserts);
        QHash<QString, kube::Informer*> sources;
        sources.swap(m_pendingSource);
        const int first = int(m_keys.size());
        beginInsertRows({}, first, first + int(keys.size()) - 1);
        m_keys.reserve(first + keys.size());
        for (const QString& key : std::as_const(keys)) {
            kube::Informer* informer = sources.value(key); // objectUpdated() ran as it came
            m_rows.insert(key, int(m_keys.size()));
            m_keys << key;
            m_source.insert(key, informer);
        }
        endInsertRows();
    }
    if (m_pendingChanges.isEmpty())
        return;
    QList<int> rows;
    rows.reserve(m_pendingChanges.size());
    for (const QString& key : std::as_const(m_pendingChanges))
        if (const int row = rowOf(key); row >= 0)
            rows << row;
    m_pendingChanges.clear();
    std::sort(rows.begin(), rows.end());
    // One signal per run of adjacent rows: a range never covers a row that did not change.
    forEachRun(rows, [this](int first, int last) { emit dataChanged(index(first, 0), index(last, columnCount() - 1)); });
}

void InformerTableModel::removeRowOf(const QString& key)
{
    const int row = rowOf(key);
    if (row < 0)
        return;
    m_pendingChanges.remove(key);
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
        if (const auto pending = m_pendingSource.constFind(key); pending != m_pendingSource.cend()) {
            if (*pending != informer)
                return;
            if (wanted) {
                objectUpdated(key, object); // added, then changed, in this delivery: every state is seen
            } else {
                dropPending(m_pendingSource, m_pendingInserts, key);
                objectUpdated(key, {});
            }
            return;
        }
        if (wanted) {
            objectUpdated(key, object);
            m_pendingInserts << key;
            m_pendingSource.insert(key, informer);
            schedulePending();
        }
        return;
    }
    if (m_source.value(key) != informer)
        return; // the same key from another informer: the first one shown keeps it
    if (!wanted) {
        removeRowOf(key);
        return;
    }
    objectUpdated(key, object);
    m_pendingChanges.insert(key);
    schedulePending();
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

void InformerTableModel::addTimeViewer(QObject* owner, VisibleRows visibleRows)
{
    m_timeViewers.append({owner, std::move(visibleRows)});
}

void InformerTableModel::timesChanged(int first, int last)
{
    if (m_keys.isEmpty())
        return;
    // DisplayRole only: the sort keys of time columns (creation, start) do not change with the
    // clock, and leaving SortRole out spares the proxy a re-sort of every row each second.
    const QList<int> roles{Qt::DisplayRole};
    m_timeViewers.removeIf([](const TimeViewer& v) { return !v.owner; });
    bool shown = false;
    QList<int> rows;
    for (const TimeViewer& viewer : std::as_const(m_timeViewers)) {
        if (const std::optional<QList<int>> visible = viewer.visibleRows()) {
            shown = true;
            rows += *visible;
        }
    }
    if (!shown) {
        emit dataChanged(index(0, first), index(int(m_keys.size()) - 1, last), roles);
        return;
    }
    // Only what is on screen: every other row is read again when it is scrolled into view.
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows.removeIf([this](int row) { return row < 0 || row >= m_keys.size(); });
    forEachRun(rows, [&](int top, int bottom) { emit dataChanged(index(top, first), index(bottom, last), roles); });
}

} // namespace model
