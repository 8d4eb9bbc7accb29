#include "models/yamldocument.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

namespace model {

namespace {

const std::string kStringTag = "!";   // yaml-cpp's tag for quoted (non-plain) scalars
const std::string kPlainTag = "?";    // yaml-cpp's tag for plain scalars

bool isYaml11Bool(const QString& s, bool* value = nullptr)
{
    static const QStringList yes{QStringLiteral("y"), QStringLiteral("Y"), QStringLiteral("yes"), QStringLiteral("Yes"),
                                 QStringLiteral("YES"), QStringLiteral("true"), QStringLiteral("True"),
                                 QStringLiteral("TRUE"), QStringLiteral("on"), QStringLiteral("On"), QStringLiteral("ON")};
    static const QStringList no{QStringLiteral("n"), QStringLiteral("N"), QStringLiteral("no"), QStringLiteral("No"),
                                QStringLiteral("NO"), QStringLiteral("false"), QStringLiteral("False"),
                                QStringLiteral("FALSE"), QStringLiteral("off"), QStringLiteral("Off"), QStringLiteral("OFF")};
    if (yes.contains(s)) {
        if (value)
            *value = true;
        return true;
    }
    if (no.contains(s)) {
        if (value)
            *value = false;
        return true;
    }
    return false;
}

bool isYamlNull(const QString& s)
{
    return s.isEmpty() || s == QLatin1String("~") || s == QLatin1String("null") || s == QLatin1String("Null")
        || s == QLatin1String("NULL");
}

// Integers as YAML 1.1 (Go's ParseInt with base 0 after dropping '_': prefixes 0b, 0o, 0x in either
// case, a leading 0 for octal) reads them.
std::optional<qint64> yamlInt(const QString& s)
{
    static const QRegularExpression re(QStringLiteral(R"(^[-+]?(0[bB][01_]+|0[oO]?[0-7_]+|0[xX][0-9a-fA-F_]+|[0-9][0-9_]*)$)"));
    if (!re.match(s).hasMatch())
        return std::nullopt;
    QString t = s;
    t.remove(QLatin1Char('_'));
    bool negative = false;
    if (t.startsWith(QLatin1Char('+')) || t.startsWith(QLatin1Char('-'))) {
        negative = t.startsWith(QLatin1Char('-'));
        t.remove(0, 1);
    }
    bool ok = false;
    qint64 v = 0;
    if (t.startsWith(QLatin1String("0b"), Qt::CaseInsensitive))
        v = t.mid(2).toLongLong(&ok, 2);
    else if (t.startsWith(QLatin1String("0o"), Qt::CaseInsensitive))
        v = t.mid(2).toLongLong(&ok, 8);
    else if (t.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
        v = t.mid(2).toLongLong(&ok, 16);
    else if (t.size() > 1 && t.startsWith(QLatin1Char('0')))
        v = t.mid(1).toLongLong(&ok, 8);
    else
        v = t.toLongLong(&ok, 10);
    if (!ok)
        return std::nullopt;
    return negative ? -v : v;
}

std::optional<double> yamlFloat(const QString& s)
{
    static const QRegularExpression re(QStringLiteral(R"(^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$)"));
    static const QRegularExpression special(QStringLiteral(R"(^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$)"));
    if (special.match(s).hasMatch()) {
        if (s.contains(QLatin1String("nan"), Qt::CaseInsensitive))
            return std::numeric_limits<double>::quiet_NaN();
        return s.startsWith(QLatin1Char('-')) ? -std::numeric_limits<double>::infinity()
                                              : std::numeric_limits<double>::infinity();
    }
    if (!re.match(s).hasMatch())
        return std::nullopt;
    QString t = s;
    t.remove(QLatin1Char('_'));
    // Go's ParseFloat: a number too small for a double is 0, one too large is an error (and the
    // scalar stays a string). from_chars, unlike strtod, does not depend on the C locale.
    const bool negative = t.startsWith(QLatin1Char('-'));
    if (negative || t.startsWith(QLatin1Char('+')))
        t.remove(0, 1);
    const QByteArray latin1 = t.toLatin1();
    double v = 0;
    const auto [end, ec] = std::from_chars(latin1.constData(), latin1.constData() + latin1.size(), v);
    if (end != latin1.constData() + latin1.size())
        return std::nullopt;
    if (ec == std::errc::result_out_of_range) {
        // Out of range: too large when the decimal exponent of the first significant digit is
        // positive, else too small.
        const qsizetype e = t.indexOf(QLatin1Char('e'), 0, Qt::CaseInsensitive);
        const QString mantissa = t.left(e < 0 ? t.size() : e);
        const qsizetype dot = mantissa.indexOf(QLatin1Char('.'));
        const QString whole = mantissa.left(dot < 0 ? mantissa.size() : dot);
        qsizetype magnitude = e < 0 ? 0 : t.mid(e + 1).toLongLong();
        const qsizetype firstDigit = whole.indexOf(QRegularExpression(QStringLiteral("[1-9]")));
        magnitude += firstDigit >= 0 ? whole.size() - firstDigit : -1;
        if (magnitude > 0)
            return std::nullopt;
        v = 0;
    } else if (ec != std::errc()) {
        return std::nullopt;
    }
    return negative ? -v : v;
}

bool looksLikeTimestamp(const QString& s)
{
    static const QRegularExpression re(QStringLiteral(R"(^\d{4}-\d{1,2}-\d{1,2}([Tt ]|$))"));
    return re.match(s).hasMatch();
}

QJsonValue resolvePlain(const QString& s)
{
    if (isYamlNull(s))
        return QJsonValue(QJsonValue::Null);
    bool b = false;
    if (isYaml11Bool(s, &b))
        return b;
    if (const auto i = yamlInt(s))
        return QJsonValue(*i);
    if (const auto d = yamlFloat(s))
        return *d;
    return s;
}

bool isStringScalar(const YAML::Node& n)
{
    const std::string& tag = n.Tag();
    return tag == kStringTag || tag == "tag:yaml.org,2002:str" || tag == "!!str";
}

// A map key as sigs.k8s.io/yaml turns it into a JSON key: a plain key is resolved first, then an
// integer is written in decimal, a boolean as true/false and a float with Go's
// strconv.FormatFloat(f, 'g', -1, 32).
QString jsonKey(const YAML::Node& key)
{
    const QString s = QString::fromStdString(key.Scalar());
    if (!key.IsScalar() || isStringScalar(key))
        return s;
    const QJsonValue v = resolvePlain(s);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (!v.isDouble())
        return s;
    if (const auto i = yamlInt(s))
        return QString::number(*i);
    // The shortest digits that read back as the same float32, then Go's %g layout: exponent form
    // when the exponent is below -4 or at least 6 (two exponent digits at least).
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, float(v.toDouble()), std::chars_format::scientific);
    if (ec != std::errc())
        return s;
    const QString sci = QString::fromLatin1(buffer, int(end - buffer)); // "-1.5e+00"
    const qsizetype e = sci.indexOf(QLatin1Char('e'));
    const bool negative = sci.startsWith(QLatin1Char('-'));
    QString digits = sci.mid(negative ? 1 : 0, e - (negative ? 1 : 0)).remove(QLatin1Char('.'));
    const int exponent = sci.mid(e + 1).toInt();
    QString out;
    if (exponent < -4 || exponent >= 6) {
        out = digits.left(1) + (digits.size() > 1 ? QLatin1Char('.') + digits.mid(1) : QString()) + QLatin1Char('e')
              + (exponent < 0 ? QLatin1Char('-') : QLatin1Char('+')) + QStringLiteral("%1").arg(std::abs(exponent), 2, 10, QLatin1Char('0'));
    } else if (exponent < 0) {
        out = QStringLiteral("0.") + QString(-exponent - 1, QLatin1Char('0')) + digits;
    } else {
        if (digits.size() <= exponent)
            digits += QString(exponent + 1 - digits.size(), QLatin1Char('0'));
        out = digits.left(exponent + 1);
        if (digits.size() > exponent + 1)
            out += QLatin1Char('.') + digits.mid(exponent + 1);
    }
    return negative ? QLatin1Char('-') + out : out;
}

// A merge key ("<<: *base"), as go-yaml v2 (which kubectl uses) reads it: a plain "<<".
bool isMergeKey(const YAML::Node& key)
{
    return key.IsScalar() && key.Tag() == kPlainTag && key.Scalar() == "<<";
}

QJsonValue toJsonValue(const YAML::Node& n)
{
    switch (n.Type()) {
    case YAML::NodeType::Map: {
        // Keys in document order, each one overwriting an earlier one; a merge key ("<<") sets the
        // keys of its map, or of its maps with the first winning, at its place (go-yaml v2).
        QJsonObject obj;
        const auto mergeMap = [&obj](const YAML::Node& from) {
            const QJsonObject merged = toJsonValue(from).toObject();
            for (auto it = merged.begin(); it != merged.end(); ++it)
                obj.insert(it.key(), it.value());
        };
        for (const auto& kv : n) {
            if (isMergeKey(kv.first) && kv.second.IsMap()) {
                mergeMap(kv.second);
            } else if (isMergeKey(kv.first) && kv.second.IsSequence()
                       && std::all_of(kv.second.begin(), kv.second.end(), [](const YAML::Node& m) { return m.IsMap(); })) {
                for (std::size_t i = kv.second.size(); i-- > 0;)
                    mergeMap(kv.second[i]);
            } else {
                obj.insert(jsonKey(kv.first), toJsonValue(kv.second));
            }
        }
        return obj;
    }
    case YAML::NodeType::Sequence: {
        QJsonArray arr;
        for (const auto& item : n)
            arr.append(toJsonValue(item));
        return arr;
    }
    case YAML::NodeType::Scalar: {
        const QString s = QString::fromStdString(n.Scalar());
        return isStringScalar(n) ? QJsonValue(s) : resolvePlain(s);
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        return QJsonValue(QJsonValue::Null);
    }
    return {};
}

void emitNode(YAML::Emitter& out, const YAML::Node& n);

// Whether `text`, written plain, has a quote after a blank ("a - \"b", "x ' y"). YAML reads that
// as part of the plain scalar, but YamlDocument::parse's check for a quoted string left open
// (findUnclosed) takes it for the start of one; canonical() quotes such a string instead.
bool quoteAfterBlank(const QString& text)
{
    for (qsizetype i = 1; i < text.size(); ++i)
        if ((text[i] == QLatin1Char('"') || text[i] == QLatin1Char('\'')) && (text[i - 1] == QLatin1Char(' ') || text[i - 1] == QLatin1Char('\t')))
            return true;
    return false;
}

// Writes the scalar `n`, as a map key when `key` (a key "null" or "~" under an unknown tag is the
// JSON key "null" or "~", so it stays a string there).
void emitScalar(YAML::Emitter& out, const YAML::Node& n, bool key = false)
{
    const std::string& v = n.Scalar();
    const QString text = QString::fromStdString(v);
    if (key && v == "<<" && !isMergeKey(n)) {
        out << YAML::DoubleQuoted << v; // a quoted or tagged "<<" is a key like any other; written plain it would merge
        return;
    }
    if (isStringScalar(n)) {
        if (plainScalarIsNotString(text))
            out << YAML::DoubleQuoted << v;
        else if (text.contains(QLatin1Char('\n')) && text.endsWith(QLatin1Char('\n')) && !text.endsWith(QStringLiteral("\n\n"))
                 && !text.contains(QStringLiteral("\n ")) && !text.startsWith(QLatin1Char(' ')) && !text.contains(QLatin1Char('\r')))
            out << YAML::Literal << v; // "|" keeps exactly one final newline
        else if (text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r')) || quoteAfterBlank(text))
            out << YAML::DoubleQuoted << v;
        else
            out << v;
    } else if (v.empty()) {
        out << YAML::Null; // a tagged empty scalar ("key: !tag") means null; yaml-cpp would write ""
    } else if (!key && resolvePlain(text).isNull()) {
        out << YAML::Null; // "null" or "~" with an unknown tag: yaml-cpp would quote it, making it a string
    } else if (text.contains(QLatin1Char('\r')) || quoteAfterBlank(text)) {
        // yaml-cpp keeps a lone carriage return inside a plain scalar; written plain, the one before
        // the line's end would turn into a CRLF line break when read again. Quoted, it is an escape.
        out << YAML::DoubleQuoted << v;
    } else {
        out << v;
    }
}

void emitNode(YAML::Emitter& out, const YAML::Node& n)
{
    switch (n.Type()) {
    case YAML::NodeType::Map:
        if (n.size() == 0) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            return;
        }
        out << YAML::BeginMap;
        for (const auto& kv : n) {
            out << YAML::Key;
            emitScalar(out, kv.first, true);
            out << YAML::Value;
            emitNode(out, kv.second);
        }
        out << YAML::EndMap;
        return;
    case YAML::NodeType::Sequence:
        if (n.size() == 0) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            return;
        }
        out << YAML::BeginSeq;
        for (const auto& item : n)
            emitNode(out, item);
        out << YAML::EndSeq;
        return;
    case YAML::NodeType::Scalar:
        emitScalar(out, n);
        return;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        out << YAML::Null;
        return;
    }
}

QStringList splitPath(const QString& path)
{
    return path.split(QLatin1Char('.'), Qt::SkipEmptyParts);
}

// Finds the node at `keys` without creating anything. Returns an invalid node when absent.
YAML::Node findKeys(const YAML::Node& root, const QStringList& keys)
{
    YAML::Node cur;
    cur.reset(root);
    for (const QString& key : keys) {
        if (!cur.IsMap())
            return YAML::Node(YAML::NodeType::Undefined);
        const YAML::Node& constCur = cur;
        const YAML::Node next = constCur[key.toStdString()];
        if (!next)
            return YAML::Node(YAML::NodeType::Undefined);
        cur.reset(next);
    }
    return cur;
}

YAML::Node find(const YAML::Node& root, const QString& path)
{
    return findKeys(root, splitPath(path));
}

YAML::Node stringNode(const QString& s)
{
    YAML::Node n(s.toStdString());
    n.SetTag(kStringTag);
    return n;
}

YAML::Node plainNode(const std::string& s)
{
    YAML::Node n(s);
    n.SetTag(kPlainTag);
    return n;
}

// The tree edits a form makes, on a tree without text (the target of YamlDocument::commit).

// Removes the key at `keys`, and parent maps left empty.
void treeRemove(YAML::Node& root, QStringList keys)
{
    while (!keys.isEmpty()) {
        const QString last = keys.takeLast();
        YAML::Node parent = findKeys(root, keys);
        if (!parent.IsMap())
            return;
        parent.remove(last.toStdString());
        if (parent.size() > 0 || keys.isEmpty())
            return;
        // the parent map is now empty: remove it too
    }
}

// Sets the node at `keys`, creating maps where needed (replacing a scalar in the way).
void treePut(YAML::Node& root, const QStringList& keys, const YAML::Node& node)
{
    YAML::Node cur;
    cur.reset(root);
    for (qsizetype i = 0; i + 1 < keys.size(); ++i) {
        const std::string key = keys[i].toStdString();
        const YAML::Node& constCur = cur;
        const YAML::Node existing = constCur[key]; // const lookup: creates nothing
        if (!existing || !existing.IsMap())
            cur[key] = YAML::Node(YAML::NodeType::Map);
        const YAML::Node child = constCur[key];
        cur.reset(child);
    }
    cur[keys.last().toStdString()] = node;
}

YAML::Node cloneRoot(const YAML::Node& root)
{
    return root.IsMap() ? YAML::Clone(root) : YAML::Node(YAML::NodeType::Map);
}

std::string canonical(const YAML::Node& n)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetNullFormat(YAML::LowerNull);
    out.SetSeqFormat(YAML::Block);
    out.SetMapFormat(YAML::Block);
    emitNode(out, n);
    return out.c_str();
}

// True when `a` and `b` are written the same by canonical(): the same maps (keys in the same
// order), lists and scalars, strings quoted where they must be.
bool sameNode(const YAML::Node& a, const YAML::Node& b)
{
    const bool aNull = !a.IsDefined() || a.IsNull();
    const bool bNull = !b.IsDefined() || b.IsNull();
    if (aNull || bNull)
        return aNull && bNull;
    if (a.Type() != b.Type())
        return false;
    switch (a.Type()) {
    case YAML::NodeType::Scalar: {
        if (a.Scalar() != b.Scalar())
            return false;
        if (isStringScalar(a) == isStringScalar(b))
            return true;
        return !plainScalarIsNotString(QString::fromStdString(a.Scalar()));
    }
    case YAML::NodeType::Sequence: {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!sameNode(a[i], b[i]))
                return false;
        return true;
    }
    case YAML::NodeType::Map: {
        if (a.size() != b.size())
            return false;
        auto ia = a.begin();
        auto ib = b.begin();
        for (; ia != a.end(); ++ia, ++ib)
            if (ia->first.Scalar() != ib->first.Scalar() || !sameNode(ia->second, ib->second))
                return false;
        return true;
    }
    default:
        return true;
    }
}

bool sameTree(const YAML::Node& a, const YAML::Node& b)
{
    auto empty = [](const YAML::Node& n) { return n.IsNull() || (n.IsMap() && n.size() == 0); };
    if (empty(a) && empty(b))
        return true;
    return sameNode(a, b);
}

QString fieldId(const QStringList& keys)
{
    return keys.join(QChar(0x1f));
}

// ---- The YAML text, located through yaml-cpp's marks (byte offsets into the UTF-8 text) ----

using Pos = std::size_t;
constexpr Pos kNone = std::string::npos;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

Pos markPos(const YAML::Node& n)
{
    const int p = n.Mark().pos;
    return p < 0 ? kNone : Pos(p);
}

struct Source {
    const std::string& s;

    Pos lineStart(Pos p) const
    {
        p = std::min(p, s.size());
        while (p > 0 && s[p - 1] != '\n')
            --p;
        return p;
    }
    Pos lineEnd(Pos p) const
    {
        const Pos e = s.find('\n', p);
        return e == kNone ? s.size() : e;
    }
    Pos nextLine(Pos p) const
    {
        const Pos e = lineEnd(p);
        return e < s.size() ? e + 1 : s.size();
    }
    int indent(Pos ls) const
    {
        Pos i = ls;
        while (i < s.size() && s[i] == ' ')
            ++i;
        return int(i - ls);
    }
    bool blank(Pos ls) const
    {
        for (Pos i = ls; i < s.size() && s[i] != '\n'; ++i)
            if (!isSpace(s[i]))
                return false;
        return true;
    }
    bool comment(Pos ls) const
    {
        const Pos i = ls + Pos(indent(ls));
        return i < s.size() && s[i] == '#';
    }
    int column(Pos p) const { return int(p - lineStart(p)); }
    bool firstOnLine(Pos p) const { return indent(lineStart(p)) == column(p); }

    // The end (at its '\n') of the last line after the line at `header` that belongs to a block
    // indented deeper than `ctx`; lines that only hold a comment belong to it only when content
    // follows (or, in a block scalar `literal`, when indented deeper). With `dashAtCtx`, "- " lines
    // at `ctx` belong too (a list written at its key's column).
    Pos blockEnd(Pos header, int ctx, bool literal, bool dashAtCtx) const
    {
        Pos end = lineEnd(header);
        for (Pos p = nextLine(header); p < s.size(); p = nextLine(p)) {
            if (blank(p))
                continue;
            const int ind = indent(p);
            if (comment(p) && !(literal && ind > ctx))
                continue;
            const Pos c = p + Pos(ind);
            const bool dash = dashAtCtx && ind == ctx && s[c] == '-' && (c + 1 >= s.size() || isSpace(s[c + 1]));
            if (ind <= ctx && !dash)
                break;
            end = lineEnd(p);
        }
        return end;
    }

    // Where a plain scalar starting at `p` ends on its line: before " #" and trailing blanks.
    Pos plainLineEnd(Pos p) const
    {
        const Pos e = lineEnd(p);
        Pos i = p;
        for (; i < e; ++i)
            if (s[i] == '#' && i > p && (s[i - 1] == ' ' || s[i - 1] == '\t'))
                break;
        while (i > p && isSpace(s[i - 1]))
            --i;
        return i;
    }

    // The end of a quoted scalar starting at `p`, or kNone when it is never closed.
    Pos quotedEnd(Pos p) const
    {
        const char q = s[p];
        for (Pos i = p + 1; i < s.size(); ++i) {
            if (q == '"' && s[i] == '\\') {
                ++i;
                continue;
            }
            if (s[i] == q) {
                if (q == '\'' && i + 1 < s.size() && s[i + 1] == '\'') {
                    ++i;
                    continue;
                }
                return i + 1;
            }
        }
        return kNone;
    }

    // The end of the scalar starting at `p` in block context, its parent at column `ctx`.
    Pos scalarEnd(Pos p, int ctx) const
    {
        if (p >= s.size())
            return p;
        const char c = s[p];
        if (c == '"' || c == '\'') {
            const Pos e = quotedEnd(p);
            return e == kNone ? s.size() : e;
        }
        if (c == '|' || c == '>') {
            Pos end = blockEnd(lineStart(p), ctx, true, false);
            const Pos header = lineEnd(p);
            if (s.find('+', p) < header) { // "keep" chomping: the blank lines after it are part of it
                for (Pos q = nextLine(end); q < s.size() && blank(q); q = nextLine(q))
                    end = lineEnd(q);
            }
            return end;
        }
        Pos end = plainLineEnd(p);
        for (Pos q = nextLine(p); q < s.size() && q > end; q = nextLine(q)) {
            if (blank(q))
                continue;
            if (comment(q) || indent(q) <= ctx)
                break;
            end = plainLineEnd(q + Pos(indent(q)));
        }
        return end;
    }

    // True when the quote at `i` opens a quoted scalar (inside flow collections too).
    bool quoteOpens(Pos i, bool flow) const
    {
        Pos j = i;
        while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t' || (flow && isSpace(s[j - 1]))))
            --j;
        if (j == 0 || s[j - 1] == '\n')
            return true;
        const char prev = s[j - 1];
        if (prev == ':')
            return j < i;
        if (prev == '-' || prev == '?') // an indicator only where a node starts: "- 'x'", "- - 'x'", not "a - 'x'"
            return j < i && (flow || indicatorStartsNode(j - 1));
        return flow && (prev == '[' || prev == '{' || prev == ',');
    }

    // Whether the '-' or '?' at `k` begins its line's content or follows another such indicator.
    bool indicatorStartsNode(Pos k) const
    {
        while (true) {
            Pos j = k;
            while (j > 0 && (s[j - 1] == ' ' || s[j - 1] == '\t'))
                --j;
            if (j == 0 || s[j - 1] == '\n')
                return true;
            if ((s[j - 1] != '-' && s[j - 1] != '?') || j == k)
                return false;
            k = j - 1;
        }
    }

    // The end of the flow collection opening at `p`.
    Pos flowEnd(Pos p) const
    {
        int depth = 0;
        for (Pos i = p; i < s.size(); ++i) {
            const char c = s[i];
            if ((c == '"' || c == '\'') && quoteOpens(i, true)) {
                const Pos e = quotedEnd(i);
                if (e == kNone)
                    return s.size();
                i = e - 1;
            } else if (c == '#' && i > 0 && isSpace(s[i - 1])) {
                i = lineEnd(i) - 1;
            } else if (c == '[' || c == '{') {
                ++depth;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return i + 1;
            }
        }
        return s.size();
    }

    // The position just after the ':' of the map key at `k`.
    Pos afterColon(Pos k) const
    {
        Pos i = k;
        if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
            i = quotedEnd(i);
            if (i == kNone)
                return kNone;
        }
        for (; i < s.size() && s[i] != '\n'; ++i)
            if (s[i] == ':' && (i + 1 >= s.size() || isSpace(s[i + 1])))
                return i + 1;
        return kNone;
    }
};

bool isBlockCollection(const YAML::Node& n)
{
    return (n.IsMap() || n.IsSequence()) && n.size() > 0 && n.Style() != YAML::EmitterStyle::Flow;
}

bool isFlowCollection(const YAML::Node& n)
{
    return (n.IsMap() || n.IsSequence()) && n.Style() == YAML::EmitterStyle::Flow;
}

std::string spaces(int n)
{
    return std::string(std::size_t(std::max(0, n)), ' ');
}

// Prefixes every non-empty line of `text` with `by` spaces.
std::string indentLines(const std::string& text, int by)
{
    std::string out;
    std::size_t i = 0;
    while (i <= text.size()) {
        std::size_t e = text.find('\n', i);
        if (e == std::string::npos)
            e = text.size();
        const std::string line = text.substr(i, e - i);
        if (!line.empty())
            out += spaces(by) + line;
        if (e < text.size())
            out += '\n';
        i = e + 1;
    }
    return out;
}

// Removes the indentation common to the non-blank, non-comment lines of `text`, and trailing newlines.
std::string dedent(const std::string& text, int* removed = nullptr)
{
    const Source src{text};
    int common = -1;
    for (Pos p = 0; p < text.size(); p = src.nextLine(p)) {
        if (!src.blank(p) && !src.comment(p))
            common = common < 0 ? src.indent(p) : std::min(common, src.indent(p));
    }
    common = std::max(common, 0);
    std::string out;
    for (Pos p = 0; p < text.size(); p = src.nextLine(p)) {
        const Pos e = src.lineEnd(p);
        const int cut = std::min(common, src.indent(p));
        out += text.substr(p + Pos(cut), e - p - Pos(cut));
        out += '\n';
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    if (removed)
        *removed = common;
    return out;
}

std::string emitText(const YAML::Node& n, int step, bool flow)
{
    YAML::Emitter out;
    out.SetIndent(std::size_t(step));
    out.SetNullFormat(YAML::LowerNull);
    out.SetSeqFormat(flow ? YAML::Flow : YAML::Block);
    out.SetMapFormat(flow ? YAML::Flow : YAML::Block);
    emitNode(out, n);
    return out.c_str();
}

// A scalar as it goes after "key: " or "- "; a multi-line string as a literal block whose lines are
// indented by `indent`.
std::string scalarText(const YAML::Node& n, int indent)
{
    const std::string& v = n.Scalar();
    if (n.IsScalar() && isStringScalar(n) && v.find('\n') != std::string::npos) {
        std::string body = v;
        std::string chomp = "-";
        if (!body.empty() && body.back() == '\n') {
            body.pop_back();
            chomp = (!body.empty() && body.back() == '\n') ? "+" : "";
        }
        bool plainLines = !body.empty() && body.front() != ' ' && body.front() != '\n';
        for (std::size_t i = 0; i + 1 < body.size(); ++i)
            if (body[i] == '\n' && body[i + 1] == ' ')
                plainLines = false;
        if (plainLines) {
            std::string out = "|" + chomp;
            std::size_t i = 0;
            while (i <= body.size()) {
                std::size_t e = body.find('\n', i);
                if (e == std::string::npos)
                    e = body.size();
                out += '\n';
                if (e > i)
                    out += spaces(indent) + body.substr(i, e - i);
                i = e + 1;
            }
            return out;
        }
        YAML::Emitter out;
        out << YAML::DoubleQuoted << v;
        return out.c_str();
    }
    return emitText(n, 2, false);
}

// One text change: [start, end) becomes `text`.
struct Edit {
    Pos start;
    Pos end;
    std::string text;
    std::size_t order = 0; // insertions at one place keep the order they were made in
};

// Works out the minimal text edits that turn the parsed document `from` (with marks into `text`)
// into the tree `to`: only values that differ are rewritten; keys are inserted after their
// siblings and removed with their own lines.
class Differ {
public:
    struct Removal {
        QStringList mapKeys;
        QString key;
        QString previousKey;
        int gapLines = 0;
        std::string text;
        std::string canonical;
    };

    Differ(const std::string& text, const QStringList& rawKeys, const std::string& raw)
        : m_src{text}
        , m_rawKeys(rawKeys)
        , m_raw(raw)
    {
    }

    std::vector<Edit> edits;
    std::vector<Removal> removals;
    bool ok = true;

    void root(const YAML::Node& from, const YAML::Node& to)
    {
        m_step = detectStep(from);
        if (sameTree(from, to))
            return;
        if (isBlockCollection(from) && from.IsMap() && to.IsMap()) {
            if (!map(from, to, {}, 0, true))
                ok = false;
            return;
        }
        if ((from.IsNull() || (from.IsMap() && from.size() == 0)) && to.IsMap()) {
            const std::string& s = m_src.s;
            if (const Pos at = markPos(from); from.IsMap() && at != kNone) { // "{}"
                edits.push_back({at, m_src.flowEnd(at), emitText(to, m_step, false)});
                return;
            }
            std::string text = (!s.empty() && s.back() != '\n') ? "\n" : "";
            text += emitText(to, m_step, false) + "\n";
            edits.push_back({s.size(), s.size(), text});
            return;
        }
        ok = false;
    }

    // The end (at its '\n') of the last line of the map entry whose key is `key`: the key's line, a
    // block value below it, a multi-line scalar or flow value; not the comments after it.
    Pos entryEnd(const YAML::Node& key, const YAML::Node& value) const
    {
        const Pos k = markPos(key);
        const Pos header = m_src.lineStart(k);
        const int kc = m_src.column(k);
        const Pos v = markPos(value);
        const bool sameLine = v != kNone && v < m_src.s.size() && m_src.lineStart(v) == header && v > k;
        const bool literal = sameLine && value.IsScalar() && (m_src.s[v] == '|' || m_src.s[v] == '>');
        const bool dash = value.IsSequence() && isBlockCollection(value) && v != kNone && m_src.column(v) == kc;
        Pos end = m_src.blockEnd(header, kc, literal, dash);
        if (v != kNone && (isFlowCollection(value) || value.IsScalar()) && v > k) {
            const Pos ve = isFlowCollection(value) ? m_src.flowEnd(v) : m_src.scalarEnd(v, kc);
            end = std::max(end, m_src.lineEnd(ve > 0 ? ve - 1 : ve));
        }
        return end;
    }


private:
    // Where a value sits: after "key:" of a map entry or "- " of a list item.
    struct Slot {
        Pos header;    // start of the key's or dash's line
        Pos after;     // just after ':' or '-'
        int ctx;       // column of the key or dash
        Pos end;       // end of the entry's or item's last line
        bool item;     // a list item
    };

    static int detectStep(const YAML::Node& root)
    {
        if (!root.IsMap())
            return 2;
        for (const auto& kv : root) {
            const YAML::Node& v = kv.second;
            if (v.IsMap() && isBlockCollection(v) && v.Mark().line > kv.first.Mark().line) {
                const int step = v.Mark().column - kv.first.Mark().column;
                if (step >= 1 && step <= 8)
                    return step;
            }
        }
        return 2;
    }

    bool isRaw(const QStringList& keys) const { return !m_raw.empty() && keys == m_rawKeys; }

    // A block map or list written as the text `raw`, its lines indented by `indent`.
    std::string rawBlock(int indent) const { return indentLines(dedent(m_raw), indent); }
    bool rawIsBlock() const
    {
        try {
            return isBlockCollection(YAML::Load(m_raw));
        } catch (const YAML::Exception&) {
            return false;
        }
    }

    // The value `n` after "key:" at column `kc`: inline (true, text after ": ") or block lines.
    std::pair<bool, std::string> renderValue(const YAML::Node& n, int kc, bool flow, const QStringList& keys) const
    {
        if (isRaw(keys) && rawIsBlock())
            return {false, rawBlock(kc + m_step)};
        if (isBlockCollection(n) && !flow) {
            return {false, indentLines(emitText(n, m_step, false), kc + m_step)};
        }
        if (n.IsMap() || n.IsSequence())
            return {true, emitText(n, m_step, true)};
        return {true, scalarText(n, kc + m_step)};
    }

    std::string renderEntry(const YAML::Node& key, const YAML::Node& value, int kc, const QStringList& keys) const
    {
        const auto [inlineForm, text] = renderValue(value, kc, false, keys);
        const std::string k = emitText(key, m_step, false);
        return spaces(kc) + k + (inlineForm ? ": " + text : ":\n" + text);
    }

    std::string renderItem(const YAML::Node& value, int dc) const
    {
        YAML::Node seq(YAML::NodeType::Sequence);
        seq.push_back(value);
        return indentLines(emitText(seq, m_step, false), dc);
    }

    bool map(const YAML::Node& from, const YAML::Node& to, const QStringList& keys, Pos mapStart, bool isRoot)
    {
        struct Entry {
            YAML::Node key;
            YAML::Node value;
            QString name;
        };
        std::vector<Entry> old;
        for (const auto& kv : from)
            old.push_back({kv.first, kv.second, QString::fromStdString(kv.first.Scalar())});
        std::vector<Entry> now;
        for (const auto& kv : to)
            now.push_back({kv.first, kv.second, QString::fromStdString(kv.first.Scalar())});
        auto indexIn = [](const std::vector<Entry>& list, const QString& name) {
            for (std::size_t i = 0; i < list.size(); ++i)
                if (list[i].name == name)
                    return int(i);
            return -1;
        };
        // Keys kept must keep their order; otherwise the value is rewritten as a whole.
        int last = -1;
        for (const Entry& e : now) {
            const int i = indexIn(old, e.name);
            if (i >= 0 && i < last)
                return false;
            last = std::max(last, i);
        }
        const Pos firstKey = markPos(old.front().key);
        if (firstKey == kNone)
            return false;
        const int kc = m_src.column(firstKey);

        for (std::size_t i = 0; i < old.size(); ++i) {
            if (indexIn(now, old[i].name) >= 0)
                continue;
            const Pos k = markPos(old[i].key);
            if (k == kNone || !m_src.firstOnLine(k)) {
                ok = false;
                return true;
            }
            const Pos start = m_src.lineStart(k);
            const Pos stop = m_src.nextLine(entryEnd(old[i].key, old[i].value));
            Removal r;
            r.mapKeys = keys;
            r.key = old[i].name;
            r.text = m_src.s.substr(start, stop - start);
            r.canonical = canonical(old[i].value);
            Pos from = mapStart;
            if (i > 0) {
                r.previousKey = old[i - 1].name;
                from = m_src.nextLine(entryEnd(old[i - 1].key, old[i - 1].value));
            }
            for (Pos p = from; p != kNone && p < start; p = m_src.nextLine(p))
                ++r.gapLines;
            if (from == kNone && i == 0)
                r.gapLines = -1;
            removals.push_back(r);
            edits.push_back({start, stop, {}});
        }

        int anchor = -1;
        std::string pending;
        auto flush = [&] {
            if (pending.empty())
                return;
            Pos at = kNone;
            if (anchor >= 0) {
                const Pos e = entryEnd(old[std::size_t(anchor)].key, old[std::size_t(anchor)].value);
                at = m_src.nextLine(e);
                if (at == e) // the last line has no newline
                    pending.insert(0, "\n");
            } else {
                at = isRoot ? m_src.lineStart(firstKey) : mapStart;
            }
            if (at == kNone)
                ok = false;
            else
                edits.push_back({at, at, pending});
            pending.clear();
        };
        for (const Entry& e : now) {
            const int i = indexIn(old, e.name);
            const QStringList path = keys + QStringList{e.name};
            if (i < 0) {
                pending += renderEntry(e.key, e.value, kc, path) + "\n";
                continue;
            }
            flush();
            anchor = i;
            const Entry& o = old[std::size_t(i)];
            const Pos k = markPos(o.key);
            const Pos after = m_src.afterColon(k);
            if (after == kNone) {
                ok = false;
                return true;
            }
            value(Slot{m_src.lineStart(k), after, m_src.column(k), entryEnd(o.key, o.value), false}, o.value, e.value, path);
        }
        flush();
        return true;
    }

    // The list item whose value is `item`: the position of its '-', or kNone.
    Pos dashOf(const YAML::Node& item) const
    {
        Pos p = markPos(item);
        if (p == kNone)
            return kNone;
        while (p > 0 && (m_src.s[p - 1] == ' ' || m_src.s[p - 1] == '\t'))
            --p;
        if (p == 0 || m_src.s[p - 1] != '-' || !m_src.firstOnLine(p - 1))
            return kNone;
        return p - 1;
    }

    Pos itemEnd(const YAML::Node& item, Pos dash) const
    {
        const Pos v = markPos(item);
        const int dc = m_src.column(dash);
        const bool literal = item.IsScalar() && (m_src.s[v] == '|' || m_src.s[v] == '>');
        Pos end = m_src.blockEnd(m_src.lineStart(dash), dc, literal, false);
        if (isFlowCollection(item) || item.IsScalar()) {
            const Pos ve = isFlowCollection(item) ? m_src.flowEnd(v) : m_src.scalarEnd(v, dc);
            end = std::max(end, m_src.lineEnd(ve > 0 ? ve - 1 : ve));
        }
        return end;
    }

    bool seq(const YAML::Node& from, const YAML::Node& to, const QStringList& keys)
    {
        const std::size_t no = from.size();
        const std::size_t nn = to.size();
        std::vector<Pos> dash(no);
        for (std::size_t i = 0; i < no; ++i) {
            dash[i] = dashOf(from[i]);
            if (dash[i] == kNone)
                return false;
        }
        const int dc = m_src.column(dash[0]);
        std::size_t p = 0;
        while (p < no && p < nn && sameNode(from[p], to[p]))
            ++p;
        std::size_t q = 0;
        while (q < no - p && q < nn - p && sameNode(from[no - 1 - q], to[nn - 1 - q]))
            ++q;
        const std::size_t oldMid = no - p - q;
        const std::size_t newMid = nn - p - q;
        const std::size_t pairs = std::min(oldMid, newMid);
        for (std::size_t k = 0; k < pairs; ++k) {
            const std::size_t i = p + k;
            const YAML::Node o = from[i];
            const YAML::Node n = to[i];
            const Pos end = itemEnd(o, dash[i]);
            if (o.IsMap() && isBlockCollection(o) && n.IsMap() && n.size() > 0
                && m_src.lineStart(markPos(o)) == m_src.lineStart(dash[i])) {
                if (map(o, n, keys, kNone, false))
                    continue;
            }
            value(Slot{m_src.lineStart(dash[i]), dash[i] + 1, dc, end, true}, o, n, keys);
        }
        for (std::size_t i = p + pairs; i < p + oldMid; ++i) {
            const Pos start = m_src.lineStart(dash[i]);
            edits.push_back({start, m_src.nextLine(itemEnd(from[i], dash[i])), {}});
        }
        if (newMid > pairs) {
            std::string text;
            for (std::size_t k = p + pairs; k < p + newMid; ++k)
                text += renderItem(to[k], dc) + "\n";
            const std::size_t before = p + pairs; // insert before old item `before`, i.e. after `before - 1`
            Pos at;
            if (before > 0) {
                const Pos e = itemEnd(from[before - 1], dash[before - 1]);
                at = m_src.nextLine(e);
                if (at == e)
                    text.insert(0, "\n");
            } else {
                at = m_src.lineStart(dash[0]);
            }
            edits.push_back({at, at, text});
        }
        return true;
    }

    // Rewrites the value in `slot` from `o` to `n`.
    void value(const Slot& slot, const YAML::Node& o, const YAML::Node& n, const QStringList& keys)
    {
        const Pos v = markPos(o);
        const bool sameLine = v != kNone && v >= slot.after && m_src.lineStart(v) == slot.header;
        const bool oldInline = !isBlockCollection(o);
        const Pos blockStart = m_src.nextLine(slot.header);

        if (isRaw(keys) && !slot.item && isBlockCollection(o) && !sameLine && rawIsBlock()) {
            // A subtree edited as YAML text: written back as typed, at the indentation it had.
            int removed = 0;
            dedent(m_src.s.substr(blockStart, slot.end - blockStart), &removed);
            const std::string text = indentLines(dedent(m_raw), removed);
            if (text != m_src.s.substr(blockStart, slot.end - blockStart))
                edits.push_back({blockStart, slot.end, text});
            return;
        }
        if (sameTree(o, n) && !(o.IsNull() != n.IsNull()))
            return;
        if (isBlockCollection(o) && !sameLine) {
            if (o.IsMap() && n.IsMap() && n.size() > 0 && !isRaw(keys) && map(o, n, keys, blockStart, false))
                return;
            if (o.IsSequence() && n.IsSequence() && n.size() > 0 && !isRaw(keys) && seq(o, n, keys))
                return;
        }
        if (slot.item) {
            if (oldInline && sameLine && (n.IsScalar() || (isFlowCollection(o) && (n.IsMap() || n.IsSequence())))) {
                const Pos ve = isFlowCollection(o) ? m_src.flowEnd(v) : m_src.scalarEnd(v, slot.ctx);
                edits.push_back({v, ve, isFlowCollection(o) ? emitText(n, m_step, true) : scalarText(n, slot.ctx + m_step)});
                return;
            }
            edits.push_back({slot.header, slot.end, renderItem(n, slot.ctx)});
            return;
        }
        const auto [newInline, text] = renderValue(n, slot.ctx, isFlowCollection(o), keys);
        if (oldInline) {
            Pos vs = slot.after;
            Pos ve = slot.after;
            if (o.IsNull() && !sameLine) {
                // "key:" with nothing after it
            } else if (v != kNone) {
                vs = v;
                ve = isFlowCollection(o) ? m_src.flowEnd(v) : m_src.scalarEnd(v, slot.ctx);
            }
            if (newInline) {
                edits.push_back({vs, ve, (vs == slot.after ? " " : "") + text});
            } else {
                edits.push_back({slot.after, ve, {}});
                const Pos at = m_src.lineEnd(ve > 0 ? ve - 1 : ve);
                edits.push_back({std::max(at, ve), std::max(at, ve), "\n" + text});
            }
            return;
        }
        // The old value is a block below the key.
        if (!newInline) {
            edits.push_back({blockStart, slot.end, text});
        } else {
            edits.push_back({m_src.lineEnd(slot.header), slot.end, {}});
            edits.push_back({slot.after, slot.after, " " + text});
        }
    }

    Source m_src;
    QStringList m_rawKeys;
    std::string m_raw;
    int m_step = 2;
};

// `text` with each line's trailing carriage returns (and, with `blanks`, spaces and tabs) removed,
// trailing empty lines dropped and one newline at the end. Its own result again: no "\r\n" and
// no trailing blank is left for a second pass to find.
QString strippedLines(const QString& text, bool blanks)
{
    static const QRegularExpression trailingCr(QStringLiteral("\\r+$"));
    static const QRegularExpression trailingBlanks(QStringLiteral("[ \\t\\r]+$"));
    QStringList stripped;
    for (const QString& line : text.split(QLatin1Char('\n')))
        stripped << QString(line).remove(blanks ? trailingBlanks : trailingCr);
    while (!stripped.isEmpty() && stripped.last().isEmpty())
        stripped.removeLast();
    return stripped.isEmpty() ? QString() : stripped.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

// Normalises a document's text: LF line ends, no byte-order mark, no trailing blanks on lines,
// one newline at the end. Where dropping trailing blanks would change a value (a block scalar's
// content), only the line ends are changed; where that too would, the text stays as it is.
// normalizedText(normalizedText(t)) == normalizedText(t).
QString normalizedText(QString text)
{
    if (text.startsWith(QChar(0xfeff)))
        text.remove(0, 1);
    std::optional<YAML::Node> tree;
    for (const bool blanks : {true, false}) {
        const QString clean = strippedLines(text, blanks);
        if (clean == text)
            return text;
        try {
            if (!tree)
                tree = YAML::Load(text.toStdString());
        } catch (const YAML::Exception&) {
            return text; // parse() reports the error at its place in the user's text
        }
        try {
            if (sameTree(YAML::Load(clean.toStdString()), *tree))
                return clean;
        } catch (const YAML::Exception&) {
        }
    }
    return text;
}

} // namespace

bool plainScalarIsNotString(const QString& text)
{
    if (isYamlNull(text) || isYaml11Bool(text) || yamlInt(text) || yamlFloat(text) || looksLikeTimestamp(text))
        return true;
    return text.front().isSpace() || text.back().isSpace();
}

YamlDocument::YamlDocument()
    : m_root(std::make_unique<YAML::Node>(YAML::NodeType::Map))
{
}

YamlDocument::~YamlDocument() = default;
YamlDocument::YamlDocument(YamlDocument&&) noexcept = default;
YamlDocument& YamlDocument::operator=(YamlDocument&&) noexcept = default;

YamlDocument::YamlDocument(const YamlDocument& other)
    : m_text(other.m_text)
    , m_root(std::make_unique<YAML::Node>(YAML::Clone(*other.m_root)))
    , m_removed(other.m_removed)
{
    reparse();
}

YamlDocument& YamlDocument::operator=(const YamlDocument& other)
{
    if (this != &other) {
        m_text = other.m_text;
        m_root = std::make_unique<YAML::Node>(YAML::Clone(*other.m_root));
        m_removed = other.m_removed;
        reparse();
    }
    return *this;
}

void YamlDocument::reparse()
{
    if (m_text.empty())
        return;
    try {
        YAML::Node root = YAML::Load(m_text);
        *m_root = root.IsMap() ? root : YAML::Node(YAML::NodeType::Map);
    } catch (const YAML::Exception&) {
    }
}

std::optional<YamlDocument> YamlDocument::parse(const QString& input, YamlError* error)
{
    if (const auto limit = checkYamlLimits(input.toStdString())) {
        if (error)
            *error = *limit;
        return std::nullopt;
    }
    const QString text = normalizedText(input);
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::ParserException& e) {
        if (error) {
            *error = {e.mark.line + 1, e.mark.column + 1, QString::fromStdString(e.msg)};
            if (const auto unclosed = findUnclosed(text);
                unclosed && (unclosed->line < error->line || (unclosed->line == error->line && unclosed->column <= error->column)
                             || e.mark.line < 0))
                *error = *unclosed;
        }
        return std::nullopt;
    }
    if (!root.IsMap()) {
        if (error)
            *error = {1, 1,
                      root.IsNull() ? QStringLiteral("the document is empty; start with apiVersion, kind, metadata and spec")
                                    : QStringLiteral("the top level must be a map (apiVersion, kind, metadata, spec)")};
        return std::nullopt;
    }
    // yaml-cpp reads a quoted string that is never closed up to the end of the text.
    if (const auto unclosed = findUnclosed(text); unclosed && unclosed->message.contains(QLatin1String("quoted"))) {
        if (error)
            *error = *unclosed;
        return std::nullopt;
    }
    YamlDocument doc;
    doc.m_text = text.toStdString();
    *doc.m_root = root;
    return doc;
}

std::optional<YamlError> YamlDocument::findUnclosed(const QString& text)
{
    const std::string s = text.toStdString();
    const Source src{s};
    auto at = [&](Pos p, const QString& message) {
        const Pos ls = src.lineStart(p);
        int line = 1;
        for (Pos i = 0; i < ls; ++i)
            line += s[i] == '\n' ? 1 : 0;
        const int column = int(QString::fromUtf8(s.data() + ls, qsizetype(p - ls)).size()) + 1;
        return YamlError{line, column, message};
    };
    std::vector<Pos> open;
    int blockScalar = -1; // the column a block scalar's lines must be indented beyond
    for (Pos i = 0; i < s.size();) {
        if (i == 0 || s[i - 1] == '\n') {
            if (blockScalar >= 0 && (src.blank(i) || src.indent(i) > blockScalar)) {
                i = src.nextLine(i);
                continue;
            }
            blockScalar = -1;
        }
        const char c = s[i];
        const bool flow = !open.empty();
        if (c == '#' && (i == 0 || isSpace(s[i - 1]))) {
            i = src.lineEnd(i);
            continue;
        }
        if ((c == '"' || c == '\'') && src.quoteOpens(i, flow)) {
            const Pos e = src.quotedEnd(i);
            if (e == kNone)
                return at(i, QStringLiteral("this %1 opens a quoted string that is never closed; add the closing %1").arg(QChar::fromLatin1(c)));
            i = e;
            continue;
        }
        if ((c == '[' || c == '{') && (flow || src.quoteOpens(i, false))) {
            open.push_back(i);
            ++i;
            continue;
        }
        if ((c == ']' || c == '}') && flow) {
            const char opener = s[open.back()];
            if ((opener == '[') != (c == ']'))
                return at(open.back(), QStringLiteral("this '%1' is closed by '%2'; close it with '%3'")
                                           .arg(QChar::fromLatin1(opener), QChar::fromLatin1(c), QChar::fromLatin1(opener == '[' ? ']' : '}')));
            open.pop_back();
            ++i;
            continue;
        }
        if (!flow && (c == '|' || c == '>') && src.quoteOpens(i, false)) {
            blockScalar = src.indent(src.lineStart(i));
            i = src.lineEnd(i);
            continue;
        }
        ++i;
    }
    if (open.empty())
        return std::nullopt;
    const char opener = s[open.front()];
    return at(open.front(), QStringLiteral("this '%1' is never closed; add the matching '%2'")
                                .arg(QChar::fromLatin1(opener), QChar::fromLatin1(opener == '[' ? ']' : '}')));
}

QString YamlDocument::toYaml() const
{
    const Source src{m_text};
    for (Pos p = 0; p < m_text.size(); p = src.nextLine(p))
        if (!src.blank(p) && !src.comment(p))
            return QString::fromStdString(m_text);
    return QString::fromStdString(m_text) + QStringLiteral("{}\n");
}

QString YamlDocument::canonicalYaml() const
{
    QString s = QString::fromStdString(canonical(*m_root));
    if (!s.endsWith(QLatin1Char('\n')))
        s += QLatin1Char('\n');
    return s;
}

QString YamlDocument::canonicalYamlOf(const QJsonObject& object)
{
    const QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Indented);
    YamlError error;
    const auto doc = parse(QString::fromUtf8(json), &error);
    return doc ? doc->canonicalYaml() : QString::fromUtf8(json);
}

void YamlDocument::commit(const YAML::Node& target, const QStringList& field, bool clearing, const QStringList& rawKeys,
                          const QString& raw)
{
    Differ differ(m_text, rawKeys, raw.toStdString());
    differ.root(*m_root, target);
    std::string text = m_text;
    bool good = differ.ok;
    if (good) {
        std::vector<Edit> edits = differ.edits;
        for (std::size_t i = 0; i < edits.size(); ++i)
            edits[i].order = i;
        std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
            if (a.start != b.start)
                return a.start > b.start;
            if (a.end != b.end)
                return a.end > b.end;
            return a.order > b.order;
        });
        for (const Edit& e : edits)
            text.replace(e.start, e.end - e.start, e.text);
        if (!text.empty() && text.back() != '\n')
            text += '\n';
    }
    YAML::Node parsed;
    if (good) {
        try {
            parsed = YAML::Load(text);
            good = sameTree(parsed, target);
        } catch (const YAML::Exception&) {
            good = false;
        }
    }
    if (!good) {
        qWarning("YamlDocument: could not edit the text in place at %s; writing the document in full",
                 qPrintable(field.join(QLatin1Char('.'))));
        text = canonical(target) + "\n";
        parsed = YAML::Load(text);
        m_removed.clear();
    }
    m_text = text;
    *m_root = parsed.IsMap() ? parsed : YAML::Node(YAML::NodeType::Map);
    const QString id = fieldId(field);
    if (good && clearing && differ.removals.size() == 1 && differ.removals.front().gapLines >= 0) {
        const auto& r = differ.removals.front();
        m_removed.insert(id, Removed{r.mapKeys, r.key, r.previousKey, r.gapLines, r.text, r.canonical});
    } else {
        m_removed.remove(id);
    }
}

bool YamlDocument::restoreRemoved(const QStringList& field)
{
    const auto it = m_removed.constFind(fieldId(field));
    if (it == m_removed.cend())
        return false;
    const Removed r = it.value();
    m_removed.erase(it);
    const YAML::Node map = findKeys(*m_root, r.mapKeys);
    if (!(r.mapKeys.isEmpty() ? map.IsMap() : isBlockCollection(map) && map.IsMap()))
        return false;
    if (map[r.key.toStdString()])
        return false;
    const Source src{m_text};
    Differ differ(m_text, {}, {});
    Pos start = kNone;
    if (!r.previousKey.isEmpty()) {
        for (const auto& kv : map)
            if (QString::fromStdString(kv.first.Scalar()) == r.previousKey)
                start = src.nextLine(differ.entryEnd(kv.first, kv.second));
    } else if (r.mapKeys.isEmpty()) {
        start = 0;
    } else {
        // the line after the parent's key
        const YAML::Node parent = findKeys(*m_root, r.mapKeys.mid(0, r.mapKeys.size() - 1));
        for (const auto& kv : parent)
            if (QString::fromStdString(kv.first.Scalar()) == r.mapKeys.last())
                start = src.nextLine(markPos(kv.first));
    }
    if (start == kNone)
        return false;
    for (int i = 0; i < r.gapLines; ++i) {
        if (start >= m_text.size() || !(src.blank(start) || src.comment(start)))
            return false;
        start = src.nextLine(start);
    }
    std::string text = m_text;
    std::string insert = r.text;
    if (insert.empty() || insert.back() != '\n')
        insert += '\n';
    if (start == text.size() && !text.empty() && text.back() != '\n')
        insert.insert(0, "\n");
    text.insert(start, insert);
    try {
        const YAML::Node parsed = YAML::Load(text);
        const YAML::Node back = findKeys(parsed, r.mapKeys + QStringList{r.key});
        if (!back || canonical(back) != r.canonical)
            return false;
        YAML::Node without = YAML::Clone(parsed);
        YAML::Node parent = findKeys(without, r.mapKeys);
        parent.remove(r.key.toStdString());
        if (!sameTree(without, *m_root))
            return false;
        m_text = text;
        *m_root = parsed;
        return true;
    } catch (const YAML::Exception&) {
        return false;
    }
}

QJsonObject YamlDocument::toJson() const
{
    return toJsonValue(*m_root).toObject();
}

bool YamlDocument::contains(const QString& path) const
{
    return find(*m_root, path).IsDefined();
}

QString YamlDocument::text(const QString& path) const
{
    const YAML::Node n = find(*m_root, path);
    return n.IsScalar() ? QString::fromStdString(n.Scalar()) : QString();
}

QVariant YamlDocument::value(const QString& path, ValueType type) const
{
    const YAML::Node n = find(*m_root, path);
    if (!n.IsDefined() || n.IsNull())
        return {};
    switch (type) {
    case ValueType::String:
    case ValueType::Text:
        return n.IsScalar() ? QVariant(QString::fromStdString(n.Scalar())) : QVariant();
    case ValueType::Yaml:
        return yaml(path);
    case ValueType::Integer: {
        if (!n.IsScalar())
            return {};
        const auto i = yamlInt(QString::fromStdString(n.Scalar()));
        return i ? QVariant(qlonglong(*i)) : QVariant();
    }
    case ValueType::Boolean: {
        bool b = false;
        return n.IsScalar() && isYaml11Bool(QString::fromStdString(n.Scalar()), &b) ? QVariant(b) : QVariant();
    }
    case ValueType::StringList: {
        if (!n.IsSequence())
            return {};
        QStringList list;
        for (const auto& item : n)
            list << (item.IsScalar() ? QString::fromStdString(item.Scalar()) : QString());
        return list;
    }
    case ValueType::StringMap: {
        if (!n.IsMap())
            return {};
        StringPairs pairs;
        for (const auto& kv : n)
            pairs << qMakePair(QString::fromStdString(kv.first.Scalar()),
                               kv.second.IsScalar() ? QString::fromStdString(kv.second.Scalar()) : QString());
        return QVariant::fromValue(pairs);
    }
    }
    return {};
}

void YamlDocument::remove(const QString& path)
{
    const QStringList keys = splitPath(path);
    if (keys.isEmpty() || !findKeys(*m_root, keys).IsDefined())
        return;
    YAML::Node target = cloneRoot(*m_root);
    treeRemove(target, keys);
    commit(target, keys, true);
}

void YamlDocument::setValue(const QString& path, ValueType type, const QVariant& value)
{
    YAML::Node node;
    switch (type) {
    case ValueType::Yaml:
        setYaml(path, value.toString(), nullptr);
        return;
    case ValueType::String:
    case ValueType::Text: {
        const QString s = value.toString();
        if (!value.isValid() || s.isEmpty())
            return remove(path);
        node = stringNode(s);
        break;
    }
    case ValueType::Integer:
        if (!value.isValid())
            return remove(path);
        node = plainNode(QString::number(value.toLongLong()).toStdString());
        break;
    case ValueType::Boolean:
        if (!value.isValid())
            return remove(path);
        node = plainNode(value.toBool() ? "true" : "false");
        break;
    case ValueType::StringList: {
        const QStringList list = value.toStringList();
        if (list.isEmpty())
            return remove(path);
        node = YAML::Node(YAML::NodeType::Sequence);
        for (const QString& s : list)
            node.push_back(stringNode(s));
        break;
    }
    case ValueType::StringMap: {
        StringPairs pairs;
        if (value.canConvert<StringPairs>() && value.typeId() != QMetaType::QVariantMap) {
            pairs = value.value<StringPairs>();
        } else {
            const QVariantMap map = value.toMap();
            for (auto it = map.cbegin(); it != map.cend(); ++it)
                pairs << qMakePair(it.key(), it.value().toString());
        }
        if (pairs.isEmpty())
            return remove(path);
        node = YAML::Node(YAML::NodeType::Map);
        for (const auto& [key, text] : pairs)
            node[key.toStdString()] = stringNode(text);
        break;
    }
    }
    const QStringList keys = splitPath(path);
    if (keys.isEmpty())
        return;
    if (!findKeys(*m_root, keys).IsDefined())
        restoreRemoved(keys);
    YAML::Node target = cloneRoot(*m_root);
    treePut(target, keys, node);
    commit(target, keys, false);
}

void YamlDocument::setEntry(const QString& path, const QString& key, const QString& value)
{
    const QStringList keys = splitPath(path) + QStringList{key};
    if (!findKeys(*m_root, keys).IsDefined())
        restoreRemoved(keys);
    YAML::Node target = cloneRoot(*m_root);
    treePut(target, keys, stringNode(value));
    commit(target, keys, false);
}

void YamlDocument::removeEntry(const QString& path, const QString& key)
{
    const QStringList keys = splitPath(path) + QStringList{key};
    const YAML::Node map = find(*m_root, path);
    if (!map.IsMap() || !findKeys(*m_root, keys).IsDefined())
        return;
    YAML::Node target = cloneRoot(*m_root);
    treeRemove(target, keys);
    commit(target, keys, true);
}

QJsonValue YamlDocument::json(const QString& path) const
{
    const YAML::Node n = find(*m_root, path);
    return n.IsDefined() ? toJsonValue(n) : QJsonValue(QJsonValue::Undefined);
}

QString YamlDocument::yaml(const QString& path) const
{
    const QStringList keys = splitPath(path);
    const YAML::Node n = findKeys(*m_root, keys);
    if (!n.IsDefined())
        return {};
    // A block map or list below its key: its lines as written.
    if (!keys.isEmpty() && isBlockCollection(n) && !m_text.empty()) {
        const YAML::Node parent = findKeys(*m_root, keys.mid(0, keys.size() - 1));
        for (const auto& kv : parent) {
            if (QString::fromStdString(kv.first.Scalar()) != keys.last())
                continue;
            const Source src{m_text};
            const Pos k = markPos(kv.first);
            const Pos v = markPos(kv.second);
            if (k == kNone || v == kNone || src.lineStart(v) == src.lineStart(k))
                break;
            Differ differ(m_text, {}, {});
            const Pos start = src.nextLine(src.lineStart(k));
            const Pos end = differ.entryEnd(kv.first, kv.second);
            if (end <= start)
                break;
            return QString::fromStdString(dedent(m_text.substr(start, end - start))) + QLatin1Char('\n');
        }
    }
    QString s = QString::fromStdString(canonical(n));
    if (!s.isEmpty() && !s.endsWith(QLatin1Char('\n')))
        s += QLatin1Char('\n');
    return s;
}

bool YamlDocument::setYaml(const QString& path, const QString& text, YamlError* error)
{
    if (text.trimmed().isEmpty()) {
        remove(path);
        return true;
    }
    if (const auto limit = checkYamlLimits(text.toStdString())) {
        if (error)
            *error = *limit;
        return false;
    }
    YAML::Node node;
    try {
        node = YAML::Load(text.toStdString());
    } catch (const YAML::ParserException& e) {
        if (error) {
            *error = {e.mark.line + 1, e.mark.column + 1, QString::fromStdString(e.msg)};
            if (const auto unclosed = findUnclosed(text);
                unclosed && (unclosed->line < error->line || (unclosed->line == error->line && unclosed->column <= error->column)))
                *error = *unclosed;
        }
        return false;
    }
    if (node.IsNull()) {
        remove(path);
        return true;
    }
    const QStringList keys = splitPath(path);
    if (keys.isEmpty())
        return false;
    if (!findKeys(*m_root, keys).IsDefined())
        restoreRemoved(keys);
    YAML::Node target = cloneRoot(*m_root);
    treePut(target, keys, YAML::Clone(node));
    commit(target, keys, false, keys, text);
    return true;
}

namespace {
void collectUncovered(const YAML::Node& n, const QString& prefix, const QStringList& known, QStringList* out)
{
    if (!n.IsMap())
        return;
    for (const auto& kv : n) {
        const QString key = QString::fromStdString(kv.first.Scalar());
        const QString path = prefix.isEmpty() ? key : prefix + QLatin1Char('.') + key;
        bool covered = false;
        bool parent = false;
        for (const QString& k : known) {
            if (k == path || path.startsWith(k + QLatin1Char('.'))) {
                covered = true;
                break;
            }
            if (k.startsWith(path + QLatin1Char('.')))
                parent = true;
        }
        if (covered)
            continue;
        if (parent && kv.second.IsMap())
            collectUncovered(kv.second, path, known, out);
        else
            *out << path;
    }
}
} // namespace

QStringList YamlDocument::uncoveredPaths(const QStringList& known) const
{
    QStringList out;
    collectUncovered(*m_root, {}, known, &out);
    return out;
}

QStringList YamlDocument::keysNotIn(const QString& path, const QStringList& known) const
{
    const YAML::Node n = path.isEmpty() ? *m_root : find(*m_root, path);
    QStringList unknown;
    if (!n.IsMap())
        return unknown;
    for (const auto& kv : n) {
        const QString key = QString::fromStdString(kv.first.Scalar());
        if (!known.contains(key))
            unknown << key;
    }
    return unknown;
}

namespace {
// The 1-based line and character column of a yaml-cpp mark in `text` (marks count bytes).
std::optional<YamlPosition> positionOf(const std::string& text, const YAML::Mark& mark)
{
    if (mark.pos < 0 || std::size_t(mark.pos) > text.size())
        return std::nullopt;
    return YamlPosition{mark.line + 1, characterColumn(text, std::size_t(mark.pos))};
}

// "[N]" → N; -1 for anything else.
int listIndex(const QString& segment)
{
    if (segment.size() < 3 || !segment.startsWith(QLatin1Char('[')) || !segment.endsWith(QLatin1Char(']')))
        return -1;
    bool ok = false;
    const int i = segment.mid(1, segment.size() - 2).toInt(&ok);
    return ok && i >= 0 ? i : -1;
}

void collectDuplicates(const std::string& text, const YAML::Node& n, QStringList& path,
                       QList<QPair<QStringList, YamlPosition>>* out)
{
    if (n.IsSequence()) {
        for (std::size_t i = 0; i < n.size(); ++i) {
            path << QStringLiteral("[%1]").arg(i);
            collectDuplicates(text, n[i], path, out);
            path.removeLast();
        }
        return;
    }
    if (!n.IsMap())
        return;
    QStringList seen;
    for (const auto& kv : n) {
        if (isMergeKey(kv.first))
            continue;
        const QString key = jsonKey(kv.first);
        path << key;
        if (seen.contains(key)) {
            if (const auto at = positionOf(text, kv.first.Mark()))
                *out << qMakePair(path, *at);
        }
        seen << key;
        collectDuplicates(text, kv.second, path, out);
        path.removeLast();
    }
}
} // namespace

std::optional<YamlPosition> YamlDocument::position(const QStringList& segments, bool ofKey) const
{
    YAML::Node cur;
    cur.reset(*m_root);
    if (segments.isEmpty()) {
        if (cur.IsMap() && cur.size() > 0)
            return positionOf(m_text, cur.begin()->first.Mark());
        return YamlPosition{1, 1};
    }
    YAML::Node keyNode;
    bool haveKey = false; // the last segment was a map key (keyNode)
    for (const QString& segment : segments) {
        haveKey = false;
        const int index = listIndex(segment);
        if (cur.IsSequence() && index >= 0 && std::size_t(index) < cur.size()) {
            const YAML::Node& constCur = cur;
            cur.reset(constCur[std::size_t(index)]);
            continue;
        }
        if (!cur.IsMap())
            return std::nullopt;
        YAML::Node found;
        for (const auto& kv : cur) {
            if (!isMergeKey(kv.first) && jsonKey(kv.first) == segment) { // the last one wins, as in toJson()
                keyNode.reset(kv.first);
                found.reset(kv.second);
                haveKey = true;
            }
        }
        if (!haveKey)
            return std::nullopt;
        cur.reset(found);
    }
    const bool atKey = haveKey && (ofKey || cur.IsNull() || cur.Mark().pos < 0);
    return positionOf(m_text, atKey ? keyNode.Mark() : cur.Mark());
}

QList<QPair<QStringList, YamlPosition>> YamlDocument::duplicateKeys() const
{
    QList<QPair<QStringList, YamlPosition>> out;
    QStringList path;
    collectDuplicates(m_text, *m_root, path, &out);
    return out;
}

QList<YamlChunk> splitYamlDocuments(const QString& text)
{
    static const QRegularExpression separator(QStringLiteral(R"(^---(\s.*)?$)"));
    static const QRegularExpression meaningful(QStringLiteral(R"(^\s*[^#\s])"));
    static const QRegularExpression commented(QStringLiteral(R"(^\s*#)"));
    QList<YamlChunk> chunks;
    QStringList current;
    int start = 1;
    bool hasContent = false;
    QStringList carried; // comment-only text, kept with the next document (or the last one)
    int carriedStart = 1;
    const QStringList lines = text.split(QLatin1Char('\n'));
    auto flush = [&](int nextStart) {
        if (hasContent) {
            QString chunk = (carried + current).join(QLatin1Char('\n'));
            if (!chunk.endsWith(QLatin1Char('\n')))
                chunk += QLatin1Char('\n');
            chunks << YamlChunk{chunk, carried.isEmpty() ? start : carriedStart};
            carried.clear();
        } else if (!current.filter(commented).isEmpty()) {
            if (carried.isEmpty())
                carriedStart = start;
            carried += current;
        }
        current.clear();
        hasContent = false;
        start = nextStart;
    };
    for (int i = 0; i < lines.size(); ++i) {
        const QString& line = lines[i];
        if (separator.match(line).hasMatch()) {
            flush(i + 2);
            // A separator with a comment, or after kept comments, stays with its document.
            if (!carried.isEmpty() || line.contains(QLatin1Char('#'))) {
                current << line;
                start = i + 1;
            }
            continue;
        }
        if (line == QLatin1String("...")) {
            flush(i + 2);
            continue;
        }
        current << line;
        if (meaningful.match(line).hasMatch())
            hasContent = true;
    }
    flush(int(lines.size()) + 1);
    if (!carried.isEmpty() && !chunks.isEmpty()) {
        QString tail = carried.join(QLatin1Char('\n'));
        if (!tail.endsWith(QLatin1Char('\n')))
            tail += QLatin1Char('\n');
        chunks.last().text += tail;
    }
    return chunks;
}

QString joinYamlDocuments(const QStringList& documents)
{
    QString out;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        if (i > 0 && !documents[i].startsWith(QLatin1String("---")))
            out += QStringLiteral("---\n");
        out += documents[i];
        if (!out.endsWith(QLatin1Char('\n')))
            out += QLatin1Char('\n');
    }
    return out;
}

} // namespace model
