#pragma once

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>
#include <QStringList>
#include <QTimer>

namespace kube {

/// Notices when any of a list of kubeconfig files changes on disk: edited in place, replaced
/// atomically (written elsewhere and renamed over, as kubectl, kind and aws eks update-kubeconfig
/// do), created (a KUBECONFIG entry that did not exist yet) or removed. Watches each file and its
/// directory, re-arms a file's watch after a replace, and compares the files' contents so that
/// unrelated changes in the same directory are ignored. Lives in the thread that created it and
/// emits changed() there, from the event loop. It has no errors: an unreadable file counts as
/// changed content, and loading it (Kubeconfig::load) reports what is wrong.
class KubeconfigWatcher : public QObject {
    Q_OBJECT
public:
    explicit KubeconfigWatcher(QObject* parent = nullptr);

    /// Starts watching `files` (absolute or relative paths; missing ones are watched for
    /// creation), replacing the previous list. Their current contents are the baseline.
    void setFiles(const QStringList& files);
    QStringList files() const { return m_files; }

signals:
    /// The contents of one or more of the files differ from when they were last seen; emitted
    /// once per burst of changes, about `kSettleMs` after the last one, in the watcher's thread.
    void changed();

public:
    static constexpr int kSettleMs = 300;

private:
    void onPathChanged();
    void check();
    void arm();
    QByteArray fingerprint() const;

    QStringList m_files;
    QByteArray m_fingerprint;
    QFileSystemWatcher m_watcher;
    QTimer m_settle;
};

} // namespace kube
