#include "yamldocument.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

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

// Integers as YAML 1.1 (Go's ParseInt with base 0 after dropping '_') and 1.2 (0o, 0x) read them.
std::optional<qint64> yamlInt(const QString& s)
{
    static const QRegularExpression re(QStringLiteral(R"(^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*)$)"));
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
    if (t.startsWith(QLatin1String("0b")))
        v = t.mid(2).toLongLong(&ok, 2);
    else if (t.startsWith(QLatin1String("0o")))
        v = t.mid(2).toLongLong(&ok, 8);
    else if (t.startsWith(QLatin1String("0x")))
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
    bool ok = false;
    const double v = t.toDouble(&ok);
    return ok ? std::optional<double>(v) : std::nullopt;
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

QJsonValue toJsonValue(const YAML::Node& n)
{
    switch (n.Type()) {
    case YAML::NodeType::Map: {
        QJsonObject obj;
        for (const auto& kv : n)
            obj.insert(QString::fromStdString(kv.first.Scalar()), toJsonValue(kv.second));
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

void emitScalar(YAML::Emitter& out, const YAML::Node& n)
{
    const std::string& v = n.Scalar();
    const QString text = QString::fromStdString(v);
    if (isStringScalar(n)) {
        if (plainScalarIsNotString(text))
            out << YAML::DoubleQuoted << v;
        else if (text.contains(QLatin1Char('\n')))
            out << YAML::Literal << v;
        else
            out << v;
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
            emitScalar(out, kv.first);
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

// Finds the node at `path` without creating anything. Returns an invalid node when absent.
YAML::Node find(const YAML::Node& root, const QString& path)
{
    YAML::Node cur;
    cur.reset(root);
    for (const QString& key : splitPath(path)) {
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

} // namespace

bool plainScalarIsNotString(const QString& text)
{
    if (isYamlNull(text) || isYaml11Bool(text) || yamlInt(text) || yamlFloat(text) || looksLikeTimestamp(text))
        return true;
    return text.front().isSpace() || text.back().isSpace();
}

QString YamlError::toString() const
{
    return QStringLiteral("%1:%2: %3").arg(line).arg(column).arg(message);
}

YamlDocument::YamlDocument()
    : m_root(std::make_unique<YAML::Node>(YAML::NodeType::Map))
{
}

YamlDocument::~YamlDocument() = default;
YamlDocument::YamlDocument(YamlDocument&&) noexcept = default;
YamlDocument& YamlDocument::operator=(YamlDocument&&) noexcept = default;

YamlDocument::YamlDocument(const YamlDocument& other)
    : m_root(std::make_unique<YAML::Node>(YAML::Clone(*other.m_root)))
{
}

YamlDocument& YamlDocument::operator=(const YamlDocument& other)
{
    if (this != &other)
        m_root = std::make_unique<YAML::Node>(YAML::Clone(*other.m_root));
    return *this;
}

std::optional<YamlDocument> YamlDocument::parse(const QString& text, YamlError* error)
{
    YAML::Node root;
    try {
        root = YAML::Load(text.toStdString());
    } catch (const YAML::ParserException& e) {
        if (error)
            *error = {e.mark.line + 1, e.mark.column + 1, QString::fromStdString(e.msg)};
        return std::nullopt;
    }
    if (!root.IsMap()) {
        if (error)
            *error = {1, 1,
                      root.IsNull() ? QStringLiteral("the document is empty; start with apiVersion, kind, metadata and spec")
                                    : QStringLiteral("the top level must be a map (apiVersion, kind, metadata, spec)")};
        return std::nullopt;
    }
    YamlDocument doc;
    *doc.m_root = root;
    return doc;
}

QString YamlDocument::toYaml() const
{
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetNullFormat(YAML::LowerNull);
    out.SetSeqFormat(YAML::Block);
    out.SetMapFormat(YAML::Block);
    emitNode(out, *m_root);
    QString s = QString::fromUtf8(out.c_str());
    if (!s.endsWith(QLatin1Char('\n')))
        s += QLatin1Char('\n');
    return s;
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
    QStringList keys = splitPath(path);
    while (!keys.isEmpty()) {
        const QString last = keys.takeLast();
        YAML::Node parent = find(*m_root, keys.join(QLatin1Char('.')));
        if (!parent.IsMap())
            return;
        parent.remove(last.toStdString());
        if (parent.size() > 0 || keys.isEmpty())
            return;
        // the parent map is now empty: remove it too
    }
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
    put(path, node);
}

void YamlDocument::put(const QString& path, const YAML::Node& node)
{
    // Walk down, creating maps where needed (replacing a scalar in the way).
    const QStringList keys = splitPath(path);
    YAML::Node cur;
    cur.reset(*m_root);
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

void YamlDocument::setEntry(const QString& path, const QString& key, const QString& value)
{
    YAML::Node map = find(*m_root, path);
    if (!map.IsDefined() || !map.IsMap()) {
        put(path, YAML::Node(YAML::NodeType::Map));
        map = find(*m_root, path);
    }
    map[key.toStdString()] = stringNode(value);
}

void YamlDocument::removeEntry(const QString& path, const QString& key)
{
    YAML::Node map = find(*m_root, path);
    if (!map.IsDefined() || !map.IsMap())
        return;
    map.remove(key.toStdString());
    if (map.size() == 0)
        remove(path);
}

QJsonValue YamlDocument::json(const QString& path) const
{
    const YAML::Node n = find(*m_root, path);
    return n.IsDefined() ? toJsonValue(n) : QJsonValue(QJsonValue::Undefined);
}

QString YamlDocument::yaml(const QString& path) const
{
    const YAML::Node n = find(*m_root, path);
    if (!n.IsDefined())
        return {};
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetNullFormat(YAML::LowerNull);
    emitNode(out, n);
    QString s = QString::fromUtf8(out.c_str());
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
    YAML::Node node;
    try {
        node = YAML::Load(text.toStdString());
    } catch (const YAML::ParserException& e) {
        if (error)
            *error = {e.mark.line + 1, e.mark.column + 1, QString::fromStdString(e.msg)};
        return false;
    }
    if (node.IsNull()) {
        remove(path);
        return true;
    }
    put(path, node);
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

QList<YamlChunk> splitYamlDocuments(const QString& text)
{
    static const QRegularExpression separator(QStringLiteral(R"(^---(\s.*)?$)"));
    static const QRegularExpression meaningful(QStringLiteral(R"(^\s*[^#\s])"));
    QList<YamlChunk> chunks;
    QStringList current;
    int start = 1;
    bool hasContent = false;
    const QStringList lines = text.split(QLatin1Char('\n'));
    auto flush = [&](int nextStart) {
        if (hasContent) {
            QString chunk = current.join(QLatin1Char('\n'));
            if (!chunk.endsWith(QLatin1Char('\n')))
                chunk += QLatin1Char('\n');
            chunks << YamlChunk{chunk, start};
        }
        current.clear();
        hasContent = false;
        start = nextStart;
    };
    for (int i = 0; i < lines.size(); ++i) {
        const QString& line = lines[i];
        if (separator.match(line).hasMatch()) {
            flush(i + 2);
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
    return chunks;
}

QString joinYamlDocuments(const QStringList& documents)
{
    QString out;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        if (i > 0)
            out += QStringLiteral("---\n");
        out += documents[i];
        if (!out.endsWith(QLatin1Char('\n')))
            out += QLatin1Char('\n');
    }
    return out;
}

} // namespace model
