// Placeholder so the tree builds while the store is being written: every call fails.
#include "app/history/historystore.h"
#include <QStandardPaths>

namespace history {

QString HistoryStore::defaultPath()
{
    const QString env = qEnvironmentVariable("SPARKDECK_HISTORY_DB");
    if (!env.isEmpty())
        return env;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/history.sqlite");
}
qint64 HistoryStore::defaultSizeLimitBytes() { return 256ll << 20; }
HistoryStore::HistoryStore(QString path, QObject* parent) : QObject(parent), m_path(std::move(path)), m_sizeLimit(defaultSizeLimitBytes()) {}
HistoryStore::~HistoryStore() = default;
bool HistoryStore::open() { m_error = tr("not implemented"); return false; }
bool HistoryStore::isOpen() const { return false; }
int HistoryStore::schemaVersion() { return 1; }
qint64 HistoryStore::record(const Run&, const QByteArray&) { return 0; }
bool HistoryStore::markGone(const QString&, const QString&, const QStringList&) { return false; }
QList<Run> HistoryStore::runs(const RunQuery&) const { return {}; }
std::optional<Run> HistoryStore::run(qint64) const { return std::nullopt; }
std::optional<Run> HistoryStore::latest(const QString&, const QString&, const QString&) const { return std::nullopt; }
QByteArray HistoryStore::driverLog(qint64) const { return {}; }
bool HistoryStore::remove(qint64) { return false; }
void HistoryStore::setSizeLimitBytes(qint64 bytes) { m_sizeLimit = bytes; }
qint64 HistoryStore::sizeBytes() const { return 0; }
bool HistoryStore::exportBundle(qint64, const QString&) { return false; }

} // namespace history
