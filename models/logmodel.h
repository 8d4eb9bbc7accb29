#pragma once

#include <QAbstractListModel>
#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

class QIODevice;

namespace model {

struct LogPage;
class LogSpillFile;

/// Where a page of log lines is: in memory, or in the spill file (see LogModel).
struct LogPageRef {
    qint64 first = 0;                     ///< index of its first line since the model was cleared
    qint32 lines = 0;
    std::shared_ptr<const LogPage> page;  ///< null when the page is in the spill file
    qint64 fileOffset = -1;               ///< where it starts in the spill file, -1 when never written
    qint32 textBytes = 0;                 ///< bytes of its text (lines with their '\n')
};

/// The lines of one container log, for a list view that stays fast and bounded with tens of millions
/// of lines.
/// - Text is kept as UTF-8 in pages of about 1 MiB: every line followed by '\n', a 32-bit start
///   offset a line, the kubelet's timestamp (int64 ns since the epoch, -1 when absent) and a level
///   byte beside it: line length + 14 bytes a line. No QString is kept; data() decodes the row asked
///   for (invalid UTF-8 shows as U+FFFD).
/// - When the text held in memory exceeds memoryLimit(), the oldest pages are written to a temporary
///   file (the spill file, in spillDirectory()) and read back on demand through a small cache, so
///   memory stays bounded; spilledLines() says how many lines are on disk. The file is removed by
///   clear() and by the destructor (or, while a search still reads a snapshot, when that ends).
///   When the file cannot be written (disk full), lines stay in memory and spillError() says why.
/// - Beyond maxLines() the oldest lines are dropped.
/// Each line has a level (from log4j-style INFO/WARN/ERROR words) for colouring, and Java
/// stack-trace lines are marked so views can dim them. Lives in one thread (the GUI's); snapshot()
/// and search() let a worker thread search.
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
    ~LogModel() override;

    /// Appends `lines` (with `nanos[i]` their timestamps, or empty for none). A line must not
    /// contain '\n' (it would become two lines).
    void append(const QStringList& lines, const QList<qint64>& nanos = {});
    /// Appends UTF-8 text of lines, each ending in '\n' (a last line without one counts as a line
    /// too); a '\r' before a '\n' is dropped; bytes that are not UTF-8 are kept as they are.
    /// `nanos[i]` is line i's timestamp (ns since the epoch, -1 or missing for none). This is the
    /// fast path: no QString per line. Drops the oldest lines beyond maxLines() and spills beyond
    /// memoryLimit().
    void appendUtf8(QByteArrayView lines, const QList<qint64>& nanos = {});
    /// Removes every line and the spill file.
    void clear();
    /// With timestamps shown, DisplayRole starts with the RFC 3339 time (UTC, ms precision).
    void setShowTimestamps(bool show);
    bool showTimestamps() const { return m_showTimestamps; }
    /// Most lines kept (default 20,000,000); older ones are dropped, a tenth of the limit at a time.
    void setMaxLines(qsizetype max) { m_maxLines = max; }
    qsizetype maxLines() const { return m_maxLines; }

    /// Bytes of line text kept in memory (default 256 MiB) before the oldest pages are spilled to
    /// disk. Small values (tests) also make the pages small: a page holds about a tenth of the
    /// limit, 1 MiB at most and 64 bytes at least. Set it while the model is empty.
    void setMemoryLimit(qint64 bytes);
    qint64 memoryLimit() const { return m_memoryLimit; }
    /// Directory of the spill file (default QDir::tempPath()).
    void setSpillDirectory(const QString& dir) { m_spillDir = dir; }
    QString spillDirectory() const;
    /// Lines (of rowCount()) whose text is in the spill file, 0 when none.
    qsizetype spilledLines() const;
    /// Path of the spill file, empty when there is none.
    QString spillFilePath() const;
    /// Why the spill file could not be written (lines then stay in memory), empty when it could.
    QString spillError() const { return m_spillError; }

    /// The text of `row` without timestamp.
    QString line(int row) const;
    /// The UTF-8 bytes of `row` without timestamp and '\n' (empty for a bad row).
    QByteArray lineUtf8(int row) const;
    /// All lines joined with "\n" (timestamps as shown), for copy. With millions of lines prefer
    /// writeTo().
    QString text(const QList<int>& rows = {}) const;
    /// Writes every line (timestamps as shown), each followed by '\n', to `out` as UTF-8; false when
    /// a write failed (out->errorString() says why).
    bool writeTo(QIODevice* out) const;
    /// Bytes held in memory for the lines (text + offsets + timestamps + levels, as allocated), for
    /// the benchmark's memory figure. Spilled pages are not counted.
    qsizetype byteSize() const;

    /// A copy of the lines (sharing the model's pages, so taking it is cheap) that search() can read
    /// on another thread while the model keeps appending on its own. It keeps the spill file alive.
    struct Snapshot {
        QList<LogPageRef> pages;
        std::shared_ptr<LogSpillFile> file;
        qint64 first = 0;   ///< index of row 0 in the pages
        qsizetype rows = 0;
    };
    Snapshot snapshot() const;
    /// Rows of `snapshot` (ascending) whose text contains `pattern` (plain; case-insensitive unless
    /// `caseSensitive`, ASCII letters by ASCII rules, others by Unicode simple case folding) or
    /// matches it as a Perl-compatible regular expression (PCRE2, UTF-8, the syntax of
    /// QRegularExpression), each line matched on its own. Reads the UTF-8 directly: no copy of the
    /// text. Pure function of its arguments, so it may run on any thread (the log viewer runs it
    /// with QtConcurrent::run). An invalid regular expression gives no rows and sets `error`; so
    /// does a spill file that cannot be read (then the rows found so far are returned).
    static QList<int> search(const Snapshot& snapshot, const QString& pattern, bool regex, bool caseSensitive,
                             QString* error = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    /// The level of a line of text (exposed for tests).
    static Level levelOf(QByteArrayView line);

signals:
    /// spilledLines() changed (lines were written to disk, dropped or cleared).
    void spilledLinesChanged();

private:
    struct Located {
        std::shared_ptr<const LogPage> page;
        qsizetype index = -1; // line in the page
    };
    Located locate(int row) const;
    std::shared_ptr<const LogPage> load(qsizetype pageIndex) const;
    void addLine(QByteArrayView line, qint64 nanos);
    void sealTail();
    void spillOldest();
    void dropOldest(qsizetype count);
    QString formatted(int row) const;

    QList<LogPageRef> m_pages;        // oldest first; the last one is the tail being filled
    std::shared_ptr<LogPage> m_tail;  // == m_pages.last().page while it is in memory
    std::shared_ptr<LogSpillFile> m_file;
    qint64 m_first = 0;               // index of row 0 in the pages (lines dropped before it)
    qint64 m_end = 0;                 // index after the last line in the pages
    qsizetype m_rows = 0;
    qsizetype m_spilledPages = 0;     // m_pages[0, m_spilledPages) are on disk
    qint64 m_memoryBytes = 0;         // text bytes of the pages in memory
    qint64 m_memoryLimit = 256LL << 20;
    qint32 m_pageBytes = 1 << 20;
    QString m_spillDir;
    QString m_spillError;
    bool m_spillChanged = false;      // spilledLines() changed during this append
    bool m_showTimestamps = false;
    qsizetype m_maxLines = 20'000'000;
    // Spilled pages read back for data(): the most recently used first.
    mutable QList<std::pair<qint64, std::shared_ptr<const LogPage>>> m_cache;
    mutable qsizetype m_lastPage = 0; // page of the last row looked up (scrolling is local)
};

} // namespace model
