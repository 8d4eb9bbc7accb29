// The Spark Connect tab against the local control plane (tests/integration/fixture). Built twice:
// tst_sparkconnect_standin on the stand-in cluster (fixture `cluster`: no SparkConnect CRD, as an
// operator older than v2.3) and tst_sparkconnect_real on the real-mode cluster (fixture
// `cluster_real`: the operator v2.5.2's real CRD and controller, pods as local processes with a
// real Spark 4). Each test function skips on the other mode.
//
// Real mode: a SparkConnect created from the form's YAML is accepted by the real API server (strict
// field validation), the real controller's status (NotReady → Ready, ServerPodReady, executors)
// shows in the table and details, the server pod exists and its log (Spark's own) is shown; Connect
// forwards port 15002 and the Spark Connect server there answers as a gRPC (HTTP/2) server; Delete
// removes it and the garbage collector takes the server pod. A real Spark JVM on a busy machine takes
// a minute or more: the waits are generous.

#include "app/kube/informer.h"
#include "app/session/logsession.h"
#include "app/session/sparkconnectsession.h"
#include "models/logmodel.h"
#include "models/sparkconnectsmodel.h"
#include "ui/logviewer.h"
#include "ui/mainwindow.h"
#include "ui/sparkconnectview.h"
#include "ui/yamleditor.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTcpSocket>
#include <QTest>

#include "tests/support/clusterfixture.h"
#include "tests/support/messagebox.h"
#include "tests/support/process.h"

class TestSparkConnectCluster : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        const ClusterFixture fixture = readClusterFixture();
        QVERIFY2(!fixture.kubeconfig.isEmpty(), qPrintable(fixture.error));
        m_kubeconfig = fixture.kubeconfig;
        m_kubectl = fixture.kubectl;
        m_real = fixture.mode == QLatin1String("real");
    }

    // The stand-in cluster serves no SparkConnect: the tab says what to do, and stays quiet.
    void standInClusterShowsTheMessage()
    {
        if (m_real)
            QSKIP("stand-in mode only");
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        window.show();
        QVERIFY(window.isConnected());
        window.findChild<QTabWidget*>()->setCurrentWidget(window.sparkConnectView());
        ui::SparkConnectView* view = window.sparkConnectView();
        QTRY_VERIFY_WITH_TIMEOUT(view->sparkConnects()
                                     && view->sparkConnects()->availability() == session::SparkConnectSession::Availability::NotServed,
                                 30000);
        QVERIFY(view->showsMessage());
        QVERIFY2(view->messageText().startsWith(QLatin1String("This cluster's Spark Operator has no SparkConnect (needs v2.3 or newer)")),
                 qPrintable(view->messageText()));
        QVERIFY(!view->sparkConnects()->informer());
    }

    void sparkConnectOnTheRealOperator()
    {
        if (!m_real)
            QSKIP("real mode only");
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        window.resize(1400, 860);
        window.show();
        QVERIFY(window.isConnected());
        window.findChild<QTabWidget*>()->setCurrentWidget(window.sparkConnectView());
        ui::SparkConnectView* view = window.sparkConnectView();
        QTRY_VERIFY_WITH_TIMEOUT(!view->showsMessage(), 30000);
        session::SparkConnectSession* sc = view->sparkConnects();
        QTRY_VERIFY_WITH_TIMEOUT(sc->informer() && sc->informer()->hasSynced(), 30000);
        QAbstractItemModelTester tester(sc->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        const QString name = QStringLiteral("sc-") + QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
        const QString key = QStringLiteral("default/") + name;
        QStringList seen;
        auto record = [sc, key, &seen] {
            const QString state = sc->model()->summary(key).state;
            if (!state.isEmpty() && (seen.isEmpty() || seen.last() != state))
                seen << state;
        };
        connect(sc->model(), &QAbstractItemModel::dataChanged, this, record);
        connect(sc->model(), &QAbstractItemModel::rowsInserted, this, record);
        auto cleanup = qScopeGuard([&] {
            runProcess(m_kubectl, {QStringLiteral("--kubeconfig"), m_kubeconfig, QStringLiteral("delete"), QStringLiteral("sparkconnect"),
                                   name, QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("--ignore-not-found"),
                                   QStringLiteral("--wait=false")});
        });

        // The form, like a user: the template, a new name; the real API server accepts its YAML.
        QPointer<ui::SparkConnectCreateDialog> dialog = view->openCreateDialog();
        QTRY_VERIFY(dialog->isVisible());
        dialog->nameEdit()->selectAll();
        QTest::keyClicks(dialog->nameEdit(), name);
        QVERIFY(dialog->yaml().contains(QStringLiteral("name: ") + name));
        dialog->createButton()->click();
        QTRY_VERIFY2_WITH_TIMEOUT(view->statusText().startsWith(QStringLiteral("Created ") + key), qPrintable(dialog ? dialog->messageText() : view->statusText()), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(view->selectedKey(), key, 30000);

        // The real controller: the server pod and Service, then Ready once Spark's server is up.
        QTRY_VERIFY2_WITH_TIMEOUT(seen.contains(QStringLiteral("Ready")), qPrintable(seen.join(QStringLiteral(" → "))), 600000);
        const model::SparkConnectSummary s = sc->model()->summary(key);
        QCOMPARE(s.serverPod, name + QStringLiteral("-server"));
        QCOMPARE(s.serverService, name + QStringLiteral("-server"));
        QVERIFY(!s.serverPodIp.isEmpty());
        const ProcessResult pod = runProcess(m_kubectl, {QStringLiteral("--kubeconfig"), m_kubeconfig, QStringLiteral("get"), QStringLiteral("pod"),
                                                         s.serverPod, QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-o"),
                                                         QStringLiteral("jsonpath={.metadata.labels.sparkoperator\\.k8s\\.io/connect-name}")});
        QCOMPARE(pod.exitCode, 0);
        QCOMPARE(pod.out.trimmed(), name);
        QTRY_VERIFY2_WITH_TIMEOUT(view->detailsText().contains(QLatin1String("ServerPodReady")), qPrintable(view->detailsText()), 30000);
        QVERIFY(view->detailsText().contains(QStringLiteral("%1-server, Spark Connect on port 15002").arg(name)));

        // The server's own log, through the log viewer (session::LogSession) and on its own.
        QCOMPARE(view->logViewer()->target(), QStringLiteral("default/%1-server/spark-kubernetes-driver").arg(name));
        QTRY_VERIFY_WITH_TIMEOUT(view->logViewer()->text().contains(QLatin1String("SparkConnectServer")), 120000);
        session::LogSession log;
        log.setClient(window.session()->client());
        QVERIFY(sc->followServerLog(&log, key));
        QCOMPARE(log.target(), QStringLiteral("default/%1-server/spark-kubernetes-driver").arg(name));

        // Executors the server asked for, as the controller counts them.
        QTRY_VERIFY2_WITH_TIMEOUT(sc->model()->summary(key).executors.value(QStringLiteral("running")) >= 1,
                                  qPrintable(view->detailsText()), 300000);
        QTRY_VERIFY_WITH_TIMEOUT(view->detailsText().contains(QLatin1String("1 running")), 30000);
        // Connect: port 15002 of the server's Service forwarded, the address copied; a Spark Connect
        // server is a gRPC server: it answers HTTP/2's connection preface with a SETTINGS frame.
        QGuiApplication::clipboard()->clear();
        const QList<QPushButton*> buttons = view->findChildren<QPushButton*>();
        QPushButton* connectButton = *std::find_if(buttons.begin(), buttons.end(), [](QPushButton* b) { return b->text() == QLatin1String("Connect"); });
        QTRY_VERIFY(connectButton->isEnabled());
        connectButton->click();
        QTRY_VERIFY2_WITH_TIMEOUT(view->statusText().startsWith(QLatin1String("Copied sc://localhost:")), qPrintable(view->statusText()), 60000);
        const QRegularExpressionMatch url = QRegularExpression(QStringLiteral("^sc://localhost:(\\d+)$")).match(QGuiApplication::clipboard()->text());
        QVERIFY2(url.hasMatch(), qPrintable(QGuiApplication::clipboard()->text()));
        QCOMPARE(sc->connectUrl(key), url.captured(0));
        // The pod is Ready before Spark has started the gRPC service; the server says when it listens.
        QTRY_VERIFY_WITH_TIMEOUT(view->logViewer()->text().contains(QLatin1String("Spark Connect server started")), 300000);
        QByteArray answer;
        QVERIFY2(pollEvery(1000, 60000, [&] {
                     QTcpSocket socket;
                     socket.connectToHost(QStringLiteral("127.0.0.1"), url.captured(1).toUShort());
                     if (!socket.waitForConnected(5000))
                         return false;
                     socket.write(QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") + QByteArray::fromHex("000000040000000000"));
                     answer.clear();
                     while (answer.size() < 9 && socket.waitForReadyRead(5000))
                         answer += socket.readAll();
                     return answer.size() >= 9;
                 }),
                 answer.toHex().constData());
        QCOMPARE(int(answer.at(3)), 0x04); // frame type SETTINGS (RFC 9113 §6.5)
        if (const QString dir = qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR"); !dir.isEmpty()) {
            view->logViewer()->parentWidget()->setFocus();
            window.grab().save(dir + QStringLiteral("/sparkconnect.png"));
        }

        // Delete, after the question; the garbage collector takes the server pod.
        QString asked;
        answerNextMessageBox(this, QStringLiteral("Delete"), &asked);
        QPushButton* deleteButton = *std::find_if(buttons.begin(), buttons.end(), [](QPushButton* b) { return b->text() == QStringLiteral("Delete…"); });
        deleteButton->click();
        QVERIFY2(asked.contains(QStringLiteral("server pod %1-server").arg(name)), qPrintable(asked));
        QTRY_COMPARE_WITH_TIMEOUT(view->statusText(), QStringLiteral("Deleted %1.").arg(key), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(sc->model()->rowOf(key), -1, 60000);
        QVERIFY(sc->connectUrl(key).isEmpty());
        QVERIFY(pollEvery(2000, 180000, [&] {
            return runProcess(m_kubectl, {QStringLiteral("--kubeconfig"), m_kubeconfig, QStringLiteral("get"), QStringLiteral("pod"),
                                          name + QStringLiteral("-server"), QStringLiteral("-n"), QStringLiteral("default")})
                       .exitCode != 0;
        }));
    }

private:
    QString m_kubeconfig;
    QString m_kubectl;
    bool m_real = false;
};

QTEST_MAIN(TestSparkConnectCluster)
#include "tst_sparkconnect.moc"
