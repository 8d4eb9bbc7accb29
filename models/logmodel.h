#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QList>
#include <QRegularExpression>

#include <functional>

namespace model {

/// The lines of one container log, for a list view that stays fast with millions of lines: text is
/// kept as UTF-8 in one buffer with an offset per line (about line length + 16 bytes a line), the
/// kubelet's timestamp per line (ns since the epoch, -1 when absent) beside it. Rows are appended
/// in batches. Each line has a level (from log4j-style INFO/WARN/ERROR words) for colouring, and
/// Java stack-trace lines are marked so views can dim them.
class LogModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Level { Plain, Debug, Info, Warn, Error, StackTrace };
    Q_ENUM(Level)
    enum Role {
        LevelRole = Qt::UserRole + 1, ///< Level
        TimestampRole,                ///< qint64 ns since the epoch, -1 when unknown
        LineRole,                     ///< QString, the line without its timestamp
    };

    explicit LogModel(QObject* parent = nullptr);

    /// Appends `lines` (with `nanos[i]` their timestamps, or empty for none). Drops the oldest lines
    /// when more than maxLines() are kept.
    void append(const QStringList& lines, const QList<qint64>& nanos = {});
    void clear();
    /// With timestamps shown, DisplayRole starts with the RFC 3339 time (UTC, ms precision).
    void setShowTimestamps(bool show);
    bool showTimestamps() const { return m_showTimestamps; }
    void setMaxLines(qsizetype max) { m_maxLines = max; }
    qsizetype maxLines() const { return m_maxLines; }

    /// The text of `row` without timestamp.
    QString line(int row) const;
    /// All lines joined with "\n" (timestamps as shown), for save and copy.
    QString text(const QList<int>& rows = {}) const;
    /// Bytes held for the lines (text + offsets + timestamps), for the benchmark's memory figure.
    qsizetype byteSize() const;

    /// A copy of the lines (implicitly shared, so taking it is cheap) that search() can read on
    /// another thread while the model keeps appending on its own.
    struct Snapshot {
        QByteArray text;
        QList<qsizetype> offsets;
    };
    Snapshot snapshot() const;
    /// Rows of `snapshot` whose text contains `pattern` (plain, case-insensitive unless
    /// `caseSensitive`) or matches it as a regular expression. Pure function of its arguments, so it
    /// may run on any thread (the log viewer runs it with QtConcurrent::run). An invalid regular
    /// expression gives no rows and sets `error`.
    static QList<int> search(const Snapshot& snapshot, const QString& pattern, bool regex, bool caseSensitive,
                             QString* error = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    /// The level of a line of text (exposed for tests).
    static Level levelOf(QByteArrayView line);

private:
    void dropOldest(qsizetype count);

    QByteArray m_text;           // every line's UTF-8, back to back
    QList<qsizetype> m_offsets;  // start of each line in m_text; line i ends at offsets[i+1] or m_text.size()
    QList<qint64> m_nanos;
    QList<quint8> m_levels;
    bool m_showTimestamps = false;
    qsizetype m_maxLines = 2'000'000;
};

} // namespace model
