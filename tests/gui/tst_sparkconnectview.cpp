// The Spark Connect tab (ui::SparkConnectView in ui::MainWindow) against a scripted API server:
// a cluster without the CRD gets the message and nothing else; the creation form (fields, YAML,
// bad input, the server's refusal, a kept draft); delete asks first and names what goes with it;
// Connect only for a Ready server.
#include "app/session/sparkconnectsession.h"
#include "models/sparkconnectsmodel.h"
#include "ui/logviewer.h"
#include "ui/mainwindow.h"
#include "ui/sparkconnectview.h"
#include "ui/yamleditor.h"
#include "../support/messagebox.h"
#include "../support/scriptedserver.h"
#include "../support/sparkconnectjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {

using namespace sparkconnecttest;

// The API server's answer to a POST with fieldValidation=Strict and an unknown field.
QByteArray strictDecodingError()
{
    const QJsonObject status{{QStringLiteral("kind"), QStringLiteral("Status")},
                             {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                             {QStringLiteral("status"), QStringLiteral("Failure")},
                             {QStringLiteral("message"), QStringLiteral("SparkConnect in version 'v1alpha1' cannot be handled as a "
                                                                        "SparkConnect: strict decoding error: unknown field 'spec.sever'")},
                             {QStringLiteral("reason"), QStringLiteral("BadRequest")},
                             {QStringLiteral("code"), 400}};
    return QJsonDocument(status).toJson(QJsonDocument::Compact);
}

bool aboutSparkConnect(const ScriptedServer::Request& r)
{
    return r.path.startsWith(QLatin1String("/apis/sparkoperator.k8s.io/v1alpha1"));
}

int countOf(const ScriptedServer& server, const QByteArray& method, bool dryRun = false)
{
    int n = 0;
    for (const ScriptedServer::Request& r : server.requests())
        n += aboutSparkConnect(r) && r.method == method && r.query.hasQueryItem(QStringLiteral("dryRun")) == dryRun ? 1 : 0;
    return n;
}

} // namespace

using namespace sparkconnecttest;

class TestSparkConnectView : public QObject {
    Q_OBJECT

    // A main window on `server` (its kubeconfig in a temporary directory) showing the Spark Connect
    // tab; `window` is null when the kubeconfig could not be written.
    struct Tab {
        QTemporaryDir dir;
        std::unique_ptr<ui::MainWindow> window;
        ui::SparkConnectView* view = nullptr;
        explicit Tab(const ScriptedServer& server)
        {
            ui::SessionOptions options;
            if (!connectTo(server, dir, &options))
                return;
            window = std::make_unique<ui::MainWindow>(options);
            window->resize(1200, 800);
            window->show();
            if (!QTest::qWaitFor([this] { return window->isConnected(); }))
                return; // the test sees window->isConnected() false
            showTab(*window);
            view = window->sparkConnectView();
        }
    };

    static bool connectTo(const ScriptedServer& server, const QTemporaryDir& dir, ui::SessionOptions* options)
    {
        const QString file = dir.filePath(QStringLiteral("config"));
        options->kubeconfigFiles = {file};
        options->explicitKubeconfig = true;
        return server.writeKubeconfig(file, QStringLiteral("c"), QStringLiteral("default"));
    }

    static void showTab(ui::MainWindow& window)
    {
        auto* tabs = window.findChild<QTabWidget*>();
        tabs->setCurrentWidget(window.sparkConnectView());
    }

private slots:
    // An operator older than v2.3: the tab says so (and asks nothing until it is opened, and
    // nothing more until Check again).
    void clusterWithoutTheCrdShowsTheMessage()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (aboutSparkConnect(r))
                x->reply(404, "404 page not found\n", "text/plain");
            else
                emptyCluster(r, x);
        });
        QTemporaryDir dir;
        ui::SessionOptions options;
        QVERIFY(connectTo(server, dir, &options));
        ui::MainWindow window(options);
        window.show();
        QTRY_VERIFY(window.isConnected());
        QTRY_VERIFY(window.informer() && window.informer()->hasSynced());
        QCOMPARE(countOf(server, "GET"), 0);
        showTab(window);
        ui::SparkConnectView* view = window.sparkConnectView();
        QTRY_VERIFY(view->messageText().startsWith(QLatin1String("This cluster's Spark Operator has no SparkConnect (needs v2.3 or newer)")));
        QVERIFY(view->showsMessage());
        QCOMPARE(countOf(server, "GET"), 1);
        const QList<QPushButton*> buttons = view->findChildren<QPushButton*>();
        QPushButton* checkAgain = *std::find_if(buttons.begin(), buttons.end(), [](QPushButton* b) { return b->text() == QLatin1String("Check again"); });
        QVERIFY(checkAgain->isVisible());
        checkAgain->click();
        QTRY_COMPARE(countOf(server, "GET"), 2);
        QTRY_VERIFY(view->messageText().startsWith(QLatin1String("This cluster's Spark Operator has no SparkConnect")));
    }

    // Served, but the user may not list SparkConnects: said over the table (the informer retries).
    void forbiddenListIsSaid()
    {
        ScriptedServer server(served([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (aboutSparkConnect(r))
                x->reply(403, R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"sparkconnects.sparkoperator.k8s.io is forbidden: User \u0027dev\u0027 cannot list resource \u0027sparkconnects\u0027","reason":"Forbidden","code":403})");
            else
                emptyCluster(r, x);
        }));
        Tab tab(server);
        QVERIFY(tab.window && tab.window->isConnected());
        ui::SparkConnectView* view = tab.view;
        QTRY_VERIFY(!view->showsMessage());
        QTRY_VERIFY2(view->listProblemText().startsWith(QLatin1String("Listing SparkConnects failed")), qPrintable(view->listProblemText()));
        QVERIFY(view->listProblemText().contains(QLatin1String("cannot list resource 'sparkconnects'")));
    }

    void createFromTheForm()
    {
        int dryRunAnswer = 422;
        ScriptedServer server(served([&dryRunAnswer](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (aboutSparkConnect(r) && r.method == "POST" && r.query.hasQueryItem(QStringLiteral("dryRun")) && dryRunAnswer != 200)
                x->reply(dryRunAnswer, strictDecodingError());
            else if (aboutSparkConnect(r) && r.method == "POST")
                x->reply(201, r.body);
            else
                emptyCluster(r, x);
        }));
        Tab tab(server);
        QVERIFY(tab.window && tab.window->isConnected());
        ui::SparkConnectView* view = tab.view;
        QTRY_VERIFY(!view->showsMessage());

        QPointer<ui::SparkConnectCreateDialog> dialog = view->openCreateDialog();
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("spark-connect"));
        QCOMPARE(dialog->namespaceEdit()->text(), QStringLiteral("default"));
        QVERIFY(dialog->yaml().contains(QLatin1String("kind: SparkConnect")));
        QVERIFY2(dialog->messageText().contains(QLatin1String("server pod spark-connect-server")), qPrintable(dialog->messageText()));

        // Bad input: said, nothing sent.
        dialog->nameEdit()->selectAll();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("Team A"));
        QVERIFY(dialog->yaml().contains(QLatin1String("name: Team A")));
        dialog->createButton()->click();
        QVERIFY2(dialog->messageText().startsWith(QLatin1String("Name: use at most 57")), qPrintable(dialog->messageText()));
        QCOMPARE(countOf(server, "POST", true), 0);

        // The form fills the YAML; the YAML fills the form.
        dialog->nameEdit()->selectAll();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("team-a"));
        dialog->executorInstancesBox()->setValue(3);
        QVERIFY2(dialog->yaml().contains(QLatin1String("instances: 3")), qPrintable(dialog->yaml()));
        QVERIFY(dialog->yaml().contains(QLatin1String("name: team-a")));
        QVERIFY(dialog->yaml().contains(QLatin1String("serviceAccountName: spark-operator-spark")));
        dialog->yamlEditor()->setPlainText(dialog->yaml().replace(QLatin1String("image: spark:4.0.2"), QLatin1String("image: spark:4.0.1")));
        QCOMPARE(dialog->imageEdit()->text(), QStringLiteral("spark:4.0.1"));

        // The server refuses: the dialog stays with the reason, nothing typed lost.
        dialog->createButton()->click();
        QTRY_VERIFY2(dialog->messageText().contains(QLatin1String("unknown field 'spec.sever'")), qPrintable(dialog->messageText()));
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("team-a"));
        QVERIFY(dialog->createButton()->isEnabled());

        // Accepted: closed, said, both steps strict.
        dryRunAnswer = 200;
        dialog->createButton()->click();
        QTRY_VERIFY(view->statusText().startsWith(QLatin1String("Created default/team-a")));
        QTRY_VERIFY(!dialog);
        QCOMPARE(countOf(server, "POST", false), 1);
        for (const ScriptedServer::Request& r : server.requests())
            if (r.method == "POST")
                QCOMPARE(r.query.queryItemValue(QStringLiteral("fieldValidation")), QStringLiteral("Strict"));
        const QJsonObject sent = QJsonDocument::fromJson(server.requests().last().body).object();
        QCOMPARE(sent.value(QStringLiteral("spec")).toObject().value(QStringLiteral("image")).toString(), QStringLiteral("spark:4.0.1"));

        // Cancel keeps the draft for the next Create….
        dialog = view->openCreateDialog();
        dialog->nameEdit()->selectAll();
        QTest::keyClicks(dialog->nameEdit(), QStringLiteral("draft-b"));
        dialog->reject();
        QTRY_VERIFY(!dialog);
        dialog = view->openCreateDialog();
        QCOMPARE(dialog->nameEdit()->text(), QStringLiteral("draft-b"));
        dialog->reject();
    }

    void deleteAsksFirstAndConnectNeedsReady()
    {
        ScriptedServer server(served([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (aboutSparkConnect(r) && r.method == "DELETE")
                x->reply(200, R"({"kind":"Status","apiVersion":"v1","status":"Success"})");
            else if (aboutSparkConnect(r) && !r.query.hasQueryItem(QStringLiteral("watch")))
                x->reply(200, list({kReady, kNotReady}));
            else
                emptyCluster(r, x);
        }));
        Tab tab(server);
        QVERIFY(tab.window && tab.window->isConnected());
        ui::SparkConnectView* view = tab.view;
        QTRY_COMPARE(view->table()->model()->rowCount(), 2);
        const QList<QPushButton*> buttons = view->findChildren<QPushButton*>();
        auto button = [&buttons](const QString& text) {
            return *std::find_if(buttons.begin(), buttons.end(), [&text](QPushButton* b) { return b->text() == text; });
        };
        QPushButton* connect = button(QStringLiteral("Connect"));

        QVERIFY(view->selectKey(QStringLiteral("default/broken")));
        QVERIFY(!connect->isEnabled());
        QVERIFY(view->detailsText().contains(QLatin1String("Server pod is not ready. The server log says why.")));
        QCOMPARE(view->logViewer()->target(), QStringLiteral("default/broken-server/spark-kubernetes-driver"));

        QVERIFY(view->selectKey(QStringLiteral("default/spark-connect")));
        QVERIFY(connect->isEnabled());
        const QString details = view->detailsText();
        QVERIFY2(details.contains(QLatin1String("spark-connect-server (127.1.225.3)")), qPrintable(details));
        QVERIFY(details.contains(QLatin1String("spark-connect-server, Spark Connect on port 15002")));
        QVERIFY(details.contains(QLatin1String("1 running")));
        QVERIFY(details.contains(QLatin1String("ServerPodReady")));
        QCOMPARE(view->logViewer()->target(), QStringLiteral("default/spark-connect-server/spark-kubernetes-driver"));

        // Cancel: the question names what goes; nothing is deleted.
        QString asked;
        answerNextMessageBox(this, QStringLiteral("Cancel"), &asked);
        button(QStringLiteral("Delete…"))->click();
        QVERIFY2(asked.contains(QLatin1String("Delete the Spark Connect server default/spark-connect?")), qPrintable(asked));
        QVERIFY(asked.contains(QLatin1String("server pod spark-connect-server, the Service spark-connect-server")));
        QVERIFY(asked.contains(QLatin1String("(1 running)")));
        QCOMPARE(countOf(server, "DELETE"), 0);

        answerNextMessageBox(this, QStringLiteral("Delete"));
        button(QStringLiteral("Delete…"))->click();
        QTRY_COMPARE(countOf(server, "DELETE"), 1);
        QTRY_COMPARE(view->statusText(), QStringLiteral("Deleted default/spark-connect."));
        for (const ScriptedServer::Request& r : server.requests())
            if (r.method == "DELETE")
                QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QStringLiteral("preconditions")).toObject().value(QStringLiteral("uid")).toString(),
                         QStringLiteral("33ac777a-02b0-4b44-af5d-fd8df923b0b0"));
    }
};

QTEST_MAIN(TestSparkConnectView)
#include "tst_sparkconnectview.moc"
