#include "app/cli/terminal.h"

#include <QRegularExpression>

#include <cstring>
#include <unistd.h>

namespace cli {

namespace {

bool colourAllowed(std::FILE* stream)
{
    if (!qEnvironmentVariableIsEmpty("NO_COLOR") || qEnvironmentVariable("TERM") == QLatin1String("dumb"))
        return false;
    return ::isatty(::fileno(stream)) == 1;
}

const char* sgr(Colour colour)
{
    switch (colour) {
    case Colour::Red: return "\x1b[31m";
    case Colour::Green: return "\x1b[32m";
    case Colour::Yellow: return "\x1b[33m";
    case Colour::Blue: return "\x1b[34m";
    case Colour::Cyan: return "\x1b[36m";
    case Colour::Grey: return "\x1b[90m";
    case Colour::Bold: return "\x1b[1m";
    case Colour::None: break;
    }
    return "";
}

QString painted(const QString& text, Colour colour, bool on)
{
    if (!on || colour == Colour::None || text.isEmpty())
        return text;
    return QLatin1String(sgr(colour)) + text + QLatin1String("\x1b[0m");
}

void put(std::FILE* stream, const QByteArray& bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

Colour colourOfState(const QString& state)
{
    if (state == QLatin1String("COMPLETED"))
        return Colour::Green;
    if (state == QLatin1String("FAILED") || state == QLatin1String("SUBMISSION_FAILED") || state.endsWith(QLatin1String("_FAILING")))
        return Colour::Red;
    if (state == QLatin1String("RUNNING"))
        return Colour::Blue;
    if (state == QLatin1String("PENDING_RERUN") || state == QLatin1String("INVALIDATING") || state == QLatin1String("UNKNOWN"))
        return Colour::Yellow;
    return Colour::None;
}

Terminal::Terminal(std::FILE* out, std::FILE* err)
    : m_out(out), m_err(err), m_outTty(::isatty(::fileno(out)) == 1), m_colourOut(colourAllowed(out)), m_colourErr(colourAllowed(err))
{
}

void Terminal::print(const QString& text) { put(m_out, text.toUtf8()); }
void Terminal::line(const QString& text) { put(m_out, (text + QLatin1Char('\n')).toUtf8()); }
void Terminal::error(const QString& text) { put(m_err, (text + QLatin1Char('\n')).toUtf8()); }
void Terminal::write(const QByteArray& bytes) { put(m_out, bytes); }

QString Terminal::paint(const QString& text, Colour colour) const { return painted(text, colour, m_colourOut); }
QString Terminal::paintError(const QString& text, Colour colour) const { return painted(text, colour, m_colourErr); }

bool Terminal::stdinIsTerminal() { return ::isatty(STDIN_FILENO) == 1; }

bool Terminal::confirm(const QString& question)
{
    if (!stdinIsTerminal())
        return false;
    put(m_err, (question + QStringLiteral(" [y/N] ")).toUtf8());
    char buffer[64] = {};
    if (!std::fgets(buffer, sizeof buffer, stdin))
        return false;
    const QString answer = QString::fromLocal8Bit(buffer).trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes");
}

void Terminal::forceColour(bool on)
{
    m_colourOut = on;
    m_colourErr = on;
}

Table::Table(QStringList headers) : m_headers(std::move(headers)) {}

void Table::addRow(const QList<Cell>& cells) { m_rows.append(cells); }

QString Table::render(const Terminal& terminal, bool noHeaders) const
{
    const int columns = int(m_headers.size());
    QList<qsizetype> widths(columns, 0);
    if (!noHeaders) {
        for (int c = 0; c < columns; ++c)
            widths[c] = m_headers.at(c).size();
    }
    for (const auto& row : m_rows) {
        for (int c = 0; c < columns && c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).text.size());
    }
    QString out;
    auto emitRow = [&](const QList<Cell>& row) {
        QString line;
        for (int c = 0; c < columns; ++c) {
            const Cell cell = c < row.size() ? row.at(c) : Cell();
            line += terminal.paint(cell.text, cell.colour);
            if (c + 1 < columns)
                line += QString(widths[c] - cell.text.size() + 3, QLatin1Char(' '));
        }
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out += line + QLatin1Char('\n');
    };
    if (!noHeaders) {
        QList<Cell> header;
        for (const QString& h : m_headers)
            header.append(Cell(h.toUpper()));
        emitRow(header);
    }
    for (const auto& row : m_rows)
        emitRow(row);
    return out;
}

} // namespace cli
