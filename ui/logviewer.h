#pragma once

#include "app/kube/logstream.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QSpinBox;
class QToolButton;

namespace kube {
class KubeClient;
}
namespace model {
class LogModel;
class PodsModel;
}
namespace session {
class LogSession;
}

namespace ui {

/// The log viewer: pick the driver or an executor pod and its container; follow, previous
/// container, tail lines and since-time; timestamps and wrapping on or off; search with
/// highlighting, next/previous and a regex option; log levels coloured and stack traces dimmed;
/// save to a file; copy the selection. Backed by model::LogModel in a uniform-height list view, so
/// a million lines stay responsive; searches run on a worker thread. A log bigger than the model's
/// memory limit keeps its oldest lines in a temporary file, and the header says how many ("3000
/// lines, 2500 lines on disk"); scrolling, search and save still cover every line. When the
/// followed pod is deleted (a re-run, Spark's cleanup of executors), it leaves the pod picker, its
/// log stays shown and the header says that it was deleted; a driver pod created after it (a
/// re-run's) is then followed, and the header says so. The reading is session::LogSession's (session()); the viewer
/// renders its model and state and turns the controls into its calls.
class LogViewer : public QWidget {
    Q_OBJECT
public:
    explicit LogViewer(QWidget* parent = nullptr);
    ~LogViewer() override;

    void setClient(kube::KubeClient* client);
    /// Offers the pods of `pods` in the pod picker (kept in step as pods come and go).
    void setPods(model::PodsModel* pods);
    /// Follows `container` of `ns`/`pod` with the current options; does nothing when that is
    /// already followed (unless it failed for good: then it tries again).
    void follow(const QString& ns, const QString& pod, const QString& container);
    /// Stops following and clears the view, showing `hint`.
    void clear(const QString& hint = {});

    /// The text shown (lines joined with "\n"), for tests and copy.
    QString text() const;
    /// "ns/pod/container" being followed, empty when none.
    QString target() const;
    kube::LogStream::State streamState() const;
    model::LogModel* model() const { return m_model; }
    session::LogSession* session() const { return m_session; }
    QListView* view() const { return m_view; }
    QLineEdit* searchEdit() const { return m_search; }
    /// Rows matching the last finished search.
    QList<int> matches() const { return m_matches; }
    /// The row the search selected, -1 when none.
    int currentMatch() const;

public slots:
    void findNext();
    void findPrevious();
    /// Writes the log (as shown) to `path`; false and `error` set when it cannot.
    bool saveTo(const QString& path, QString* error);
    void copySelection();
    /// Re-opens the stream with the current options (after changing tail, since or previous).
    void reopen();

signals:
    /// The search finished: `count` matching lines (0, and "invalid pattern" shown beside the
    /// search box, when the regular expression does not parse).
    void searchFinished(int count);

private:
    void startSearch();
    void updateHeader();
    void onPodPicked();
    void fillContainers();
    /// Shows the followed pod as picked (after follow() or a new driver the session followed).
    void showTarget();
    /// Forgets the search results of the log shown.
    void resetMatches();
    /// The options of the controls, for the session.
    void applyOptions();
    /// The Name cell of `pod` in the pods model (invalid when it is not there).
    QModelIndex podIndex(const QString& pod) const;
    void jumpTo(int matchIndex);

    session::LogSession* m_session;
    QPointer<model::PodsModel> m_pods;
    model::LogModel* m_model;
    QString m_ns;
    QString m_hint;
    QList<int> m_matches;
    int m_matchIndex = -1;
    QFutureWatcher<QList<int>> m_searchWatcher;
    QString m_highlight;          // what the delegate highlights
    bool m_highlightRegex = false;
    bool m_highlightCase = false;
    bool m_searchAgain = false;

    QComboBox* m_pod;
    QComboBox* m_container;
    QCheckBox* m_followBox;
    QCheckBox* m_previous;
    QSpinBox* m_tail;
    QComboBox* m_since;
    QCheckBox* m_timestamps;
    QCheckBox* m_wrap;
    QLineEdit* m_search;
    QCheckBox* m_regex;
    QCheckBox* m_case;
    QLabel* m_matchLabel;
    QLabel* m_header;
    QListView* m_view;
};

} // namespace ui
