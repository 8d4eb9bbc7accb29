#include "models/sparksize.h"

#include <QRegularExpression>

#include <limits>

namespace model {

namespace {

constexpr qint64 kLongMax = std::numeric_limits<qint64>::max();

// Powers of 1024 of the units, indexed like SparkByteUnit.
int power(SparkByteUnit unit)
{
    return int(unit);
}

// Spark's suffixes (JavaUtils.byteSuffixes) as powers of 1024.
std::optional<int> sparkSuffixPower(const QString& suffix)
{
    static const QStringList letters{QStringLiteral("b"), QStringLiteral("k"), QStringLiteral("m"),
                                     QStringLiteral("g"), QStringLiteral("t"), QStringLiteral("p")};
    const int i = int(letters.indexOf(suffix));
    if (i >= 0)
        return i;
    if (suffix.size() == 2 && suffix.endsWith(QLatin1Char('b')) && suffix != QLatin1String("bb")) {
        const int j = int(letters.indexOf(suffix.left(1)));
        if (j > 0)
            return j;
    }
    return std::nullopt;
}

// Java's String.trim(): strips characters up to U+0020 at both ends.
QString javaTrim(const QString& s)
{
    qsizetype begin = 0;
    qsizetype end = s.size();
    while (begin < end && s.at(begin).unicode() <= 0x20)
        ++begin;
    while (end > begin && s.at(end - 1).unicode() <= 0x20)
        --end;
    return s.mid(begin, end - begin);
}

// Long.parseLong of ASCII digits; nullopt when it does not fit.
std::optional<qint64> parseLong(QStringView digits)
{
    qint64 v = 0;
    for (QChar c : digits) {
        const int d = c.unicode() - '0';
        if (v > (kLongMax - d) / 10)
            return std::nullopt;
        v = v * 10 + d;
    }
    return v;
}

// ByteUnit.convertTo: `value` in 1024^from as 1024^to, rounding down; nullopt on overflow.
std::optional<qint64> convert(qint64 value, int from, int to)
{
    if (from > to) {
        const qint64 ratio = qint64(1) << (10 * (from - to));
        if (kLongMax / ratio < value)
            return std::nullopt;
        return value * ratio;
    }
    return value / (qint64(1) << (10 * (to - from)));
}

// The size the user evidently meant, written the way Spark accepts it: Kubernetes suffixes (Ki,
// Mi, Gi, Ti, Pi, Ei) become Spark's letters, fractions move to a smaller unit ("1.5g" → "1536m"),
// spaces go. Empty when the text does not look like a size.
QString suggest(const QString& text, SparkByteUnit unit)
{
    QString s = text.toLower();
    s.remove(QRegularExpression(QStringLiteral("\\s")));
    static const QRegularExpression shape(QStringLiteral("^([0-9]+)(?:\\.([0-9]+))?([a-z]*)$"));
    const QRegularExpressionMatch m = shape.match(s);
    if (!m.hasMatch())
        return {};
    QString whole = m.captured(1);
    QString fraction = m.captured(2);
    while (fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    const QString suffix = m.captured(3);
    int p = power(unit);
    if (!suffix.isEmpty()) {
        static const QString kube = QStringLiteral("bkmgtpe");
        QString letter = suffix;
        if (letter.endsWith(QLatin1String("ib")))
            letter.chop(2);
        else if (letter.endsWith(QLatin1Char('i')) || (letter.size() == 2 && letter.endsWith(QLatin1Char('b'))))
            letter.chop(1);
        if (letter.size() != 1 || !kube.contains(letter))
            return {};
        p = int(kube.indexOf(letter));
    }
    if (whole.size() + fraction.size() > 18 || fraction.size() > 9)
        return {};
    // size in bytes = numerator / denominator
    __int128 denominator = 1;
    for (int i = 0; i < fraction.size(); ++i)
        denominator *= 10;
    const __int128 numerator = __int128((whole + fraction).toLongLong()) << (10 * p);
    if (numerator == 0)
        return {};
    static const QString letters = QStringLiteral("bkmgtp");
    auto written = [&](__int128 amount, int u) -> QString {
        if (amount <= 0 || amount > kLongMax || !convert(qint64(amount), u, power(unit)))
            return {};
        return QString::number(qint64(amount)) + letters.at(u);
    };
    const int top = qMin(p, 5);
    for (int u = top; u >= 0; --u) {
        const __int128 scale = denominator << (10 * u);
        if (numerator % scale == 0)
            return written(numerator / scale, u);
    }
    // Not a whole number of bytes: the nearest whole number one unit down.
    const int u = qMax(top - 1, 0);
    const __int128 scale = denominator << (10 * u);
    return written((numerator + scale / 2) / scale, u);
}

} // namespace

SparkByteSize parseSparkByteSize(const QString& text, SparkByteUnit unit)
{
    SparkByteSize result;
    const QString lower = javaTrim(text.toLower());
    static const QRegularExpression wholeNumber(QStringLiteral("^([0-9]+)([a-z]+)?$"));
    static const QRegularExpression fractionNumber(QStringLiteral("^([0-9]+\\.[0-9]+)([a-z]+)?$"));
    const QString accepted = QStringLiteral("Spark accepts a whole number with b, k, m, g, t or p (e.g. 512m, 2g)");
    auto fail = [&](const QString& why) {
        result.suggestion = suggest(text, unit);
        if (result.suggestion == text)
            result.suggestion.clear();
        result.error = QStringLiteral("\"%1\" is not a Spark memory size: %2%3")
                           .arg(text, why,
                                result.suggestion.isEmpty() ? QStringLiteral(".")
                                                            : QStringLiteral("; write %1.").arg(result.suggestion));
        return result;
    };
    const QRegularExpressionMatch m = wholeNumber.match(lower);
    if (m.hasMatch()) {
        const std::optional<qint64> number = parseLong(m.capturedView(1));
        if (!number)
            return fail(QStringLiteral("the number is too large"));
        int from = power(unit);
        if (!m.captured(2).isEmpty()) {
            const std::optional<int> suffix = sparkSuffixPower(m.captured(2));
            if (!suffix)
                return fail(accepted);
            from = *suffix;
        }
        result.value = convert(*number, from, power(unit));
        if (!result.value)
            return fail(QStringLiteral("the size is too large"));
        return result;
    }
    if (fractionNumber.match(lower).hasMatch())
        return fail(QStringLiteral("Spark does not accept fractions; use a whole number with b, k, m, g, t or p (e.g. 1536m)"));
    return fail(accepted);
}

} // namespace model
