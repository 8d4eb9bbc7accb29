#pragma once

#include "logstream.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QPlainTextEdit;

namespace kube {
class KubeClient;
}

namespace ui {

/// Shows one container's log as it streams (kube::LogStream with follow), with the pod, container
/// and stream state in a header ("waiting to start", "following", "ended"), INFO/WARN/ERROR
/// colouring and an auto-scroll toggle. Keeps the newest 200,000 lines.
class LogPane : public QWidget {
    Q_OBJECT
public:
    explicit LogPane(QWidget* parent = nullptr);

    void setClient(kube::KubeClient* client);
    /// Follows `container` of `ns`/`pod`; does nothing when that is already followed.
    void follow(const QString& ns, const QString& pod, const QString& container);
    /// Stops following and clears the view, showing `hint`.
    void clear(const QString& hint = {});

    /// The text shown (for tests and copy).
    QString text() const;
    /// "ns/pod/container" being followed, empty when none.
    QString target() const;
    kube::LogStream::State streamState() const;

private:
    void updateHeader();

    QPointer<kube::KubeClient> m_client;
    kube::LogStream* m_stream = nullptr;
    QLabel* m_header;
    QCheckBox* m_autoScroll;
    QPlainTextEdit* m_view;
    QString m_hint;
};

} // namespace ui
