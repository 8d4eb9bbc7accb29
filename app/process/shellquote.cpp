#include "app/process/shellquote.h"

namespace proc {

namespace {
bool isPlain(QChar c)
{
    if (c.unicode() >= 128)
        return false;
    return c.isLetterOrNumber() || QStringLiteral("@%+=:,./_-").contains(c);
}
} // namespace

QString shellQuote(const QString& argument)
{
    if (argument.isEmpty())
        return QStringLiteral("''");
    if (std::all_of(argument.begin(), argument.end(), isPlain))
        return argument;
    QString quoted = argument;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString shellCommandLine(const QString& program, const QStringList& arguments)
{
    QStringList words{shellQuote(program)};
    for (const QString& a : arguments)
        words << shellQuote(a);
    return words.join(QLatin1Char(' '));
}

} // namespace proc
