// The log viewer against a scripted API server: the pod picker follows each pod's own main
// container and lists only that pod's containers; a permanent log error stops with a message;
// an invalid regular expression says "invalid pattern" without a warning per painted line; a
// followed pod that is deleted leaves the pod list, the header says so, and a re-run's new driver
// pod is followed when it appears; WARN and ERROR lines are painted in their colours; a log beyond
// the model's memory limit says how many lines are on disk, and scrolling, search and save still
// cover every line.

#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "models/logmodel.h"
#include "ui/logviewer.h"
#include "ui/stateicons.h"
#include "models/podsmodel.h"
#include "tests/support/scriptedserver.h"

#include <QCheckBox>
#include <QComboBox>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPointer>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

QJsonObject pod(const QString& name, const QString& role, const QStringList& containers)
{
    QJsonArray specContainers;
    for (const QString& c : containers)
        specContainers << QJsonObject{{QStringLiteral("name"), c}};
    return QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("Pod")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), name},
                     {QStringLiteral("namespace"), QStringLiteral("default")},
                     {QStringLiteral("resourceVersion"), QStringLiteral("5")},
                     {QStringLiteral("labels"), QJsonObject{{QStringLiteral("spark-role"), role},
                                                            {QStringLiteral("sparkoperator.k8s.io/app-name"), QStringLiteral("app")}}}}},
        {QStringLiteral("spec"), QJsonObject{{QStringLiteral("containers"), specContainers}}},
        {QStringLiteral("status"), QJsonObject{{QStringLiteral("phase"), QStringLiteral("Running")}}}};
}

// The pods of application "app": a driver with a sidecar, a current executor with a sidecar
// listed first, and an executor of an older Spark whose container is called "executor".
const QList<QJsonObject>& pods()
{
    static const QList<QJsonObject> all{
        pod(QStringLiteral("app-driver"), QStringLiteral("driver"), {QStringLiteral("spark-kubernetes-driver"), QStringLiteral("log-shipper")}),
        pod(QStringLiteral("app-exec-1"), QStringLiteral("executor"), {QStringLiteral("istio-proxy"), QStringLiteral("spark-kubernetes-executor")}),
        pod(QStringLiteral("app-exec-2"), QStringLiteral("executor"), {QStringLiteral("executor")})};
    return all;
}

QStringList itemsOf(const QComboBox* box)
{
    QStringList out;
    for (int i = 0; i < box->count(); ++i)
        out << box->itemText(i);
    return out;
}

// Answers the pods list and watch, and each log request as the API server would: the log of a
// container the pod has, 400 for one it does not have, 400 for a previous run that never was.
void apiServer(const ScriptedServer::Request& r, ScriptedServer::Exchange* x)
{
    if (r.path == QLatin1String("/api/v1/namespaces/default/pods")) {
        if (r.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1"))
            return x->begin(); // a watch that stays quiet
        QJsonArray items;
        for (const QJsonObject& p : pods())
            items << p;
        return x->reply(200, QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("PodList")},
                                                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QStringLiteral("5")}}},
                                                       {QStringLiteral("items"), items}})
                                 .toJson(QJsonDocument::Compact));
    }
    const QString name = r.path.section(QLatin1Char('/'), 6, 6);
    const QString container = r.query.queryItemValue(QStringLiteral("container"));
    QStringList containers;
    for (const QJsonObject& p : pods())
        if (p.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString() == name)
            for (const QJsonValue& c : p.value(QLatin1String("spec")).toObject().value(QLatin1String("containers")).toArray())
                containers << c.toObject().value(QLatin1String("name")).toString();
    auto badRequest = [x](const QString& message) {
        x->reply(400, QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")}, {QStringLiteral("status"), QStringLiteral("Failure")},
                                                {QStringLiteral("message"), message}, {QStringLiteral("reason"), QStringLiteral("BadRequest")},
                                                {QStringLiteral("code"), 400}})
                          .toJson(QJsonDocument::Compact));
    };
    if (!containers.contains(container))
        return badRequest(QStringLiteral("container %1 is not valid for pod %2").arg(container, name));
    if (r.query.hasQueryItem(QStringLiteral("previous")))
        return badRequest(QStringLiteral("previous terminated container \"%1\" in pod \"%2\" not found").arg(container, name));
    x->begin("text/plain");
    x->send(QStringLiteral("2026-11-21T10:00:00Z log of %1/%2\n").arg(name, container).toUtf8());
}

kube::ClusterConnection connectionTo(const ScriptedServer& server)
{
    kube::ClusterConnection c;
    c.server = QUrl(server.url());
    return c;
}

// A shown log viewer whose pod picker is fed by an informer on the pods of namespace default.
struct PodLogs {
    explicit PodLogs(const ScriptedServer& server)
        : client(connectionTo(server))
        , informer(&client, kube::ResourceKind::pods(), QStringLiteral("default"))
    {
        pods.setInformer(&informer);
        informer.start();
        viewer.setClient(&client);
        viewer.setPods(&pods);
        viewer.show();
    }
    kube::KubeClient client;
    kube::Informer informer;
    model::PodsModel pods;
    ui::LogViewer viewer;
};

} // namespace

class TestLogViewer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { ui::installLooks(); }

    // The painted ERROR line has pixels in the error colour, the WARN line in the warning colour,
    // and the INFO line neither.
    void levelsArePaintedInTheirColours()
    {
        ui::LogViewer viewer;
        viewer.resize(800, 300);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        viewer.model()->append({QStringLiteral("25/11/21 10:00:00 INFO SparkContext: Running Spark version 3.5.3"),
                                QStringLiteral("25/11/21 10:00:01 WARN TaskSetManager: Lost task 0.0 in stage 1.0"),
                                QStringLiteral("25/11/21 10:00:02 ERROR Executor: Exception in task 0.0 in stage 1.0")});
        QTRY_COMPARE(viewer.model()->rowCount(), 3);
        const QColor error = viewer.model()->index(2, 0).data(Qt::ForegroundRole).value<QColor>();
        const QColor warn = viewer.model()->index(1, 0).data(Qt::ForegroundRole).value<QColor>();
        QCOMPARE(error, ui::lookFor(model::Look::LogLevel, int(model::LogModel::Error), Qt::ForegroundRole).value<QColor>());
        QCOMPARE(warn, ui::lookFor(model::Look::LogLevel, int(model::LogModel::Warn), Qt::ForegroundRole).value<QColor>());
        QVERIFY(error.isValid() && warn.isValid() && error != warn);
        QVERIFY(!viewer.model()->index(0, 0).data(Qt::ForegroundRole).isValid());

        const QImage image = viewer.view()->viewport()->grab().toImage();
        // Whether any pixel of `row`'s painted line is (within antialiasing) `color`.
        const auto paintedIn = [&](int row, const QColor& color) {
            const QRect rect = viewer.view()->visualRect(viewer.view()->model()->index(row, 0)).intersected(image.rect());
            for (int y = rect.top(); y <= rect.bottom(); ++y)
                for (int x = rect.left(); x <= rect.right(); ++x) {
                    const QColor p = image.pixelColor(x, y);
                    if (qAbs(p.red() - color.red()) + qAbs(p.green() - color.green()) + qAbs(p.blue() - color.blue()) < 24)
                        return true;
                }
            return false;
        };
        QVERIFY(paintedIn(2, error));
        QVERIFY(!paintedIn(2, warn));
        QVERIFY(paintedIn(1, warn));
        QVERIFY(!paintedIn(1, error));
        QVERIFY(!paintedIn(0, error));
        QVERIFY(!paintedIn(0, warn));
    }

    void eachPodFollowsItsOwnMainContainer()
    {
        ScriptedServer server(apiServer);
        PodLogs logs(server);
        ui::LogViewer& viewer = logs.viewer;
        QTRY_COMPARE(logs.pods.rowCount(), 3);
        viewer.follow(QStringLiteral("default"), QStringLiteral("app-driver"), QStringLiteral("spark-kubernetes-driver"));
        QTRY_VERIFY(viewer.text().contains(QStringLiteral("log of app-driver/spark-kubernetes-driver")));
        auto* podBox = viewer.findChild<QComboBox*>(QStringLiteral("logPod"));
        auto* containerBox = viewer.findChild<QComboBox*>(QStringLiteral("logContainer"));
        QVERIFY(podBox && containerBox);
        QCOMPARE(itemsOf(containerBox), (QStringList{QStringLiteral("spark-kubernetes-driver"), QStringLiteral("log-shipper")}));

        // Picks pod `name` as the user would; false when the picker does not offer it.
        auto pick = [&](const QString& name) {
            const int index = podBox->findData(name);
            if (index < 0)
                return false;
            podBox->setCurrentIndex(index);
            emit podBox->activated(index);
            return true;
        };
        QVERIFY(pick(QStringLiteral("app-exec-1")));
        QCOMPARE(viewer.target(), QStringLiteral("default/app-exec-1/spark-kubernetes-executor"));
        QCOMPARE(itemsOf(containerBox), (QStringList{QStringLiteral("spark-kubernetes-executor"), QStringLiteral("istio-proxy")}));
        QCOMPARE(containerBox->currentText(), QStringLiteral("spark-kubernetes-executor"));
        QTRY_VERIFY(viewer.text().contains(QStringLiteral("log of app-exec-1/spark-kubernetes-executor")));

        QVERIFY(pick(QStringLiteral("app-exec-2")));
        QCOMPARE(viewer.target(), QStringLiteral("default/app-exec-2/executor"));
        QCOMPARE(itemsOf(containerBox), QStringList{QStringLiteral("executor")});
        QTRY_VERIFY(viewer.text().contains(QStringLiteral("log of app-exec-2/executor")));

        QVERIFY(pick(QStringLiteral("app-driver")));
        QCOMPARE(viewer.target(), QStringLiteral("default/app-driver/spark-kubernetes-driver"));
        QTRY_VERIFY(viewer.text().contains(QStringLiteral("log of app-driver/spark-kubernetes-driver")));
        // No request ever named a container the pod does not have.
        for (const auto& r : server.requests())
            QVERIFY2(!r.path.endsWith(QLatin1String("/log")) || r.query.queryItemValue(QStringLiteral("container")) != QLatin1String("spark-kubernetes-driver")
                         || r.path.contains(QLatin1String("app-driver")),
                     qPrintable(r.path));
    }

    void deletedPodIsSaidAndTheNewDriverFollowed()
    {
        // Run 1: a driver and an executor. The executor goes (Spark's cleanup), then the driver goes
        // and a new driver of the same name comes (a re-run).
        const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-120);
        auto stamped = [](QJsonObject p, const QString& uid, const QDateTime& created) {
            QJsonObject meta = p.value(QLatin1String("metadata")).toObject();
            meta.insert(QStringLiteral("uid"), uid);
            meta.insert(QStringLiteral("creationTimestamp"), created.toString(Qt::ISODate));
            p.insert(QStringLiteral("metadata"), meta);
            return p;
        };
        const QJsonObject driver1 = stamped(pods().at(0), QStringLiteral("d1"), t0);
        const QJsonObject exec1 = stamped(pods().at(1), QStringLiteral("e1"), t0.addSecs(10));
        const QJsonObject driver2 = stamped(pods().at(0), QStringLiteral("d2"), t0.addSecs(90));
        ScriptedServer::Exchange* watch = nullptr;
        QSet<QString> gone;
        int run = 1;
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.path == QLatin1String("/api/v1/namespaces/default/pods")) {
                if (r.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1")) {
                    watch = x;
                    return x->begin();
                }
                return x->reply(200, QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("PodList")},
                                                               {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QStringLiteral("5")}}},
                                                               {QStringLiteral("items"), QJsonArray{driver1, exec1}}})
                                         .toJson(QJsonDocument::Compact));
            }
            const QString name = r.path.section(QLatin1Char('/'), 6, 6);
            if (gone.contains(name))
                return x->reply(404, QStringLiteral("{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"pods %1 not found\",\"reason\":\"NotFound\",\"code\":404}")
                                         .arg(name).toUtf8());
            x->begin("text/plain");
            x->send(QStringLiteral("2026-11-21T10:00:0%1Z log of %2 run %1\n").arg(run).arg(name).toUtf8());
            x->close();
        });
        // Sends a watch event; false when no watch is open.
        auto send = [&](const char* type, const QJsonObject& object) {
            if (!watch || !watch->isOpen())
                return false;
            watch->send(QJsonDocument(QJsonObject{{QStringLiteral("type"), QLatin1String(type)}, {QStringLiteral("object"), object}})
                            .toJson(QJsonDocument::Compact) + "\n");
            return true;
        };
        PodLogs logs(server);
        ui::LogViewer& viewer = logs.viewer;
        viewer.resize(1000, 240);
        model::PodsModel& podsModel = logs.pods;
        QTRY_COMPARE(podsModel.rowCount(), 2);
        QTRY_VERIFY(watch);
        auto* podBox = viewer.findChild<QComboBox*>(QStringLiteral("logPod"));
        auto* header = viewer.findChild<QLabel*>(QStringLiteral("logHeader"));
        QVERIFY(podBox && header);
        viewer.follow(QStringLiteral("default"), QStringLiteral("app-exec-1"), QStringLiteral("spark-kubernetes-executor"));
        QTRY_VERIFY(viewer.text().contains(QStringLiteral("log of app-exec-1 run 1")));

        // The executor is deleted; the driver it belonged to stays: its log stays shown, with why.
        gone << QStringLiteral("app-exec-1");
        QVERIFY(send("DELETED", exec1));
        QTRY_COMPARE(podsModel.rowCount(), 1);
        QTRY_VERIFY2(header->text().contains(QStringLiteral("pod app-exec-1 was deleted (re-run or cleanup)")), qPrintable(header->text()));
        QVERIFY2(!header->text().contains(QStringLiteral("ended (the container finished)")), qPrintable(header->text()));
        QCOMPARE(podBox->findData(QStringLiteral("app-exec-1")), -1);
        QVERIFY(podBox->findData(QStringLiteral("app-driver")) >= 0);
        QCOMPARE(podBox->currentIndex(), -1);
        QCOMPARE(podBox->placeholderText(), QStringLiteral("app-exec-1 (deleted)"));
        QCOMPARE(viewer.target(), QStringLiteral("default/app-exec-1/spark-kubernetes-executor"));
        QVERIFY(viewer.text().contains(QStringLiteral("log of app-exec-1 run 1")));
        if (!qEnvironmentVariableIsEmpty("SPARKDECK_SCREENSHOT_DIR"))
            viewer.grab().save(qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR") + QStringLiteral("/log-pod-deleted.png"));

        // A re-run: the old driver goes and a new one of the same name comes; the viewer moves to it.
        gone << QStringLiteral("app-driver");
        QVERIFY(send("DELETED", driver1));
        QTRY_COMPARE(podsModel.rowCount(), 0);
        QCOMPARE(podBox->findData(QStringLiteral("app-exec-1")), -1);
        gone.remove(QStringLiteral("app-driver"));
        run = 2;
        QVERIFY(send("ADDED", driver2));
        QTRY_COMPARE(viewer.target(), QStringLiteral("default/app-driver/spark-kubernetes-driver"));
        QTRY_VERIFY(viewer.text().contains(QStringLiteral("log of app-driver run 2")));
        QVERIFY(!viewer.text().contains(QStringLiteral("app-exec-1")));
        QVERIFY2(header->text().contains(QStringLiteral("pod app-exec-1 was deleted (re-run or cleanup); showing the new driver pod")),
                 qPrintable(header->text()));
        QCOMPARE(podBox->currentData().toString(), QStringLiteral("app-driver"));
        QCOMPARE(podBox->count(), 1);
        if (!qEnvironmentVariableIsEmpty("SPARKDECK_SCREENSHOT_DIR"))
            viewer.grab().save(qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR") + QStringLiteral("/log-new-driver.png"));
    }

    void mainContainer_data()
    {
        QTest::addColumn<QJsonObject>("pod");
        QTest::addColumn<QString>("main");
        QTest::newRow("driver") << pods().at(0) << QStringLiteral("spark-kubernetes-driver");
        QTest::newRow("executor after a sidecar") << pods().at(1) << QStringLiteral("spark-kubernetes-executor");
        QTest::newRow("executor of an older Spark") << pods().at(2) << QStringLiteral("executor");
        QTest::newRow("not Spark's: first non-sidecar")
            << pod(QStringLiteral("web"), {}, {QStringLiteral("istio-proxy"), QStringLiteral("web"), QStringLiteral("metrics")})
            << QStringLiteral("web");
        QJsonObject annotated = pod(QStringLiteral("web"), {}, {QStringLiteral("web"), QStringLiteral("metrics")});
        QJsonObject meta = annotated.value(QLatin1String("metadata")).toObject();
        meta.insert(QStringLiteral("annotations"), QJsonObject{{QStringLiteral("kubectl.kubernetes.io/default-container"), QStringLiteral("metrics")}});
        annotated.insert(QStringLiteral("metadata"), meta);
        QTest::newRow("kubectl's default-container annotation") << annotated << QStringLiteral("metrics");
        QTest::newRow("only sidecars") << pod(QStringLiteral("p"), {}, {QStringLiteral("istio-proxy")}) << QStringLiteral("istio-proxy");
        QTest::newRow("no containers") << pod(QStringLiteral("p"), {}, {}) << QString();
    }

    void mainContainer()
    {
        QFETCH(QJsonObject, pod);
        QFETCH(QString, main);
        QCOMPARE(model::PodsModel::mainContainer(pod), main);
    }

    void previousOfAContainerThatNeverRestarted()
    {
        ScriptedServer server(apiServer);
        kube::KubeClient client(connectionTo(server));
        ui::LogViewer viewer;
        viewer.setClient(&client);
        viewer.show();
        viewer.follow(QStringLiteral("default"), QStringLiteral("app-driver"), QStringLiteral("spark-kubernetes-driver"));
        QTRY_VERIFY(viewer.text().contains(QStringLiteral("log of app-driver")));
        viewer.findChild<QCheckBox*>(QStringLiteral("logPrevious"))->setChecked(true);
        QTRY_COMPARE(viewer.streamState(), kube::LogStream::State::Failed);
        const QString header = viewer.findChild<QLabel*>(QStringLiteral("logHeader"))->text();
        QVERIFY2(header.contains(QStringLiteral("This container has not restarted: there is no previous run")), qPrintable(header));
        QVERIFY2(!header.contains(QStringLiteral("retrying")), qPrintable(header));
    }

    void hugeLogSaysLinesOnDisk()
    {
        QTemporaryDir dir;
        ScriptedServer server([](const ScriptedServer::Request&, ScriptedServer::Exchange* x) {
            x->begin("text/plain");
            QByteArray body;
            for (int i = 0; i < 3000; ++i)
                body += "2026-11-21T10:00:00." + QByteArray::number(i).rightJustified(9, '0') + "Z 25/11/21 10:00:00 INFO line "
                    + QByteArray::number(i) + "\n";
            x->send(body);
            x->close();
        });
        kube::KubeClient client(connectionTo(server));
        ui::LogViewer viewer;
        viewer.resize(800, 400);
        viewer.model()->setSpillDirectory(dir.path());
        viewer.model()->setMemoryLimit(8192);
        viewer.setClient(&client);
        viewer.show();
        viewer.follow(QStringLiteral("default"), QStringLiteral("app-driver"), QStringLiteral("spark-kubernetes-driver"));
        QTRY_COMPARE(viewer.model()->rowCount(), 3000);
        const qsizetype onDisk = viewer.model()->spilledLines();
        QVERIFY2(onDisk > 2000 && onDisk < 3000, qPrintable(QString::number(onDisk)));
        const auto* header = viewer.findChild<QLabel*>(QStringLiteral("logHeader"));
        QTRY_VERIFY2(header->text().contains(QStringLiteral("3000 lines, %1 lines on disk").arg(onDisk)), qPrintable(header->text()));
        // Scrolling to a line on disk shows it.
        viewer.view()->scrollTo(viewer.model()->index(5));
        QCOMPARE(viewer.model()->index(5).data().toString(), QStringLiteral("25/11/21 10:00:00 INFO line 5"));
        QCOMPARE(viewer.model()->index(5).data(model::LogModel::TimestampRole).toLongLong() % 1'000'000'000, 5);
        viewer.view()->grab();
        // Search finds lines on disk and in memory.
        QSignalSpy searched(&viewer, &ui::LogViewer::searchFinished);
        viewer.searchEdit()->setText(QStringLiteral("LINE 12"));
        QTRY_VERIFY(!searched.isEmpty());
        QTRY_COMPARE(viewer.matches(), (QList<int>{12, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 1200, 1201, 1202, 1203, 1204,
                                                   1205, 1206, 1207, 1208, 1209, 1210, 1211, 1212, 1213, 1214, 1215, 1216, 1217, 1218,
                                                   1219, 1220, 1221, 1222, 1223, 1224, 1225, 1226, 1227, 1228, 1229, 1230, 1231, 1232,
                                                   1233, 1234, 1235, 1236, 1237, 1238, 1239, 1240, 1241, 1242, 1243, 1244, 1245, 1246,
                                                   1247, 1248, 1249, 1250, 1251, 1252, 1253, 1254, 1255, 1256, 1257, 1258, 1259, 1260,
                                                   1261, 1262, 1263, 1264, 1265, 1266, 1267, 1268, 1269, 1270, 1271, 1272, 1273, 1274,
                                                   1275, 1276, 1277, 1278, 1279, 1280, 1281, 1282, 1283, 1284, 1285, 1286, 1287, 1288,
                                                   1289, 1290, 1291, 1292, 1293, 1294, 1295, 1296, 1297, 1298, 1299}));
        viewer.findNext();
        QCOMPARE(viewer.currentMatch(), 12);
        QCOMPARE(viewer.view()->currentIndex().row(), 12);
        // Saving writes every line, those on disk first.
        QString error;
        const QString saved = dir.filePath(QStringLiteral("saved.log"));
        QVERIFY2(viewer.saveTo(saved, &error), qPrintable(error));
        QFile file(saved);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), 3001);
        QCOMPARE(lines.first(), QByteArray("25/11/21 10:00:00 INFO line 0"));
        QCOMPARE(lines[2999], QByteArray("25/11/21 10:00:00 INFO line 2999"));
        // Clearing removes the spill file and the notice.
        const QString spill = viewer.model()->spillFilePath();
        QVERIFY(QFile::exists(spill));
        viewer.clear();
        QTRY_VERIFY(!QFile::exists(spill));
        QVERIFY(!header->text().contains(QStringLiteral("on disk")));
    }

    void invalidRegexSaysInvalidPattern()
    {
        ui::LogViewer viewer;
        viewer.resize(800, 400);
        viewer.show();
        viewer.model()->append({QStringLiteral("25/11/21 10:00:00 INFO SparkContext: Running Spark version 3.5.3"),
                                QStringLiteral("25/11/21 10:00:01 ERROR Executor: Exception in task 0.0")});
        QSignalSpy searched(&viewer, &ui::LogViewer::searchFinished);
        viewer.findChild<QCheckBox*>(QStringLiteral("logRegex"))->setChecked(true);
        // Painting the lines must not warn about the pattern once per line.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("invalid QRegularExpression")));
        viewer.searchEdit()->setText(QStringLiteral("Exception (in"));
        QTRY_VERIFY(!searched.isEmpty());
        QTRY_COMPARE(viewer.findChild<QLabel*>(QStringLiteral("logMatches"))->text(), QStringLiteral("invalid pattern"));
        QVERIFY(viewer.matches().isEmpty());
        QVERIFY(!viewer.searchEdit()->toolTip().isEmpty());
        viewer.view()->grab(); // paints every visible line with the pattern
        // Fixed, it searches again.
        searched.clear();
        viewer.searchEdit()->setText(QStringLiteral("Exception (in)"));
        QTRY_VERIFY(!searched.isEmpty());
        QTRY_COMPARE(viewer.matches(), QList<int>{1});
        QVERIFY(viewer.findChild<QLabel*>(QStringLiteral("logMatches"))->text() != QStringLiteral("invalid pattern"));
    }
};

QTEST_MAIN(TestLogViewer)
#include "tst_logviewer.moc"
