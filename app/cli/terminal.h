#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdio>

namespace cli {

/// Colours of the command line's output (ANSI SGR codes).
enum class Colour { None, Red, Green, Yellow, Blue, Cyan, Grey, Bold };

/// The colour of an application state (status.applicationState.state, "" = new) in tables and
/// progress lines: COMPLETED green, FAILED / SUBMISSION_FAILED / *_FAILING red, RUNNING blue,
/// PENDING_RERUN / INVALIDATING / UNKNOWN yellow, the rest none.
Colour colourOfState(const QString& state);

/// Standard output and standard error of one command. Colour is used only when the stream is a
/// terminal, `NO_COLOR` is unset (per no-color.org: any value turns it off) and TERM is not "dumb";
/// `forceColour` is for tests. Text is written as UTF-8; nothing is buffered beyond stdio.
class Terminal {
public:
    Terminal(std::FILE* out = stdout, std::FILE* err = stderr);

    /// Writes `text` to standard output as it is (no newline added) and flushes.
    void print(const QString& text);
    /// Writes `text` and a newline to standard output.
    void line(const QString& text = {});
    /// Writes `text` and a newline to standard error.
    void error(const QString& text);
    /// Writes raw bytes to standard output (log lines, YAML) and flushes.
    void write(const QByteArray& bytes);

    /// `text` wrapped in the colour's escape codes when standard output takes colour, else as is.
    QString paint(const QString& text, Colour colour) const;
    /// The same for standard error.
    QString paintError(const QString& text, Colour colour) const;
    bool colourOut() const { return m_colourOut; }
    /// Whether standard output is a terminal (progress lines rewrite themselves only there).
    bool outIsTerminal() const { return m_outTty; }
    /// Whether standard input is a terminal (a question can be asked).
    static bool stdinIsTerminal();
    /// Asks `question` on standard error and reads a line from standard input; true for "y" or
    /// "yes" (any case). False when standard input is not a terminal or at end of input.
    bool confirm(const QString& question);
    /// For tests: colour on both streams whatever they are.
    void forceColour(bool on);

private:
    std::FILE* m_out;
    std::FILE* m_err;
    bool m_outTty = false;
    bool m_colourOut = false;
    bool m_colourErr = false;
};

/// One cell of a Table: its text and colour.
struct Cell {
    Cell(const QString& t = {}, Colour c = Colour::None) : text(t), colour(c) {}
    Cell(const char* t) : text(QString::fromUtf8(t)) {}
    QString text;
    Colour colour = Colour::None;
};

/// A table aligned as kubectl prints one: upper-case headers, columns padded to their widest
/// cell (by characters, colour codes not counted) and three spaces apart, the last column not
/// padded, no trailing spaces.
class Table {
public:
    explicit Table(QStringList headers);
    void addRow(const QList<Cell>& cells);
    int rowCount() const { return int(m_rows.size()); }
    /// The table as lines ending in "\n", the header first; with `noHeaders` without it.
    QString render(const Terminal& terminal, bool noHeaders = false) const;

private:
    QStringList m_headers;
    QList<QList<Cell>> m_rows;
};

} // namespace cli
