#include "app/kube/kubeconfigwatcher.h"

#include "app/kube/kubeconfig.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace kube {

KubeconfigWatcher::KubeconfigWatcher(QObject* parent)
    : QObject(parent)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, &KubeconfigWatcher::check);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &KubeconfigWatcher::onPathChanged);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &KubeconfigWatcher::onPathChanged);
}

void KubeconfigWatcher::setFiles(const QStringList& files)
{
    m_files.clear();
    for (const QString& f : files)
        m_files << QFileInfo(f).absoluteFilePath();
    if (!m_watcher.files().isEmpty())
        m_watcher.removePaths(m_watcher.files());
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    arm();
    m_fingerprint = fingerprint();
}

void KubeconfigWatcher::onPathChanged()
{
    arm(); // a file replaced by a rename is a new file: watch it again
    m_settle.start();
}

void KubeconfigWatcher::arm()
{
    const QStringList watchedFiles = m_watcher.files();
    const QStringList watchedDirs = m_watcher.directories();
    for (const QString& file : std::as_const(m_files)) {
        const QFileInfo info(file);
        if (info.exists() && !watchedFiles.contains(file))
            m_watcher.addPath(file);
        const QString dir = info.absolutePath();
        if (QFileInfo(dir).isDir() && !watchedDirs.contains(dir) && !m_watcher.directories().contains(dir))
            m_watcher.addPath(dir);
    }
}

void KubeconfigWatcher::check()
{
    const QByteArray now = fingerprint();
    if (now == m_fingerprint)
        return;
    m_fingerprint = now;
    emit changed();
}

QByteArray KubeconfigWatcher::fingerprint() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& file : m_files) {
        QFile f(file);
        hash.addData(file.toUtf8());
        // What the loader reads of it (no more than kMaxKubeconfigBytes + 1), and its size.
        hash.addData(f.open(QIODevice::ReadOnly) ? QByteArray("\x01" + QByteArray::number(f.size()) + ':' + f.read(kMaxKubeconfigBytes + 1))
                                                 : QByteArray("\x00", 1));
    }
    return hash.result();
}

} // namespace kube
