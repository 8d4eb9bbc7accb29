#pragma once

#include "ui/setup/setuppage.h"

#include <QElapsedTimer>
#include <QHash>

class QProgressBar;
class QPushButton;
class QTableWidget;

namespace setup {
class ToolDownload;
}

namespace ui {

/// 1. Prerequisites: Docker answers, kind, kubectl and helm are installed (a table with each tool's
/// status and what to do), and this machine's CPUs and free memory. The checks run when the page
/// is first shown and on Re-check; the page's "sparkdeckReady" property tells whether all passed.
/// A missing kind, kubectl or helm gets a "Download" button in its row (objectName
/// "download-<tool>", with the progress bar "downloadProgress-<tool>") and all of them "Download
/// missing tools" ("downloadMissingButton"): setup::ToolDownload fetches the pinned release into
/// the tools directory with its progress in the row, the button turns into Cancel while it runs,
/// and when it is installed the checks run again and find it there.
class PrerequisitesPage : public SetupPage {
    Q_OBJECT
public:
    explicit PrerequisitesPage(setup::SetupSession* session, QWidget* parent = nullptr);

    /// How long each check may run before it is stopped and shown as not answering; applies from
    /// the next run.
    void setCheckTimeout(int ms) { m_checkTimeoutMs = ms; }
    /// Checks again (nothing happens while the checks run).
    void runChecks();
    bool isReady() const;

    void initializePage() override;

private:
    /// One downloadable tool's row: its button, progress bar and download (created on first use).
    struct Download {
        int row = -1;
        QWidget* cell = nullptr;
        QPushButton* button = nullptr;
        QProgressBar* progress = nullptr;
        setup::ToolDownload* download = nullptr;
        bool missing = false;
    };
    void addDownloadCell(int row, const QString& tool);
    void startOrCancelDownload(const QString& tool);
    void onDownloadFinished(const QString& tool);
    void updateDownloadButtons();
    bool anyDownloadRunning() const;

    QHash<QString, Download> m_downloads;
    QPushButton* m_downloadMissing = nullptr;
    bool m_recheckAfterDownloads = false;
    QElapsedTimer m_downloadClock; ///< since the first of the downloads now running started
    QTableWidget* m_tools;
    QLabel* m_resources;
    int m_checkTimeoutMs = setup::kPrerequisiteTimeoutMs;
};

} // namespace ui
