#include "models/kubevalidation.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>
#include <limits>
#include <optional>

namespace model {

namespace {

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

// Go's strconv.ParseInt(s, 10, 64): an optional sign and at least one digit, within int64.
std::optional<qint64> goParseInt64(QStringView s)
{
    bool negative = false;
    if (!s.isEmpty() && (s.front() == QLatin1Char('+') || s.front() == QLatin1Char('-'))) {
        negative = s.front() == QLatin1Char('-');
        s = s.mid(1);
    }
    if (s.isEmpty())
        return std::nullopt;
    quint64 v = 0;
    const quint64 limit = quint64(std::numeric_limits<qint64>::max()) + (negative ? 1 : 0);
    for (QChar c : s) {
        if (!isDigit(c))
            return std::nullopt;
        const quint64 d = c.unicode() - '0';
        if (v > (limit - d) / 10)
            return std::nullopt;
        v = v * 10 + d;
    }
    return negative ? qint64(0 - v) : qint64(v);
}

} // namespace

bool isKubernetesQuantity(const QString& text, bool* negative)
{
    if (negative)
        *negative = false;
    if (text.isEmpty())
        return false;
    // The number: [+-] digits [. digits], each part possibly empty (ParseQuantity reads "." and "-" as 0).
    qsizetype i = 0;
    const qsizetype end = text.size();
    if (text.at(0) == QLatin1Char('+') || text.at(0) == QLatin1Char('-'))
        ++i;
    bool digits = false;
    while (i < end && isDigit(text.at(i)))
        ++i, digits = true;
    if (i < end && text.at(i) == QLatin1Char('.')) {
        ++i;
        while (i < end && isDigit(text.at(i)))
            ++i, digits = true;
    }
    const QStringView number = QStringView(text).left(i);
    const QStringView suffix = QStringView(text).mid(i);
    // Any non-zero digit makes a non-zero value (ParseQuantity rounds tiny ones up to 1n).
    const bool belowZero = text.at(0) == QLatin1Char('-')
        && std::any_of(number.begin(), number.end(), [](QChar c) { return c >= QLatin1Char('1') && c <= QLatin1Char('9'); });
    if (suffix.isEmpty()) {
        if (negative)
            *negative = belowZero;
        return true;
    }
    // The suffix: decimal SI, binary SI, or an exponent.
    static const QStringList decimal{QStringLiteral("n"), QStringLiteral("u"), QStringLiteral("m"), QStringLiteral("k"),
                                     QStringLiteral("M"), QStringLiteral("G"), QStringLiteral("T"), QStringLiteral("P"),
                                     QStringLiteral("E")};
    static const QStringList binary{QStringLiteral("Ki"), QStringLiteral("Mi"), QStringLiteral("Gi"),
                                    QStringLiteral("Ti"), QStringLiteral("Pi"), QStringLiteral("Ei")};
    const int d = int(decimal.indexOf(suffix.toString()));
    const int b = int(binary.indexOf(suffix.toString()));
    qint32 exponent = 0; // power of 10 for decimal suffixes and exponents, of 2 for binary ones
    if (d >= 0) {
        static const int powers[] = {-9, -6, -3, 3, 6, 9, 12, 15, 18};
        exponent = powers[d];
    } else if (b >= 0) {
        exponent = 10 * (b + 1);
    } else if (suffix.size() > 1 && (suffix.front() == QLatin1Char('e') || suffix.front() == QLatin1Char('E'))) {
        const std::optional<qint64> e = goParseInt64(suffix.mid(1));
        if (!e)
            return false;
        exponent = qint32(*e); // ParseQuantity keeps the low 32 bits
    } else {
        return false;
    }
    if (digits) {
        if (negative)
            *negative = belowZero;
        return true;
    }
    // Without a digit the number is 0, and ParseQuantity only accepts it on its fast path: binary
    // suffixes up to Ti, decimal scales down to nano. Its slow path fails to read a number
    // without digits ("Pi", ".e-10").
    if (b >= 0)
        return 15 - 1 - qint32(float(exponent) * 3 / 10) - 1 >= 0;
    return exponent >= -9;
}

bool isDns1123Label(const QString& text)
{
    static const QRegularExpression label(QRegularExpression::anchoredPattern(QStringLiteral("[a-z0-9]([-a-z0-9]*[a-z0-9])?")));
    return text.size() <= 63 && label.match(text).hasMatch();
}

bool isDns1035Label(const QString& text)
{
    static const QRegularExpression label(QRegularExpression::anchoredPattern(QStringLiteral("[a-z]([-a-z0-9]*[a-z0-9])?")));
    return text.size() <= 63 && label.match(text).hasMatch();
}

bool isImageReference(const QString& text)
{
    using RE = QRegularExpression;
    static const RE identifier(RE::anchoredPattern(QStringLiteral("[a-f0-9]{64}")));
    if (identifier.match(text).hasMatch())
        return false;
    // Where the domain ends: the first component is a domain when it has '.' or ':', is
    // "localhost", or has upper-case letters; otherwise the default registry is meant.
    QString domain;
    QString remainder = text;
    const qsizetype slash = text.indexOf(QLatin1Char('/'));
    if (slash >= 0) {
        const QString first = text.left(slash);
        if (first == QLatin1String("localhost") || first.contains(QLatin1Char('.')) || first.contains(QLatin1Char(':'))
            || first.toLower() != first) {
            domain = first;
            remainder = text.mid(slash + 1);
        }
    }
    if (domain.isEmpty()) {
        domain = QStringLiteral("default.invalid"); // stands for the default registry
        if (!remainder.contains(QLatin1Char('/')))
            remainder.prepend(QStringLiteral("library/"));
    }
    const QString remote = remainder.left(remainder.indexOf(QLatin1Char(':')));
    if (remote.toLower() != remote)
        return false;

    // reference.Parse(domain + "/" + remainder), with the grammar of distribution/reference.
    static const QString alphanumeric = QStringLiteral("[a-z0-9]+");
    static const QString separator = QStringLiteral("(?:[._]|__|[-]+)");
    static const QString domainComponent = QStringLiteral("(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])");
    static const QString host = QStringLiteral("(?:%1(?:\\.%1)*|\\[(?:[a-fA-F0-9:]+)\\])").arg(domainComponent);
    static const QString domainAndPort = host + QStringLiteral("(?::[0-9]+)?");
    static const QString pathComponent = QStringLiteral("%1(?:%2%1)*").arg(alphanumeric, separator);
    static const QString remoteName = QStringLiteral("%1(?:/%1)*").arg(pathComponent);
    static const QString tag = QStringLiteral("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    static const QString digest =
        QStringLiteral("([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9A-Fa-f]{32,})");
    static const RE reference(RE::anchoredPattern(QStringLiteral("(?:(%1)/)?(%2)(?::(%3))?(?:@%4)?")
                                                      .arg(domainAndPort, remoteName, tag, digest)));
    const QRegularExpressionMatch m = reference.match(domain + QLatin1Char('/') + remainder);
    if (!m.hasMatch())
        return false;
    if (m.captured(2).size() > 255) // the repository path
        return false;
    if (m.hasCaptured(4)) {
        static const QHash<QString, int> hexLength{
            {QStringLiteral("sha256"), 64}, {QStringLiteral("sha384"), 96}, {QStringLiteral("sha512"), 128}};
        static const RE lowerHex(RE::anchoredPattern(QStringLiteral("[a-f0-9]+")));
        const QString encoded = m.captured(5);
        if (hexLength.value(m.captured(4), -1) != encoded.size() || !lowerHex.match(encoded).hasMatch())
            return false;
    }
    return true;
}

} // namespace model
