#pragma once

#include <QObject>

#include <functional>

namespace cli {

/// Calls `then` once, from the event loop of the main thread, when the process gets SIGINT
/// (Ctrl-C) or SIGTERM, for commands that follow something until the user stops them (`list -w`,
/// `events -f`). The signals are caught through a self-pipe (the handler only writes one byte), so
/// `then` may do anything. Without a call the signals keep their default action (the process
/// ends). Nothing is called when `context` is destroyed first. Install once per process.
void onInterrupt(QObject* context, std::function<void()> then);

} // namespace cli
