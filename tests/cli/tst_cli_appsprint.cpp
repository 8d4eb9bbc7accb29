// The printers of the application commands, without a cluster: kubectl's ages, the list's
// columns and colours, the --state filter, and describe's layout.

#include "app/cli/applicationprint.h"
#include "models/eventsmodel.h"
#include "models/podsmodel.h"

#include <QJsonDocument>
#include <QTest>

class TestCliAppsPrint : public QObject {
    Q_OBJECT

    /// The object of `json`, written with ' for " to keep it short.
    static QJsonObject application(const char* json)
    {
        return QJsonDocument::fromJson(QByteArray(json).replace('\'', '"')).object();
    }

private slots:
    void kubeAgeAsApimachinery_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("age");
        const qint64 s = 1000, m = 60 * s, h = 60 * m, d = 24 * h;
        // duration.HumanDuration's branches and their edges.
        QTest::newRow("now") << qint64(0) << "0s";
        QTest::newRow("skew") << -1500LL << "0s";
        QTest::newRow("future") << -3 * s << "<invalid>";
        QTest::newRow("119s") << 119 * s << "119s";
        QTest::newRow("2m") << 2 * m << "2m";
        QTest::newRow("3m12s") << 3 * m + 12 * s << "3m12s";
        QTest::newRow("10m") << 10 * m + 30 * s << "10m";
        QTest::newRow("179m") << 179 * m << "179m";
        QTest::newRow("3h") << 3 * h << "3h";
        QTest::newRow("5h3m") << 5 * h + 3 * m << "5h3m";
        QTest::newRow("8h") << 8 * h + 59 * m << "8h";
        QTest::newRow("47h") << 47 * h << "47h";
        QTest::newRow("2d") << 2 * d << "2d";
        QTest::newRow("2d4h") << 2 * d + 4 * h << "2d4h";
        QTest::newRow("8d") << 8 * d + 5 * h << "8d";
        QTest::newRow("729d") << 729 * d << "729d";
        QTest::newRow("2y10d") << (2 * 365 + 10) * d << "2y10d";
        QTest::newRow("9y") << 9 * 365 * d + 3 * d << "9y";
    }
    void kubeAgeAsApimachinery()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, age);
        QCOMPARE(cli::kubeAge(ms), age);
        QCOMPARE(cli::kubeAgeSince({}), QStringLiteral("<unknown>"));
    }

    void listColumns()
    {
        const QJsonObject app = application("{'metadata':{'name':'pi','namespace':'jobs','creationTimestamp':'2026-01-02T03:04:05Z'},"
            "'status':{'applicationState':{'state':'FAILED','errorMessage':'driver failed\\nsecond line'},"
                      "'submissionAttempts':2,'executionAttempts':1,'lastSubmissionAttemptTime':'2026-01-02T03:04:06Z',"
                      "'driverInfo':{'podName':'pi-driver'},"
                      "'executorState':{'pi-exec-1':'FAILED','pi-exec-2':'COMPLETED','pi-exec-3':'COMPLETED'}}}");
        cli::ApplicationColumns columns;
        QCOMPARE(columns.headers(), (QStringList{"NAME", "STATE", "ATTEMPTS", "START", "FINISH", "AGE"}));
        QList<cli::Cell> row = columns.row(app);
        QCOMPARE(row.size(), 6);
        QCOMPARE(row.at(0).text, QStringLiteral("pi"));
        QCOMPARE(row.at(1).text, QStringLiteral("FAILED"));
        QCOMPARE(row.at(1).colour, cli::Colour::Red);
        QCOMPARE(row.at(2).text, QStringLiteral("2/1"));
        QCOMPARE(row.at(3).text, QStringLiteral("2026-01-02T03:04:06Z"));
        QCOMPARE(row.at(4).text, QStringLiteral("<none>"));

        columns.allNamespaces = true;
        columns.wide = true;
        QCOMPARE(columns.headers().constFirst(), QStringLiteral("NAMESPACE"));
        QCOMPARE(columns.headers().mid(7), (QStringList{"DRIVER", "EXECUTORS", "ERROR"}));
        row = columns.row(app);
        QCOMPARE(row.size(), 10);
        QCOMPARE(row.at(0).text, QStringLiteral("jobs"));
        QCOMPARE(row.at(7).text, QStringLiteral("pi-driver"));
        QCOMPARE(row.at(8).text, QStringLiteral("COMPLETED=2,FAILED=1"));
        QCOMPARE(row.at(9).text, QStringLiteral("driver failed"));
        QCOMPARE(columns.widestRow().size(), 10);

        // A new application: NEW, no colour; on a terminal the state is painted.
        const QJsonObject fresh = application("{'metadata':{'name':'new'}}");
        cli::ApplicationColumns plain;
        QCOMPARE(plain.row(fresh).at(1).text, QStringLiteral("NEW"));
        QCOMPARE(plain.row(fresh).at(1).colour, cli::Colour::None);
        QCOMPARE(plain.row(fresh).at(5).text, QStringLiteral("<unknown>"));
        cli::Terminal terminal;
        terminal.forceColour(true);
        cli::Table table(plain.headers());
        table.addRow(plain.row(application("{'metadata':{'name':'ok'},'status':{'applicationState':{'state':'COMPLETED'}}}")));
        QVERIFY(table.render(terminal).contains(QStringLiteral("\x1b[32mCOMPLETED\x1b[0m")));
    }

    void stateFilter()
    {
        QStringList unknown;
        QCOMPARE(cli::stateFilter({QStringLiteral("running"), QStringLiteral("COMPLETED, failed"), QStringLiteral("New")}, &unknown),
                 (QStringList{"RUNNING", "COMPLETED", "FAILED", QString()}));
        QVERIFY(unknown.isEmpty());
        cli::stateFilter({QStringLiteral("RUNNING,DONE")}, &unknown);
        QCOMPARE(unknown, QStringList{QStringLiteral("DONE")});
        QCOMPARE(cli::stateOf(application("{'status':{'applicationState':{'state':'RUNNING'}}}")), QStringLiteral("RUNNING"));
    }

    void describeLayout()
    {
        const QJsonObject app = application("{'metadata':{'name':'pi','namespace':'jobs','uid':'u1','labels':{'b':'2','a':'1'}},"
            "'spec':{'type':'Python','mode':'cluster','image':'spark:4','mainApplicationFile':'local:///pi.py','sparkVersion':'4.0.2'},"
            "'status':{'applicationState':{'state':'FAILED','errorMessage':'line one\\nline two'},"
                      "'driverInfo':{'podName':'pi-driver','webUIServiceName':'pi-ui-svc','webUIAddress':'10.0.0.5:4040'}}}");
        model::PodsModel pods;
        model::EventsModel events;
        const cli::Terminal terminal;
        const QString text = cli::describeApplication(app, pods, events, {QStringLiteral("First exception"), QStringLiteral("java.lang.X: boom")}, terminal);
        const QStringList lines = text.split(QLatin1Char('\n'));
        // Values of the top block start in one column; labels sorted; a second line continues under the first.
        const qsizetype column = lines.at(0).indexOf(QStringLiteral("pi"));
        QVERIFY(column > 5);
        QCOMPARE(lines.at(0), QStringLiteral("Name:") + QString(column - 5, QLatin1Char(' ')) + QStringLiteral("pi"));
        QCOMPARE(lines.at(2).mid(column), QStringLiteral("a=1"));
        QCOMPARE(lines.at(3), QString(column, QLatin1Char(' ')) + QStringLiteral("b=2"));
        QVERIFY2(text.contains(QStringLiteral("Error:") + QString(column - 6, QLatin1Char(' ')) + QStringLiteral("line one\n")
                               + QString(column, QLatin1Char(' ')) + QStringLiteral("line two\n")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("Main class")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\n  UI address:   10.0.0.5:4040\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nFirst exception:\n  java.lang.X: boom\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\nExecutors:  <none>\nFirst exception")), qPrintable(text));
        QVERIFY2(text.endsWith(QStringLiteral("\nPods:  <none>\nEvents:  <none>\n")), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestCliAppsPrint)
#include "tst_cli_appsprint.moc"
