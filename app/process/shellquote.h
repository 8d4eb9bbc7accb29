#pragma once

#include <QString>
#include <QStringList>

namespace proc {

/// `argument` as one word for a POSIX shell (sh, bash, zsh): unchanged when it consists only of
/// characters no shell treats specially (letters, digits and @%+=:,./_-), else in single quotes,
/// with each ' written as '\''. An empty argument becomes ''.
QString shellQuote(const QString& argument);

/// `program` and `arguments` as one command line to paste into a POSIX shell, each word quoted
/// with shellQuote() and separated by one space.
QString shellCommandLine(const QString& program, const QStringList& arguments);

} // namespace proc
