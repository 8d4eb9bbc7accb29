// The submit group's pure helpers (app/cli/submitsupport.h): durations as kubectl's flags take them
// (Go's time.ParseDuration plus bare seconds), the manifests of a submitted file with their errors
// at FILE:LINE(:COL), and the kubelet's log timestamp format.

#include "app/cli/submitsupport.h"

#include <QJsonObject>
#include <QTest>

class TestCliSubmitSupport : public QObject {
    Q_OBJECT
private slots:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: refused
        QTest::newRow("bare seconds") << "30" << qint64(30'000);
        QTest::newRow("zero") << "0" << qint64(0);
        QTest::newRow("seconds") << "90s" << qint64(90'000);
        QTest::newRow("minutes and seconds") << "2m30s" << qint64(150'000);
        QTest::newRow("fraction of hours") << "1.5h" << qint64(5'400'000);
        QTest::newRow("milliseconds") << "500ms" << qint64(500);
        QTest::newRow("micro") << "1500us" << qint64(1);
        QTest::newRow("hours minutes") << "1h5m" << qint64(3'900'000);
        QTest::newRow("empty") << "" << qint64(-1);
        QTest::newRow("unknown unit") << "5x" << qint64(-1);
        QTest::newRow("negative") << "-1s" << qint64(-1);
        QTest::newRow("trailing junk") << "1h-" << qint64(-1);
        QTest::newRow("unit only") << "s" << qint64(-1);
        QTest::newRow("days (not Go)") << "1d" << qint64(-1);
    }
    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto parsed = cli::parseDurationMs(text);
        if (ms < 0)
            QVERIFY2(!parsed, qPrintable(QString::number(parsed.value_or(0))));
        else
            QCOMPARE(parsed.value_or(-1), ms);
    }

    void kubeletTimestamps()
    {
        QCOMPARE(cli::rfc3339Nano(0), QStringLiteral("1970-01-01T00:00:00.000000000Z"));
        QCOMPARE(cli::rfc3339Nano(1'764'482'048'608'615'690LL), QStringLiteral("2025-11-30T05:54:08.608615690Z"));
        QCOMPARE(cli::rfc3339Nano(1), QStringLiteral("1970-01-01T00:00:00.000000001Z"));
    }

    void manifests()
    {
        const QString text = QStringLiteral(
            "# a comment before anything\n"
            "---\n"
            "apiVersion: sparkoperator.k8s.io/v1beta2\n"
            "kind: SparkApplication\n"
            "metadata: {name: a, labels: {x: \"1\"}}\n"
            "spec: {type: Scala, arguments: [\"10\"], driver: {cores: 1}}\n"
            "---\n"
            "# only a comment\n"
            "---\n"
            "apiVersion: sparkoperator.k8s.io/v1beta2\n"
            "kind: ScheduledSparkApplication\n"
            "metadata: {generateName: nightly-, namespace: jobs}\n"
            "spec: {schedule: \"@daily\"}\n");
        QString error;
        auto read = cli::readManifests(text, QStringLiteral("jobs.yaml"), {}, &error);
        QVERIFY2(read, qPrintable(error));
        QList<cli::Manifest> list = *read;
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].kind, QStringLiteral("SparkApplication"));
        QCOMPARE(list[0].name, QStringLiteral("a"));
        QCOMPARE(list[0].ns, QString());
        QCOMPARE(list[0].resource(), QStringLiteral("sparkapplication.sparkoperator.k8s.io"));
        // kubectl's scalar resolution: "10" stays a string, 1 is a number.
        QCOMPARE(list[0].json.value("spec").toObject().value("driver").toObject().value("cores").toInt(), 1);
        QVERIFY(list[0].json.value("metadata").toObject().value("labels").toObject().value("x").isString());
        list[0].setNamespace(QStringLiteral("default"));
        QCOMPARE(list[0].json.value("metadata").toObject().value("namespace").toString(), QStringLiteral("default"));
        QCOMPARE(list[1].name, QString());
        QCOMPARE(list[1].generateName, QStringLiteral("nightly-"));
        QCOMPARE(list[1].ns, QStringLiteral("jobs"));
        QCOMPARE(list[1].resource(), QStringLiteral("scheduledsparkapplication.sparkoperator.k8s.io"));

        // -n other than the document's namespace: refused at the document's first line.
        QVERIFY(!cli::readManifests(text, QStringLiteral("jobs.yaml"), QStringLiteral("default"), &error));
        QVERIFY2(error.startsWith(QStringLiteral("jobs.yaml:")) && error.contains(QStringLiteral("does not match the namespace \"default\"")), qPrintable(error));
    }

    void manifestErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        const QString head = QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n");
        QTest::newRow("syntax, second document") << head + QStringLiteral("metadata: {name: a}\n---\n") + head + QStringLiteral("metadata:\n  name: [b\n")
                                                 << QStringLiteral("f.yaml:8:9: ");
        QTest::newRow("no name") << head + QStringLiteral("metadata: {namespace: x}\n") << QStringLiteral("f.yaml:1: the SparkApplication has no metadata.name");
        QTest::newRow("other kind") << QStringLiteral("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n")
                                    << QStringLiteral("f.yaml:1: v1 Pod is not a SparkApplication");
        QTest::newRow("old version") << QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta1\nkind: SparkApplication\nmetadata: {name: p}\n")
                                     << QStringLiteral("f.yaml:1: sparkoperator.k8s.io/v1beta1 SparkApplication is not");
        QTest::newRow("nothing") << QStringLiteral("# nothing\n") << QStringLiteral("f.yaml:1: no YAML document to submit");
    }
    void manifestErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        QString said;
        QVERIFY(!cli::readManifests(text, QStringLiteral("f.yaml"), {}, &said));
        QVERIFY2(said.startsWith(error), qPrintable(said));
    }
};

QTEST_GUILESS_MAIN(TestCliSubmitSupport)
#include "tst_cli_submitsupport.moc"
