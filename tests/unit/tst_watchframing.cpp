// Watch-stream framing: records split at every possible byte boundary come out whole and in order.

#include "app/kube/logstream.h"
#include "app/kube/watchstream.h"

#include <QTest>

using kube::LineFramer;
using kube::WatchEvent;

namespace {
// JSON written with single quotes in the source, for readability: json("{'a':1}") == {"a":1}.
QByteArray json(const char* text)
{
    return QByteArray(text).replace('\'', '"');
}
} // namespace

class TestWatchFraming : public QObject {
    Q_OBJECT
private slots:
    void everySplitPointGivesTheSameRecords()
    {
        const QByteArray stream =
            json("{'type':'ADDED','object':{'metadata':{'name':'a','namespace':'ns','resourceVersion':'10'}}}\n")
            + json("{'type':'MODIFIED','object':{'metadata':{'name':'ä€','namespace':'ns','resourceVersion':'11'}}}\r\n")
            + json("{'type':'BOOKMARK','object':{'metadata':{'resourceVersion':'12'}}}\n")
            + json("{'type':'DELETED','object':{'metadata':{'name':'a','namespace':'ns','resourceVersion':'13'}}}\n");
        const QList<QByteArray> expected = stream.split('\n').mid(0, 4);
        for (qsizetype a = 0; a <= stream.size(); ++a) {
            for (qsizetype b = a; b <= stream.size(); b += 7) {
                LineFramer framer;
                QList<QByteArray> got;
                got << framer.feed(QByteArrayView(stream).first(a));
                got << framer.feed(QByteArrayView(stream).sliced(a, b - a));
                got << framer.feed(QByteArrayView(stream).sliced(b));
                QCOMPARE(got.size(), 4);
                for (int i = 0; i < 4; ++i) {
                    QByteArray want = expected[i];
                    if (want.endsWith('\r'))
                        want.chop(1);
                    QCOMPARE(got[i], want);
                }
                QCOMPARE(framer.pendingBytes(), 0);
            }
        }
    }

    void byteByByte()
    {
        const QByteArray stream = "one\ntwo\n\nthree";
        LineFramer framer;
        QList<QByteArray> got;
        for (char c : stream)
            got << framer.feed(QByteArrayView(&c, 1));
        QCOMPARE(got, (QList<QByteArray>{"one", "two", ""}));
        QCOMPARE(framer.takeRemainder(), QByteArray("three"));
        QCOMPARE(framer.pendingBytes(), 0);
    }

    void parseEvents()
    {
        auto ev = kube::parseWatchEvent(json("{'type':'MODIFIED','object':{'kind':'SparkApplication'}}"));
        QVERIFY(ev);
        QCOMPARE(ev->type, WatchEvent::Type::Modified);
        QCOMPARE(ev->object.value(QLatin1String("kind")).toString(), QStringLiteral("SparkApplication"));
        ev = kube::parseWatchEvent(
            json("{'type':'ERROR','object':{'kind':'Status','code':410,'reason':'Expired','message':'too old resource version'}}"));
        QVERIFY(ev);
        QCOMPARE(ev->type, WatchEvent::Type::Error);
        const auto status = kube::KubeError::fromStatus(ev->object);
        QVERIFY(status.isExpired());
        QCOMPARE(status.reason, QStringLiteral("Expired"));
        ev = kube::parseWatchEvent("{\"type\":\"ADDED\"");
        QVERIFY(!ev);
        QCOMPARE(ev.error().kind, kube::KubeError::Kind::Parse);
        QVERIFY(ev.error().message.contains(QStringLiteral("not JSON")));
        ev = kube::parseWatchEvent(json("{'type':'SURPRISE','object':{}}"));
        QVERIFY(!ev);
        QVERIFY(ev.error().message.contains(QStringLiteral("SURPRISE")));
        ev = kube::parseWatchEvent(json("{'type':'ADDED'}"));
        QVERIFY(!ev);
        QCOMPARE(ev.error().kind, kube::KubeError::Kind::Parse);
    }

    void statusErrorsAndPlain404()
    {
        const auto invalid = kube::KubeError::fromHttp(
            422, json("{'kind':'Status','apiVersion':'v1','status':'Failure','reason':'Invalid','code':422,"
                      "'message':'SparkApplication.sparkoperator.k8s.io x is invalid',"
                      "'details':{'causes':[{'reason':'FieldValueTypeInvalid','message':'Invalid value: integer',"
                      "'field':'spec.arguments[0]'}]}}"));
        QVERIFY(invalid.isStatus);
        QCOMPARE(invalid.causes.size(), 1);
        QCOMPARE(invalid.causes[0].field, QStringLiteral("spec.arguments[0]"));
        QVERIFY(invalid.details().contains(QStringLiteral("spec.arguments[0]: Invalid value")));
        QVERIFY(!invalid.isResourceNotServed());
        const auto missing = kube::KubeError::fromHttp(404, "404 page not found\n");
        QVERIFY(missing.isResourceNotServed());
        QCOMPARE(missing.summary(), QStringLiteral("HTTP 404 Not Found: 404 page not found"));
    }

    void rfc3339Nanos()
    {
        QCOMPARE(kube::parseRfc3339Nanos("1970-01-01T00:00:01Z"), 1'000'000'000LL);
        QCOMPARE(kube::parseRfc3339Nanos("1970-01-01T00:00:01.5Z"), 1'500'000'000LL);
        QCOMPARE(kube::parseRfc3339Nanos("1970-01-01T00:00:01.000000007Z"), 1'000'000'007LL);
        QCOMPARE(kube::parseRfc3339Nanos("1970-01-01T01:00:01+01:00"), 1'000'000'000LL);
        QCOMPARE(kube::parseRfc3339Nanos("not a time"), -1LL);
        QCOMPARE(kube::parseRfc3339Nanos("1970-01-01T00:00:01"), -1LL);
        QVERIFY(kube::parseRfc3339Nanos("2026-11-21T19:31:39.12Z") < kube::parseRfc3339Nanos("2026-11-21T19:31:39.123Z"));
    }
};

QTEST_GUILESS_MAIN(TestWatchFraming)
#include "tst_watchframing.moc"
