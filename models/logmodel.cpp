#include "models/logmodel.h"

#include "models/looks.h"

#include <QDir>
#include <QIODevice>
#include <QMutex>
#include <QRegularExpression>
#include <QTemporaryFile>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(Q_OS_LINUX)
#include <fcntl.h>
#endif

#include <algorithm>
#include <chrono>
#include <cstring>

namespace model {

/// One page of lines: their UTF-8 text back to back, each followed by '\n', and per line its start
/// in `text`, timestamp and level.
struct LogPage {
    QByteArray text;
    QList<quint32> starts;
    QList<qint64> nanos;
    QByteArray levels;

    qsizetype lines() const { return starts.size(); }
    /// End of line `i` in `text` (the position of its '\n').
    qsizetype endOf(qsizetype i) const { return (i + 1 < starts.size() ? qsizetype(starts[i + 1]) : text.size()) - 1; }
    QByteArrayView lineAt(qsizetype i) const { return {text.constData() + starts[i], endOf(i) - starts[i]}; }
};

/// The spill file: pages written one after the other (text, then starts, timestamps and levels),
/// read back by offset. Written in the model's thread and read in any (a search), so every access
/// holds the mutex. Removed when the last owner (model or snapshot) lets it go.
class LogSpillFile {
public:
    explicit LogSpillFile(const QString& dir)
        : m_file(dir + QStringLiteral("/sparkdeck-log-XXXXXX.spill"))
    {
    }
    bool open() { return m_file.open(); }
    QString path() const { return m_file.fileName(); }
    QString errorString() const { return m_file.errorString(); }

    /// Appends `page`; returns its offset, or -1 when it could not be written.
    qint64 write(const LogPage& page)
    {
        QMutexLocker lock(&m_mutex);
        const qint64 at = m_size;
        const qint64 bytes = page.text.size() + page.lines() * qint64(sizeof(quint32) + sizeof(qint64) + 1);
        if (!m_file.seek(at) || m_file.write(page.text) != page.text.size()
            || m_file.write(reinterpret_cast<const char*>(page.starts.constData()), page.lines() * qint64(sizeof(quint32)))
                   != page.lines() * qint64(sizeof(quint32))
            || m_file.write(reinterpret_cast<const char*>(page.nanos.constData()), page.lines() * qint64(sizeof(qint64)))
                   != page.lines() * qint64(sizeof(qint64))
            || m_file.write(page.levels) != page.levels.size() || !m_file.flush())
            return -1;
        m_size += bytes;
        return at;
    }

    /// Reads the page `ref` describes into `page`; false when it cannot.
    bool read(const LogPageRef& ref, LogPage* page)
    {
        QMutexLocker lock(&m_mutex);
        const qsizetype n = ref.lines;
        page->text.resize(ref.textBytes);
        page->starts.resize(n);
        page->nanos.resize(n);
        page->levels.resize(n);
        const bool read = m_file.seek(ref.fileOffset) && m_file.read(page->text.data(), ref.textBytes) == ref.textBytes
            && m_file.read(reinterpret_cast<char*>(page->starts.data()), n * qint64(sizeof(quint32))) == n * qint64(sizeof(quint32))
            && m_file.read(reinterpret_cast<char*>(page->nanos.data()), n * qint64(sizeof(qint64))) == n * qint64(sizeof(qint64))
            && m_file.read(page->levels.data(), n) == n;
        if (!read || n == 0 || page->starts[0] != 0 || !page->text.endsWith('\n'))
            return false;
        // Every line must lie in the text (a damaged file must not make a line run out of it).
        for (qsizetype i = 1; i < n; ++i)
            if (page->starts[i] <= page->starts[i - 1] || page->starts[i] >= quint32(ref.textBytes))
                return false;
        return true;
    }

    /// Gives the disk space of a page no longer needed back to the file system, where it can.
    void discard(const LogPageRef& ref)
    {
#if defined(Q_OS_LINUX) && defined(FALLOC_FL_PUNCH_HOLE)
        QMutexLocker lock(&m_mutex);
        const qint64 bytes = ref.textBytes + qint64(ref.lines) * qint64(sizeof(quint32) + sizeof(qint64) + 1);
        (void)fallocate(m_file.handle(), FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, ref.fileOffset, bytes);
#else
        Q_UNUSED(ref);
#endif
    }

private:
    QMutex m_mutex;
    QTemporaryFile m_file;
    qint64 m_size = 0;
};

namespace {

constexpr qsizetype kCachedPages = 8;

bool isAlnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// RFC 3339 in UTC with millisecond precision ("2026-11-21T19:31:39.123Z"), or 24 spaces for none.
QString formatNanos(qint64 nanos)
{
    if (nanos < 0)
        return QString(24, QLatin1Char(' '));
    const qint64 ms = nanos / 1'000'000;
    const qint64 seconds = ms / 1000;
    const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{seconds / 86400}}};
    const int sod = int(seconds % 86400);
    char buf[48];
    const int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(date.year()), unsigned(date.month()),
                                unsigned(date.day()), sod / 3600,
                                sod / 60 % 60, sod % 60, int(ms % 1000));
    return QString::fromLatin1(buf, n);
}

// A plain needle: bytes compared exactly, or ASCII letters compared in either case.
class LiteralMatcher {
public:
    LiteralMatcher(const QByteArray& needle, bool caseSensitive)
        : m_needle(needle)
        , m_masks(needle.size(), '\0')
    {
        if (!caseSensitive)
            for (qsizetype k = 0; k < m_needle.size(); ++k) {
                const char c = m_needle[k];
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
                    m_needle[k] = char(c | 0x20);
                    m_masks[k] = 0x20;
                }
            }
    }

    // Calls report(line) for each line of `page` in [first, last) containing the needle.
    template <typename Emit>
    void scan(const LogPage& page, qsizetype first, qsizetype last, Emit&& report) const
    {
        if (m_needle.contains('\n'))
            return; // lines never contain one
        const char* text = page.text.constData();
        const qsizetype end = page.endOf(last - 1) + 1;
        qsizetype pos = page.starts[first];
        qsizetype line = first;
        while (line < last) {
            const qsizetype hit = find(text, pos, end);
            if (hit < 0)
                return;
            // A hit never spans lines: the needle has no '\n'.
            line = std::upper_bound(page.starts.cbegin() + line, page.starts.cbegin() + last, quint32(hit)) - page.starts.cbegin() - 1;
            report(line);
            if (++line < last)
                pos = page.starts[line];
        }
    }

private:
    // First position in [from, to) where the needle starts, -1 when none. Candidates are the
    // positions where its first and last bytes match (16 at a time with SSE2), then verified.
    qsizetype find(const char* text, qsizetype from, qsizetype to) const
    {
        const qsizetype n = m_needle.size();
        const qsizetype lastStart = to - n;
        const char* needle = m_needle.constData();
        const char* masks = m_masks.constData();
        const char first = needle[0], last = needle[n - 1], firstMask = masks[0], lastMask = masks[n - 1];
        auto verify = [&](qsizetype at) {
            for (qsizetype k = 1; k + 1 < n; ++k)
                if (char(text[at + k] | masks[k]) != needle[k])
                    return false;
            return true;
        };
        qsizetype i = from;
#if defined(__SSE2__)
        const __m128i vFirst = _mm_set1_epi8(first), vLast = _mm_set1_epi8(last);
        const __m128i vFirstMask = _mm_set1_epi8(firstMask), vLastMask = _mm_set1_epi8(lastMask);
        for (; i + 15 <= lastStart; i += 16) {
            const __m128i a = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i)), vFirstMask);
            const __m128i b = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(text + i + n - 1)), vLastMask);
            unsigned mask = unsigned(_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, vFirst), _mm_cmpeq_epi8(b, vLast))));
            while (mask) {
                const qsizetype at = i + __builtin_ctz(mask);
                if (verify(at))
                    return at;
                mask &= mask - 1;
            }
        }
#endif
        for (; i <= lastStart; ++i)
            if (char(text[i] | firstMask) == first && char(text[i + n - 1] | lastMask) == last && verify(i))
                return i;
        return -1;
    }

    QByteArray m_needle; // ASCII letters lower-cased where m_masks has 0x20
    QByteArray m_masks;
};

// A regular expression (PCRE2, 8-bit, UTF-8) matched against each line on its own.
class RegexMatcher {
public:
    RegexMatcher(const QString& pattern, bool caseSensitive)
    {
        const QByteArray utf8 = pattern.toUtf8();
        int code = 0;
        PCRE2_SIZE offset = 0;
        // Invalid UTF-8 in a log never matches but does not stop the search.
        const uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_MULTILINE | (caseSensitive ? 0 : PCRE2_CASELESS);
        m_code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(utf8.constData()), utf8.size(), options, &code, &offset, nullptr);
        if (!m_code) {
            PCRE2_UCHAR buffer[256];
            pcre2_get_error_message(code, buffer, sizeof buffer);
            m_error = QStringLiteral("%1 (at character %2)").arg(QString::fromUtf8(reinterpret_cast<const char*>(buffer))).arg(offset + 1);
            return;
        }
        pcre2_jit_compile(m_code, PCRE2_JIT_COMPLETE); // without JIT, pcre2_match interprets
        m_data = pcre2_match_data_create_from_pattern(m_code, nullptr);
        m_context = pcre2_match_context_create(nullptr);
        m_stack = pcre2_jit_stack_create(32 * 1024, 8 * 1024 * 1024, nullptr);
        if (m_stack)
            pcre2_jit_stack_assign(m_context, nullptr, m_stack);
        // A pattern that can look outside the line (lookarounds, \A, \z, \G, \K, verbs, inline
        // options) is matched line by line; any other is searched for in the whole page and only a
        // match that runs into the next line is checked again on its line alone.
        static const QRegularExpression peeks(QStringLiteral(R"(\(\?|\(\*|\\[AzZGK])"));
        m_perLine = pattern.contains(peeks);
    }
    ~RegexMatcher()
    {
        pcre2_jit_stack_free(m_stack);
        pcre2_match_context_free(m_context);
        pcre2_match_data_free(m_data);
        pcre2_code_free(m_code);
    }
    RegexMatcher(const RegexMatcher&) = delete;
    RegexMatcher& operator=(const RegexMatcher&) = delete;

    QString error() const { return m_error; }

    template <typename Emit>
    void scan(const LogPage& page, qsizetype first, qsizetype last, Emit&& report)
    {
        const auto* text = reinterpret_cast<PCRE2_SPTR>(page.text.constData());
        if (m_perLine) {
            for (qsizetype line = first; line < last; ++line)
                if (matchLine(page, line))
                    report(line);
            return;
        }
        const qsizetype base = page.starts[first];
        const qsizetype length = page.endOf(last - 1) + 1 - base;
        qsizetype line = first;
        while (line < last) {
            const int rc = pcre2_match(m_code, text + base, length, page.starts[line] - base, 0, m_data, m_context);
            if (rc == PCRE2_ERROR_NOMATCH)
                return;
            if (rc < 0) { // e.g. a match limit: go on line by line
                for (; line < last; ++line)
                    if (matchLine(page, line))
                        report(line);
                return;
            }
            const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(m_data);
            const qsizetype start = base + qsizetype(ov[0]);
            const qsizetype end = base + qsizetype(ov[1]);
            if (start >= base + length)
                return;
            line = std::upper_bound(page.starts.cbegin() + line, page.starts.cbegin() + last, quint32(start)) - page.starts.cbegin() - 1;
            if (end <= page.endOf(line) || matchLine(page, line))
                report(line);
            ++line;
        }
    }

private:
    bool matchLine(const LogPage& page, qsizetype line)
    {
        const QByteArrayView v = page.lineAt(line);
        return pcre2_match(m_code, reinterpret_cast<PCRE2_SPTR>(v.data()), v.size(), 0, 0, m_data, m_context) >= 0;
    }

    pcre2_code* m_code = nullptr;
    pcre2_match_data* m_data = nullptr;
    pcre2_match_context* m_context = nullptr;
    pcre2_jit_stack* m_stack = nullptr;
    bool m_perLine = false;
    QString m_error;
};

// Runs `matcher` over the lines of `s`, reading spilled pages from its file.
template <typename Matcher>
QList<int> searchPages(const LogModel::Snapshot& s, Matcher& matcher, QString* error)
{
    QList<int> rows;
    LogPage buffer;
    const qint64 end = s.first + s.rows;
    for (const LogPageRef& ref : s.pages) {
        const qint64 lo = qMax(s.first, ref.first), hi = qMin(end, ref.first + ref.lines);
        if (lo >= hi)
            continue;
        const LogPage* page = ref.page.get();
        if (!page) {
            if (!s.file || !s.file->read(ref, &buffer)) {
                if (error)
                    *error = QObject::tr("Cannot read the part of the log kept on disk: %1").arg(s.file ? s.file->errorString() : QString());
                return rows;
            }
            page = &buffer;
        }
        const qint64 rowOfLine0 = ref.first - s.first;
        matcher.scan(*page, lo - ref.first, hi - ref.first, [&](qsizetype line) { rows << int(rowOfLine0 + line); });
    }
    return rows;
}

} // namespace

LogModel::LogModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

LogModel::~LogModel() = default;

LogModel::Level LogModel::levelOf(QByteArrayView line)
{
    // Java stack traces: "\tat x.y(Z.java:1)", "    at ...", "Caused by: ...", "\t... 12 more".
    qsizetype i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
        ++i;
    const QByteArrayView rest = line.sliced(i);
    if ((i > 0 && (rest.startsWith("at ") || rest.startsWith("... "))) || rest.startsWith("Caused by: "))
        return StackTrace;
    // The level words among the whole words of the first 80 bytes (log4j: "25/11/21 19:31:39 INFO
    // SparkContext: ..."), the most severe winning; one pass over the words.
    const qsizetype n = qMin<qsizetype>(line.size(), 80);
    const char* p = line.data();
    Level level = Plain;
    auto rank = [](Level l) { return l == Error ? 4 : l == Warn ? 3 : l == Info ? 2 : l == Debug ? 1 : 0; };
    for (qsizetype at = 0; at < n;) {
        if (!isAlnum(p[at])) {
            ++at;
            continue;
        }
        qsizetype end = at;
        while (end < n && isAlnum(p[end]))
            ++end;
        const QByteArrayView word(p + at, end - at);
        at = end;
        if (word.size() < 4 || word.size() > 7 || word[0] < 'A' || word[0] > 'W')
            continue;
        Level found = Plain;
        if (word == "ERROR" || word == "FATAL" || word == "SEVERE")
            return Error;
        if (word == "WARN" || word == "WARNING")
            found = Warn;
        else if (word == "INFO")
            found = Info;
        else if (word == "DEBUG" || word == "TRACE")
            found = Debug;
        if (rank(found) > rank(level))
            level = found;
    }
    return level;
}

void LogModel::setMemoryLimit(qint64 bytes)
{
    m_memoryLimit = qMax<qint64>(0, bytes);
    m_pageBytes = qint32(qBound(qint64(64), m_memoryLimit / 10, qint64(1) << 20));
}

QString LogModel::spillDirectory() const
{
    return m_spillDir.isEmpty() ? QDir::tempPath() : m_spillDir;
}

void LogModel::addLine(QByteArrayView line, qint64 nanos)
{
    const qsizetype need = line.size() + 1;
    if (!m_tail || (m_tail->lines() > 0 && m_tail->text.size() + need > m_pageBytes)) {
        if (m_tail)
            sealTail();
        m_tail = std::make_shared<LogPage>();
        m_tail->text.reserve(qMax<qsizetype>(m_pageBytes, need));
        LogPageRef ref;
        ref.first = m_end;
        ref.page = m_tail;
        m_pages << ref;
        while (m_memoryBytes > m_memoryLimit && m_spilledPages < m_pages.size() - 1 && m_spillError.isEmpty())
            spillOldest();
    }
    LogPage& page = *m_tail;
    page.starts << quint32(page.text.size());
    page.text.append(line.data(), line.size());
    page.text.append('\n');
    page.nanos << nanos;
    page.levels.append(char(levelOf(line)));
    ++m_pages.last().lines;
    ++m_end;
    m_memoryBytes += need;
}

void LogModel::sealTail()
{
    m_tail->starts.squeeze();
    m_tail->nanos.squeeze();
    m_tail->levels.squeeze();
    if (m_tail->text.capacity() - m_tail->text.size() > m_tail->text.size() / 8)
        m_tail->text.squeeze();
    m_pages.last().textBytes = qint32(m_tail->text.size());
    m_tail.reset();
}

void LogModel::spillOldest()
{
    LogPageRef& ref = m_pages[m_spilledPages];
    if (!m_file) {
        auto file = std::make_shared<LogSpillFile>(spillDirectory());
        if (!file->open()) {
            m_spillError = tr("Cannot create a file for the log in %1: %2").arg(spillDirectory(), file->errorString());
            return;
        }
        m_file = std::move(file);
    }
    if (ref.fileOffset < 0) {
        ref.textBytes = qint32(ref.page->text.size());
        ref.fileOffset = m_file->write(*ref.page);
        if (ref.fileOffset < 0) {
            m_spillError = tr("Cannot write the log to %1 (keeping it in memory): %2").arg(m_file->path(), m_file->errorString());
            return;
        }
    }
    m_memoryBytes -= ref.textBytes;
    ref.page.reset();
    ++m_spilledPages;
    m_spillChanged = true;
}

void LogModel::appendUtf8(QByteArrayView text, const QList<qint64>& nanos)
{
    if (text.isEmpty())
        return;
    const qsizetype before = m_rows;
    qsizetype count = 0;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        const auto* nl = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
        const char* lineEnd = nl ? nl : end;
        qsizetype length = lineEnd - p;
        if (length > 0 && p[length - 1] == '\r')
            --length;
        addLine({p, length}, count < nanos.size() ? nanos[count] : -1);
        ++count;
        p = nl ? nl + 1 : end;
    }
    // The lines are in the pages already but not counted (rowCount(), data() and snapshot() go by
    // m_rows) until the views are told.
    beginInsertRows({}, int(before), int(before + count - 1));
    m_rows += count;
    endInsertRows();
    if (m_rows > m_maxLines)
        dropOldest(m_rows - m_maxLines + m_maxLines / 10);
    if (std::exchange(m_spillChanged, false))
        emit spilledLinesChanged();
}

void LogModel::append(const QStringList& lines, const QList<qint64>& nanos)
{
    if (lines.isEmpty())
        return;
    QByteArray text;
    for (const QString& line : lines) {
        text += line.toUtf8();
        text += '\n';
    }
    appendUtf8(text, nanos);
}

void LogModel::dropOldest(qsizetype count)
{
    count = qMin(count, m_rows);
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, int(count) - 1);
    m_first += count;
    m_rows -= count;
    while (!m_pages.isEmpty() && m_pages.first().first + m_pages.first().lines <= m_first) {
        const LogPageRef ref = m_pages.takeFirst();
        if (!ref.page) {
            --m_spilledPages;
            if (m_file.use_count() == 1) // no snapshot (a search) still reads the file
                m_file->discard(ref);
            m_spillChanged = true;
        } else {
            m_memoryBytes -= ref.page->text.size();
            if (ref.page == m_tail)
                m_tail.reset();
        }
    }
    m_lastPage = 0;
    endRemoveRows();
}

void LogModel::clear()
{
    beginResetModel();
    const bool hadSpilled = m_spilledPages > 0;
    m_pages.clear();
    m_tail.reset();
    m_file.reset(); // removes the file, unless a search still reads a snapshot
    m_cache.clear();
    m_first = m_end = 0;
    m_rows = 0;
    m_spilledPages = 0;
    m_memoryBytes = 0;
    m_lastPage = 0;
    m_spillError.clear();
    m_spillChanged = false;
    endResetModel();
    if (hadSpilled)
        emit spilledLinesChanged();
}

qsizetype LogModel::spilledLines() const
{
    if (m_spilledPages == 0)
        return 0;
    const LogPageRef& last = m_pages[m_spilledPages - 1];
    return qBound<qint64>(0, last.first + last.lines - m_first, qint64(m_rows));
}

QString LogModel::spillFilePath() const
{
    return m_file ? m_file->path() : QString();
}

void LogModel::setShowTimestamps(bool show)
{
    if (show == m_showTimestamps)
        return;
    m_showTimestamps = show;
    if (m_rows > 0)
        emit dataChanged(index(0), index(int(m_rows) - 1), {Qt::DisplayRole});
}

std::shared_ptr<const LogPage> LogModel::load(qsizetype pageIndex) const
{
    const LogPageRef& ref = m_pages[pageIndex];
    if (ref.page)
        return ref.page;
    for (qsizetype i = 0; i < m_cache.size(); ++i)
        if (m_cache[i].first == ref.fileOffset) {
            if (i > 0)
                m_cache.move(i, 0);
            return m_cache.first().second;
        }
    auto page = std::make_shared<LogPage>();
    if (!m_file || !m_file->read(ref, page.get()))
        return {};
    m_cache.prepend({ref.fileOffset, page});
    if (m_cache.size() > kCachedPages)
        m_cache.removeLast();
    return page;
}

LogModel::Located LogModel::locate(int row) const
{
    if (row < 0 || row >= m_rows)
        return {};
    const qint64 at = m_first + row;
    qsizetype pi = m_lastPage;
    if (pi >= m_pages.size() || at < m_pages[pi].first || at >= m_pages[pi].first + m_pages[pi].lines) {
        const auto it = std::upper_bound(m_pages.cbegin(), m_pages.cend(), at,
                                         [](qint64 v, const LogPageRef& ref) { return v < ref.first; });
        pi = (it - m_pages.cbegin()) - 1;
        m_lastPage = pi;
    }
    auto page = load(pi);
    if (!page)
        return {};
    return {std::move(page), qsizetype(at - m_pages[pi].first)};
}

QByteArray LogModel::lineUtf8(int row) const
{
    const Located l = locate(row);
    return l.page ? l.page->lineAt(l.index).toByteArray() : QByteArray();
}

QString LogModel::line(int row) const
{
    const Located l = locate(row);
    return l.page ? QString::fromUtf8(l.page->lineAt(l.index)) : QString();
}

QString LogModel::formatted(int row) const
{
    const Located l = locate(row);
    if (!l.page)
        return {};
    const QString text = QString::fromUtf8(l.page->lineAt(l.index));
    return m_showTimestamps ? formatNanos(l.page->nanos[l.index]) + QLatin1Char(' ') + text : text;
}

QString LogModel::text(const QList<int>& rows) const
{
    QStringList out;
    if (rows.isEmpty()) {
        out.reserve(m_rows);
        for (int row = 0; row < m_rows; ++row)
            out << formatted(row);
    } else {
        for (int row : rows)
            if (row >= 0 && row < m_rows)
                out << formatted(row);
    }
    return out.join(QLatin1Char('\n'));
}

bool LogModel::writeTo(QIODevice* out) const
{
    LogPage buffer;
    const qint64 end = m_first + m_rows;
    for (const LogPageRef& ref : m_pages) {
        const qint64 lo = qMax(m_first, ref.first), hi = qMin(end, ref.first + ref.lines);
        if (lo >= hi)
            continue;
        const LogPage* page = ref.page.get();
        if (!page) {
            if (!m_file || !m_file->read(ref, &buffer))
                return false;
            page = &buffer;
        }
        const qsizetype a = lo - ref.first, b = hi - ref.first;
        if (!m_showTimestamps) {
            // The page holds the lines as they are written: each followed by '\n'.
            const qsizetype from = page->starts[a], to = page->endOf(b - 1) + 1;
            if (out->write(page->text.constData() + from, to - from) != to - from)
                return false;
            continue;
        }
        QByteArray chunk;
        chunk.reserve(page->text.size() + (b - a) * 25);
        for (qsizetype i = a; i < b; ++i) {
            chunk += formatNanos(page->nanos[i]).toLatin1();
            chunk += ' ';
            chunk += page->lineAt(i);
            chunk += '\n';
        }
        if (out->write(chunk) != chunk.size())
            return false;
    }
    return true;
}

qsizetype LogModel::byteSize() const
{
    qsizetype bytes = m_pages.capacity() * qsizetype(sizeof(LogPageRef));
    for (const LogPageRef& ref : m_pages)
        if (ref.page)
            bytes += ref.page->text.capacity() + ref.page->starts.capacity() * qsizetype(sizeof(quint32))
                + ref.page->nanos.capacity() * qsizetype(sizeof(qint64)) + ref.page->levels.capacity();
    return bytes;
}

LogModel::Snapshot LogModel::snapshot() const
{
    Snapshot s{m_pages, m_file, m_first, m_rows};
    // The tail is still being filled: the snapshot gets its own (implicitly shared) copy.
    if (m_tail && !s.pages.isEmpty())
        s.pages.last().page = std::make_shared<const LogPage>(*m_tail);
    return s;
}

QList<int> LogModel::search(const Snapshot& s, const QString& pattern, bool regex, bool caseSensitive, QString* error)
{
    if (pattern.isEmpty())
        return {};
    const QByteArray needle = pattern.toUtf8();
    const bool ascii = std::all_of(needle.cbegin(), needle.cend(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!regex && (caseSensitive || ascii)) {
        LiteralMatcher matcher(needle, caseSensitive);
        return searchPages(s, matcher, error);
    }
    // A regular expression, or a plain needle with non-ASCII letters in any case (Unicode folding).
    RegexMatcher matcher(regex ? pattern : QRegularExpression::escape(pattern), caseSensitive);
    if (!matcher.error().isEmpty()) {
        if (error)
            *error = matcher.error();
        return {};
    }
    return searchPages(s, matcher, error);
}

int LogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows);
}

QVariant LogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return formatted(row);
    case LineRole:
        return line(row);
    case LevelRole:
    case TimestampRole:
    case Qt::ForegroundRole: {
        const Located l = locate(row);
        if (!l.page)
            return {};
        if (role == TimestampRole)
            return l.page->nanos[l.index];
        const int level = int(quint8(l.page->levels[l.index]));
        return role == LevelRole ? QVariant(level) : look(Look::LogLevel, level, role);
    }
    }
    return {};
}

} // namespace model
