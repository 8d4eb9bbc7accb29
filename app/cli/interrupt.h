#pragma once

#include <QObject>

#include <functional>

class QSocketNotifier;

namespace cli {

/// Delivers SIGINT and SIGTERM as a Qt signal in the main thread's event loop (a self-pipe written
/// by the signal handler, read by a QSocketNotifier), so a command can stop cleanly. Installs the
/// handlers on construction and puts the default ones back when destroyed. One instance at a time.
class Interrupts : public QObject {
    Q_OBJECT
public:
    explicit Interrupts(QObject* parent = nullptr);
    ~Interrupts() override;

signals:
    /// SIGINT (Ctrl-C) or SIGTERM arrived; `signal` is its number.
    void interrupted(int signal);

private:
    QSocketNotifier* m_notifier = nullptr;
};

/// Calls `then` once, from the event loop of the main thread, when the process gets SIGINT
/// (Ctrl-C) or SIGTERM (an Interrupts owned by `context`), for commands that follow something until
/// the user stops them (`list -w`, `events -f`). Nothing is called when `context` is destroyed first.
void onInterrupt(QObject* context, std::function<void()> then);

} // namespace cli
