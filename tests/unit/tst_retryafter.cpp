// parseRetryAfter(): Retry-After values per RFC 9110 §10.2.3 (delta-seconds or an HTTP-date in any
// of the forms of §5.6.7), relative to a fixed "now".

#include "app/kube/kubeclient.h"

#include <QTest>

#include <limits>

class TestRetryAfter : public QObject {
    Q_OBJECT
private slots:
    void values_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("seconds"); // -1: not a Retry-After value
        QTest::newRow("delta") << QByteArray("120") << qint64(120);
        QTest::newRow("zero") << QByteArray("0") << qint64(0);
        QTest::newRow("spaces") << QByteArray("  7 ") << qint64(7);
        QTest::newRow("huge delta") << QByteArray("99999999999999999999999") << std::numeric_limits<qint64>::max();
        QTest::newRow("IMF-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(37);
        QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << qint64(37);
        QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << qint64(37);
        QTest::newRow("past date") << QByteArray("Sun, 06 Nov 1994 08:40:00 GMT") << qint64(0);
        QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
        QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
        QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
        QTest::newRow("empty") << QByteArray() << qint64(-1);
    }
    void values()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, seconds);
        const QDateTime now(QDate(1994, 11, 6), QTime(8, 49, 0), Qt::UTC);
        const std::optional<qint64> parsed = kube::parseRetryAfter(value, now);
        QCOMPARE(parsed.value_or(-1), seconds);
    }
};

QTEST_MAIN(TestRetryAfter)
#include "tst_retryafter.moc"
