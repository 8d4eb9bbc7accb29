#include "models/yamllimits.h"

#include <QFile>
#include <QLocale>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdint>
#include <istream>
#include <streambuf>
#include <vector>

namespace model {

QString YamlError::toString() const
{
    return line > 0 ? QStringLiteral("%1:%2: %3").arg(line).arg(column).arg(message) : message;
}

QString YamlError::located(const QString& file) const
{
    return file + (line > 0 ? QStringLiteral(":") : QStringLiteral(": ")) + toString();
}

namespace {

QString dataSize(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

// `bytes` < 0: more than maxBytes, how many more unknown.
YamlError tooLarge(qint64 bytes, qsizetype maxBytes)
{
    QString size = QStringLiteral("more than %1").arg(dataSize(maxBytes));
    if (bytes >= 0) // the size, in bytes when it rounds to the limit
        size.prepend((dataSize(bytes) == dataSize(maxBytes) ? QStringLiteral("%L1 bytes").arg(bytes) : dataSize(bytes))
                     + QStringLiteral(", "));
    return {0, 0,
            QStringLiteral("the text is %1, the most SparkDeck reads as one YAML file: check that this is the right file, "
                           "or split it into smaller ones")
                .arg(size),
            YamlErrorKind::TooLarge};
}

// A limit exceeded while the event parser reads: thrown out of it (yaml-cpp only unwinds).
struct LimitExceeded {
    YamlError error;
};

// Counts what building the tree would decode, as go-yaml v3's decoder counts it (see the header),
// and how deep maps and lists nest; throws LimitExceeded at the event that goes past a limit.
class LimitCounter : public YAML::EventHandler {
public:
    explicit LimitCounter(std::string_view text)
        : m_text(text)
    {
    }

    void OnDocumentStart(const YAML::Mark&) override { ++m_decoded; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t anchor) override { leaf(anchor); }
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t anchor, const std::string&) override { leaf(anchor); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override
    {
        // An alias inside the node it names ("&a [*a]") repeats without end.
        if (std::any_of(m_open.begin(), m_open.end(), [anchor](const Open& o) { return o.anchor == anchor; }))
            fail(mark, QStringLiteral("this alias is inside the node its anchor names, so it would repeat without end: "
                                      "point it at another node, or write the value out"),
                 YamlErrorKind::TooManyAliases);
        // The alias node, then everything its anchored node decoded, all of it through the alias.
        const std::uint64_t expanded = anchor < m_anchorSize.size() ? m_anchorSize[anchor] : 0;
        m_decoded += 1 + expanded;
        m_aliased += expanded;
        if (m_aliased > 100 && m_decoded > 1000 && double(m_aliased) / double(m_decoded) > allowedAliasRatio(m_decoded))
            fail(mark, QStringLiteral("the aliases (*name) up to here expand the document to %L1 nodes, %L2 of them copies made by "
                                      "aliases: more than kubectl's YAML reader (go-yaml) allows, so this looks like an alias bomb "
                                      "(\"billion laughs\"); write the repeated values out, or repeat them less")
                                   .arg(m_decoded)
                                   .arg(m_aliased),
                 YamlErrorKind::TooManyAliases);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(mark, anchor);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override
    {
        open(mark, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    // gopkg.in/yaml.v3 decode.go, allowedAliasRatio.
    static double allowedAliasRatio(std::uint64_t decoded)
    {
        constexpr double low = 400'000;
        constexpr double high = 4'000'000;
        if (double(decoded) <= low)
            return 0.99;
        if (double(decoded) >= high)
            return 0.10;
        return 0.99 - 0.89 * ((double(decoded) - low) / (high - low));
    }

    [[noreturn]] void fail(const YAML::Mark& mark, const QString& message, YamlErrorKind kind) const
    {
        const int column = mark.pos >= 0 ? characterColumn(m_text, std::size_t(mark.pos)) : mark.column + 1;
        throw LimitExceeded{{mark.line + 1, column, message, kind}};
    }

    void setSize(YAML::anchor_t anchor, std::uint64_t size)
    {
        if (anchor == YAML::NullAnchor)
            return;
        if (anchor >= m_anchorSize.size())
            m_anchorSize.resize(anchor + 1, 0);
        m_anchorSize[anchor] = size;
    }

    void leaf(YAML::anchor_t anchor)
    {
        ++m_decoded;
        setSize(anchor, 1);
    }

    void open(const YAML::Mark& mark, YAML::anchor_t anchor)
    {
        if (m_open.size() >= std::size_t(kMaxYamlDepth))
            fail(mark,
                 QStringLiteral("maps and lists are nested more than %1 levels deep here, more than SparkDeck reads (Kubernetes "
                                "objects nest a few dozen levels at most): remove the extra nesting")
                     .arg(kMaxYamlDepth),
                 YamlErrorKind::TooDeep);
        m_open.push_back({anchor, m_decoded});
        ++m_decoded;
    }

    void close()
    {
        if (m_open.empty())
            return;
        const Open o = m_open.back();
        m_open.pop_back();
        setSize(o.anchor, m_decoded - o.decodedBefore);
    }

    struct Open {
        YAML::anchor_t anchor;
        std::uint64_t decodedBefore;
    };
    std::string_view m_text;
    std::vector<Open> m_open;
    std::vector<std::uint64_t> m_anchorSize; // by anchor id: the nodes its node decodes to
    std::uint64_t m_decoded = 0;
    std::uint64_t m_aliased = 0;
};

// An istream over text that is not copied.
class ViewBuffer : public std::streambuf {
public:
    explicit ViewBuffer(std::string_view text)
    {
        char* begin = const_cast<char*>(text.data());
        setg(begin, begin, begin + text.size());
    }
};

// The first byte of `bytes` that does not start or continue a well-formed UTF-8 sequence
// (RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF); -1 when all are.
qsizetype firstInvalidUtf8(const QByteArray& bytes)
{
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80; // the range of the second byte
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (i + 1 >= n || s[i + 1] < low || s[i + 1] > high)
            return i;
        for (int k = 2; k < length; ++k)
            if (i + k >= n || s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        i += length;
    }
    return -1;
}

} // namespace

namespace {

// The byte offset of the first character outside YAML 1.2 §5.1 c-printable in valid UTF-8 (and
// that character), or -1: C0 controls but TAB, LF and CR; DEL; C1 controls but NEL; U+FFFE/U+FFFF.
qsizetype firstNotPrintable(std::string_view utf8, char32_t* character)
{
    const auto* b = reinterpret_cast<const unsigned char*>(utf8.data());
    const std::size_t n = utf8.size();
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = b[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            *character = c;
            return qsizetype(i);
        }
        if (c == 0xc2 && i + 1 < n && b[i + 1] >= 0x80 && b[i + 1] <= 0x9f && b[i + 1] != 0x85) {
            *character = b[i + 1];
            return qsizetype(i);
        }
        if (c == 0xef && i + 2 < n && b[i + 1] == 0xbf && (b[i + 2] == 0xbe || b[i + 2] == 0xbf)) {
            *character = b[i + 2] == 0xbe ? 0xfffe : 0xffff;
            return qsizetype(i);
        }
    }
    return -1;
}

} // namespace

std::optional<YamlError> checkYamlLimits(std::string_view utf8, qsizetype maxBytes)
{
    if (qsizetype(utf8.size()) > maxBytes)
        return tooLarge(qint64(utf8.size()), maxBytes);
    char32_t character = 0;
    if (const qsizetype bad = firstNotPrintable(utf8, &character); bad >= 0) {
        const std::string_view before = utf8.substr(0, std::size_t(bad));
        return YamlError{int(std::count(before.begin(), before.end(), '\n')) + 1, characterColumn(utf8, std::size_t(bad)),
                         QStringLiteral("character U+%1 (a control character) is not allowed in YAML (YAML 1.2 §5.1): remove it, "
                                        "or write it escaped inside double quotes (\"\\u%1\")")
                             .arg(QStringLiteral("%1").arg(uint(character), 4, 16, QLatin1Char('0')).toUpper()),
                         YamlErrorKind::NotPrintable};
    }
    ViewBuffer buffer(utf8);
    std::istream in(&buffer);
    LimitCounter counter(utf8);
    try {
        YAML::Parser parser(in);
        parser.HandleNextDocument(counter);
    } catch (const LimitExceeded& e) {
        return e.error;
    } catch (const YAML::Exception&) {
        // A syntax error: parsing the text reports it.
    }
    return std::nullopt;
}

std::optional<QString> decodeYamlBytes(const QByteArray& bytes, YamlError* error, qsizetype maxBytes)
{
    YamlError e;
    if (bytes.size() > maxBytes) {
        e = tooLarge(bytes.size(), maxBytes);
    } else if (const qsizetype bad = firstInvalidUtf8(bytes); bad >= 0) {
        const int column = characterColumn(std::string_view(bytes.constData(), std::size_t(bytes.size())), std::size_t(bad));
        e = {int(bytes.left(bad).count('\n')) + 1, column,
             QStringLiteral("byte %1 (0x%2) is not UTF-8, and SparkDeck reads YAML as UTF-8 like kubectl: save the file as "
                            "UTF-8 (for example: iconv -f LATIN1 -t UTF-8 FILE > NEW) and open it again")
                 .arg(bad)
                 .arg(static_cast<unsigned char>(bytes[bad]), 2, 16, QLatin1Char('0')),
             YamlErrorKind::NotUtf8};
    } else {
        return QString::fromUtf8(bytes);
    }
    if (error)
        *error = e;
    return std::nullopt;
}

std::optional<QByteArray> readYamlBytes(QIODevice* device, YamlError* error, qsizetype maxBytes)
{
    auto fail = [error](const YamlError& e) {
        if (error)
            *error = e;
        return std::nullopt;
    };
    if (!device->isSequential() && device->size() > maxBytes)
        return fail(tooLarge(device->size(), maxBytes));
    QByteArray bytes;
    while (bytes.size() <= maxBytes) {
        const QByteArray chunk = device->read(std::min<qint64>(1 << 16, maxBytes + 1 - bytes.size()));
        if (chunk.isEmpty())
            break; // the end, or an error
        bytes += chunk;
    }
    if (auto* file = qobject_cast<QFileDevice*>(device); file && file->error() != QFileDevice::NoError)
        return fail({0, 0, file->errorString(), YamlErrorKind::Unreadable});
    if (bytes.size() > maxBytes)
        return fail(tooLarge(-1, maxBytes));
    return bytes;
}

std::optional<QString> readYamlFile(const QString& path, YamlError* error, qsizetype maxBytes)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = {0, 0, f.errorString(), YamlErrorKind::Unreadable};
        return std::nullopt;
    }
    const auto bytes = readYamlBytes(&f, error, maxBytes);
    return bytes ? decodeYamlBytes(*bytes, error, maxBytes) : std::nullopt;
}

int characterColumn(std::string_view utf8, std::size_t pos)
{
    pos = std::min(pos, utf8.size());
    std::size_t start = pos;
    while (start > 0 && utf8[start - 1] != '\n')
        --start;
    int column = 1;
    for (std::size_t i = start; i < pos; ++i)
        if ((static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80) // not a UTF-8 continuation byte
            ++column;
    return column;
}

} // namespace model
