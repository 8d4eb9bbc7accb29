#pragma once

// What this test process has started that is still there, read from /proc (Linux): every
// descendant (children, grandchildren, ...) and the children left as zombies (exited, never reaped
// with waitpid). Tests use it to prove that nothing outlives a step.

#include <QDir>
#include <QFile>
#include <QHash>
#include <QStringList>

#include <unistd.h>

struct ProcessEntry {
    int pid = 0;
    int ppid = 0;
    char state = '?';  ///< R, S, D, Z (zombie), T, ...
    QString command;   ///< the command line, arguments separated by spaces (a zombie's is empty)
    QString describe() const { return QStringLiteral("%1 %2 [%3]").arg(pid).arg(QLatin1Char(state)).arg(command); }
};

/// Every process below this one (any depth), as found in /proc now.
inline QList<ProcessEntry> descendantProcesses()
{
    QHash<int, ProcessEntry> all;
    for (const QString& name : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool isPid = false;
        const int pid = name.toInt(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid ...": comm may contain spaces and parentheses, so split after the last ')'.
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 2)
            continue;
        ProcessEntry e;
        e.pid = pid;
        e.state = fields[0].isEmpty() ? '?' : fields[0][0];
        e.ppid = fields[1].toInt();
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (cmdline.open(QIODevice::ReadOnly))
            e.command = QString::fromUtf8(cmdline.readAll().replace('\0', ' ')).trimmed();
        all.insert(pid, e);
    }
    QList<ProcessEntry> out;
    QList<int> parents{int(::getpid())};
    while (!parents.isEmpty()) {
        const int parent = parents.takeFirst();
        for (const ProcessEntry& e : std::as_const(all)) {
            if (e.ppid == parent) {
                out << e;
                parents << e.pid;
            }
        }
    }
    return out;
}

/// The descendants as "pid state [command]" lines, for a failure message ("" when there are none).
inline QString describeDescendants()
{
    QStringList lines;
    for (const ProcessEntry& e : descendantProcesses())
        lines << e.describe();
    return lines.join(QLatin1Char('\n'));
}

/// Children of this process that exited but were never reaped.
inline int zombieChildren()
{
    int count = 0;
    for (const ProcessEntry& e : descendantProcesses())
        if (e.state == 'Z' && e.ppid == int(::getpid()))
            ++count;
    return count;
}
