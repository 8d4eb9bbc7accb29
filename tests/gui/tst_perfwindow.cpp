// What keeps the window cheap with many applications, offscreen against a scripted API server:
// the once-a-second Age/Duration refresh signals only the rows on screen (all rows while the table
// is hidden), and `sparkdeck --screenshot` saves as soon as the API server says the selected
// application's driver pod does not exist, instead of waiting for a log that never comes.

#include "models/applicationsfilter.h"
#include "models/applicationsmodel.h"
#include "tests/support/applicationfeed.h"
#include "ui/applicationsview.h"

#include <QLineEdit>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The rows of the clock's dataChanged emissions in `spy` (DisplayRole only, the time columns).
QSet<int> clockRows(const QSignalSpy& spy, int firstColumn, int lastColumn)
{
    QSet<int> rows;
    for (const QList<QVariant>& args : spy) {
        if (args.at(2).value<QList<int>>() != QList<int>{Qt::DisplayRole})
            continue;
        const QModelIndex topLeft = args.at(0).toModelIndex();
        const QModelIndex bottomRight = args.at(1).toModelIndex();
        if (topLeft.column() != firstColumn || bottomRight.column() != lastColumn)
            return {-1}; // not the clock's columns: fails the comparison
        for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
            rows << row;
    }
    return rows;
}

// A Kubernetes Status of a 404 saying `message`.
QByteArray notFound(const QString& message)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")},
                                     {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                     {QStringLiteral("status"), QStringLiteral("Failure")},
                                     {QStringLiteral("message"), message},
                                     {QStringLiteral("reason"), QStringLiteral("NotFound")},
                                     {QStringLiteral("code"), 404}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class TestPerfWindow : public QObject {
    Q_OBJECT
private slots:
    void clockRefreshesOnlyVisibleRows()
    {
        QList<QJsonObject> apps;
        for (int i = 0; i < 400; ++i)
            apps << feed::application(QStringLiteral("app-%1").arg(i, 3, 10, QLatin1Char('0')), QStringLiteral("10"),
                                      QStringLiteral("RUNNING"), 60 + i);
        feed::LiveFeed f(apps);
        model::ApplicationsModel model;
        model.setInformer(&f.informer);
        ui::ApplicationsView view(&model);
        view.resize(900, 520);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        f.informer.start();
        QTRY_COMPARE(model.rowCount(), 400);

        constexpr int first = model::ApplicationsModel::Duration;
        constexpr int last = model::ApplicationsModel::Age;
        auto oneTick = [&] {
            QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
            if (!QTest::qWaitFor([&] { return !clockRows(spy, first, last).isEmpty(); }, 5000))
                return QSet<int>{-2};
            return clockRows(spy, first, last);
        };
        auto visible = [&] {
            const std::optional<QList<int>> rows = view.visibleSourceRows();
            return rows ? QSet<int>(rows->cbegin(), rows->cend()) : QSet<int>{-3};
        };

        QSet<int> refreshed = oneTick();
        QVERIFY(!visible().isEmpty());
        QVERIFY(visible().size() < 100);
        QCOMPARE(refreshed, visible());

        // Scrolled to the end (sorted by Age, newest first: the oldest applications).
        view.table()->scrollToBottom();
        QCoreApplication::processEvents();
        refreshed = oneTick();
        QCOMPARE(refreshed, visible());
        const QModelIndex lastShown = view.proxy()->index(view.proxy()->rowCount() - 1, 0);
        QVERIFY(refreshed.contains(model.rowOf(lastShown.data(model::ApplicationsModel::KeyRole).toString())));

        // Filtered: only the matching rows on screen.
        view.filterEdit()->setText(QStringLiteral("app-12"));
        QTRY_COMPARE(view.proxy()->rowCount(), 10);
        refreshed = oneTick();
        QCOMPARE(refreshed.size(), 10);
        QCOMPARE(refreshed, visible());

        // Hidden (e.g. the All clusters table is shown instead): other views of the model get
        // every row.
        view.hide();
        refreshed = oneTick();
        QCOMPARE(refreshed.size(), 400);
    }

    void screenshotDoesNotWaitForAMissingDriver()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QJsonObject app = feed::application(QStringLiteral("spark-pi"), QStringLiteral("10"), QStringLiteral("COMPLETED"));
        QJsonObject status = app.value(QLatin1String("status")).toObject();
        status.insert(QStringLiteral("driverInfo"), QJsonObject{{QStringLiteral("podName"), QStringLiteral("spark-pi-driver")}});
        app.insert(QStringLiteral("status"), status);
        bool logAsked = false;
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1")) {
                x->begin();
                return;
            }
            if (r.path.endsWith(QLatin1String("/pods/spark-pi-driver/log"))) {
                logAsked = true;
                x->reply(404, notFound(QStringLiteral("pods \"spark-pi-driver\" not found")));
                return;
            }
            if (r.method == "GET" && r.path.endsWith(QLatin1String("/sparkapplications"))) {
                x->reply(200, feed::list({app}, QStringLiteral("10")));
                return;
            }
            if (r.method == "GET" && r.path.startsWith(QLatin1String("/api/v1/"))) {
                x->reply(200, feed::list({}, QStringLiteral("10")));
                return;
            }
            x->reply(404, notFound(QStringLiteral("not found")));
        });
        const QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));
        QVERIFY(server.writeKubeconfig(kubeconfig, QStringLiteral("scripted"), QStringLiteral("default")));

        QProcess sparkdeck;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("HOME"), dir.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("SPARKDECK_HISTORY_DB"), dir.filePath(QStringLiteral("history.sqlite")));
        sparkdeck.setProcessEnvironment(env);
        const QString png = dir.filePath(QStringLiteral("shot.png"));
        sparkdeck.start(QStringLiteral(SPARKDECK_BINARY), {QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--screenshot"), png});
        QVERIFY(sparkdeck.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(sparkdeck.state(), QProcess::NotRunning, 60000);
        const QString err = QString::fromUtf8(sparkdeck.readAllStandardError());
        QCOMPARE(sparkdeck.exitCode(), 0);
        QVERIFY(logAsked);
        QVERIFY(QFile::exists(png));
        // Saved because the API server said the pod is not there, not after the 4 s for a log
        // still streaming.
        QVERIFY2(err.contains(QLatin1String("screenshot without the driver log: pod spark-pi-driver does not exist yet")), qPrintable(err));
    }
};

QTEST_MAIN(TestPerfWindow)
#include "tst_perfwindow.moc"
