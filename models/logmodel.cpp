#include "models/logmodel.h"

#include "models/looks.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <array>

namespace model {

LogModel::LogModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

LogModel::Level LogModel::levelOf(QByteArrayView line)
{
    // Java stack traces: "\tat x.y(Z.java:1)", "    at ...", "Caused by: ...", "\t... 12 more".
    qsizetype i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
        ++i;
    const QByteArrayView rest = line.sliced(i);
    if ((i > 0 && (rest.startsWith("at ") || rest.startsWith("... "))) || rest.startsWith("Caused by: "))
        return StackTrace;
    // Look for the level word in the first 80 bytes (log4j: "25/11/21 19:31:39 INFO SparkContext: ...").
    const QByteArrayView head = line.first(qMin<qsizetype>(line.size(), 80));
    auto word = [&](const char* w) {
        const qsizetype at = head.indexOf(w);
        if (at < 0)
            return false;
        const qsizetype end = at + qsizetype(qstrlen(w));
        const bool startOk = at == 0 || !std::isalnum(static_cast<unsigned char>(head[at - 1]));
        const bool endOk = end >= head.size() || !std::isalnum(static_cast<unsigned char>(head[end]));
        return startOk && endOk;
    };
    if (word("ERROR") || word("FATAL") || word("SEVERE"))
        return Error;
    if (word("WARN") || word("WARNING"))
        return Warn;
    if (word("INFO"))
        return Info;
    if (word("DEBUG") || word("TRACE"))
        return Debug;
    return Plain;
}

void LogModel::append(const QStringList& lines, const QList<qint64>& nanos)
{
    if (lines.isEmpty())
        return;
    const int first = int(m_offsets.size());
    beginInsertRows({}, first, first + int(lines.size()) - 1);
    m_offsets.reserve(m_offsets.size() + lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray utf8 = lines[i].toUtf8();
        m_offsets << m_text.size();
        m_text += utf8;
        m_nanos << (i < nanos.size() ? nanos[i] : -1);
        m_levels << quint8(levelOf(utf8));
    }
    endInsertRows();
    if (m_offsets.size() > m_maxLines)
        dropOldest(m_offsets.size() - m_maxLines + m_maxLines / 10);
}

void LogModel::dropOldest(qsizetype count)
{
    count = qMin(count, m_offsets.size());
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, int(count) - 1);
    const qsizetype cut = count < m_offsets.size() ? m_offsets[count] : m_text.size();
    m_text.remove(0, cut);
    m_offsets.remove(0, count);
    for (qsizetype& o : m_offsets)
        o -= cut;
    m_nanos.remove(0, count);
    m_levels.remove(0, count);
    endRemoveRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_text.clear();
    m_offsets.clear();
    m_nanos.clear();
    m_levels.clear();
    endResetModel();
}

void LogModel::setShowTimestamps(bool show)
{
    if (show == m_showTimestamps)
        return;
    m_showTimestamps = show;
    if (!m_offsets.isEmpty())
        emit dataChanged(index(0), index(int(m_offsets.size()) - 1), {Qt::DisplayRole});
}

QString LogModel::line(int row) const
{
    if (row < 0 || row >= m_offsets.size())
        return {};
    const qsizetype start = m_offsets[row];
    const qsizetype end = row + 1 < m_offsets.size() ? m_offsets[row + 1] : m_text.size();
    return QString::fromUtf8(m_text.constData() + start, end - start);
}

namespace {
QString formatNanos(qint64 nanos)
{
    if (nanos < 0)
        return QStringLiteral("                        ");
    return QDateTime::fromMSecsSinceEpoch(nanos / 1'000'000, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
}
} // namespace

QString LogModel::text(const QList<int>& rows) const
{
    QStringList out;
    auto add = [&](int row) {
        out << (m_showTimestamps ? formatNanos(m_nanos[row]) + QLatin1Char(' ') + line(row) : line(row));
    };
    if (rows.isEmpty()) {
        out.reserve(m_offsets.size());
        for (int row = 0; row < m_offsets.size(); ++row)
            add(row);
    } else {
        for (int row : rows)
            if (row >= 0 && row < m_offsets.size())
                add(row);
    }
    return out.join(QLatin1Char('\n'));
}

qsizetype LogModel::byteSize() const
{
    return m_text.capacity() + m_offsets.capacity() * qsizetype(sizeof(qsizetype)) + m_nanos.capacity() * 8
        + m_levels.capacity();
}

LogModel::Snapshot LogModel::snapshot() const
{
    return {m_text, m_offsets};
}

QList<int> LogModel::search(const Snapshot& s, const QString& pattern, bool regex, bool caseSensitive, QString* error)
{
    QList<int> rows;
    if (pattern.isEmpty())
        return rows;
    const qsizetype count = s.offsets.size();
    QByteArray needle = caseSensitive ? pattern.toUtf8() : pattern.toLower().toUtf8();
    const bool asciiNeedle = std::all_of(needle.cbegin(), needle.cend(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (!regex && (caseSensitive || asciiNeedle)) {
        // Plain text: one scan over the whole buffer, then each hit mapped to its line.
        const QByteArray& haystack = s.text;
        const qsizetype n = needle.size();
        const qsizetype size = haystack.size();
        // Case-sensitive: Qt's own search; case-insensitive ASCII needle: Boyer-Moore-Horspool with
        // ASCII folding, without a lower-cased copy of the whole log.
        std::array<qsizetype, 256> skip;
        if (!caseSensitive) {
            skip.fill(n);
            for (qsizetype k = 0; k + 1 < n; ++k) {
                const auto c = static_cast<unsigned char>(needle[k]); // already lower-case
                skip[c] = n - 1 - k;
                if (c >= 'a' && c <= 'z')
                    skip[c - 32] = n - 1 - k;
            }
        }
        const char* text = haystack.constData();
        auto findFrom = [&](qsizetype from) -> qsizetype {
            if (caseSensitive)
                return haystack.indexOf(needle, from);
            qsizetype at = from;
            while (at + n <= size) {
                qsizetype k = n - 1;
                while (k >= 0) {
                    char c = text[at + k];
                    if (c >= 'A' && c <= 'Z')
                        c = char(c + 32);
                    if (c != needle[k])
                        break;
                    --k;
                }
                if (k < 0)
                    return at;
                at += skip[static_cast<unsigned char>(text[at + n - 1])];
            }
            return -1;
        };
        qsizetype at = 0;
        qsizetype line = 0;
        while ((at = findFrom(at)) >= 0) {
            line = std::upper_bound(s.offsets.cbegin() + line, s.offsets.cend(), at) - s.offsets.cbegin() - 1;
            const qsizetype lineEnd = line + 1 < count ? s.offsets[line + 1] : size;
            if (at + n <= lineEnd) {
                rows << int(line);
                at = lineEnd; // one hit per line is enough
            } else {
                ++at; // the hit spans two lines: not a match
            }
        }
        return rows;
    }
    QRegularExpression re(regex ? pattern : QRegularExpression::escape(pattern),
                          caseSensitive ? QRegularExpression::NoPatternOption : QRegularExpression::CaseInsensitiveOption);
    if (!re.isValid()) {
        if (error)
            *error = re.errorString();
        return rows;
    }
    re.optimize();
    for (qsizetype i = 0; i < count; ++i) {
        const qsizetype start = s.offsets[i];
        const qsizetype end = i + 1 < count ? s.offsets[i + 1] : s.text.size();
        if (re.match(QString::fromUtf8(s.text.constData() + start, end - start)).hasMatch())
            rows << int(i);
    }
    return rows;
}

int LogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_offsets.size());
}

QVariant LogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_offsets.size())
        return {};
    const int row = index.row();
    switch (role) {
    case Qt::DisplayRole:
        return m_showTimestamps ? formatNanos(m_nanos[row]) + QLatin1Char(' ') + line(row) : line(row);
    case LineRole:
        return line(row);
    case LevelRole:
        return int(m_levels[row]);
    case TimestampRole:
        return m_nanos[row];
    case Qt::ForegroundRole:
        return look(Look::LogLevel, int(m_levels[row]), role);
    }
    return {};
}

} // namespace model
