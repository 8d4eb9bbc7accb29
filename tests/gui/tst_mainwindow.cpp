// The main window, offscreen: it opens within the screen and remembers its geometry (never
// larger than the screen), it fits a 1024×700 screen with its key controls in view, and it asks
// before Clone or File ▸ Open replace unsaved work in the job editor.

#include "app/session/clustersession.h"
#include "ui/applicationsview.h"
#include "ui/detailspane.h"
#include "ui/jobeditor.h"
#include "ui/mainwindow.h"
#include "ui/scheduledview.h"
#include "tests/support/messagebox.h"
#include "tests/support/scriptedserver.h"
#include "ui/windowgeometry.h"
#include "ui/yamleditor.h"

#include <QAction>
#include <QDockWidget>
#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdio>

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SparkDeckTest"));
    }

    void opensWithinTheScreenAndRemembersItsGeometry()
    {
        // The preferred 1400×860 where it fits, else 90 % of the free area (1366×768 less a 30 px panel).
        QCOMPARE(ui::fittingWindowSize(QRect(0, 0, 1920, 1050)), QSize(1400, 860));
        QCOMPARE(ui::fittingWindowSize(QRect(0, 30, 1366, 738)), QSize(1229, 664));
        QSettings().remove(QStringLiteral("mainWindow"));
        ui::SessionOptions options;
        options.kubeconfigFiles = {QStringLiteral("/nonexistent/kubeconfig")};
        options.rememberGeometry = true;
        QSize remembered;
        {
            ui::MainWindow window(options);
            const QRect available = window.screen()->availableGeometry();
            QCOMPARE(available.size(), QSize(1366, 768));
            QVERIFY2(available.contains(QRect(window.pos(), window.size())),
                     qPrintable(QStringLiteral("%1x%2 at %3,%4 on a screen of %5x%6").arg(window.width()).arg(window.height())
                                    .arg(window.x()).arg(window.y()).arg(available.width()).arg(available.height())));
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            const QRect frame = window.frameGeometry();
            QVERIFY2(available.contains(frame), qPrintable(QStringLiteral("frame %1x%2 at %3,%4 on a screen of %5x%6")
                                                                .arg(frame.width()).arg(frame.height()).arg(frame.x()).arg(frame.y())
                                                                .arg(available.width()).arg(available.height())));
            remembered = QSize(available.width() * 3 / 4, available.height() * 3 / 4).expandedTo(window.minimumSizeHint());
            QVERIFY(remembered != window.size());
            window.resize(remembered);
            QTRY_COMPARE(window.size(), remembered);
        }
        {
            ui::MainWindow again(options);
            QCOMPARE(again.size(), remembered);
        }
        // A geometry saved on a larger screen is shrunk to fit this one.
        QWidget large;
        large.setGeometry(0, 0, 4000, 3000);
        QSettings().setValue(QStringLiteral("mainWindow/geometry"), large.saveGeometry());
        ui::MainWindow shrunk(options);
        const QRect available = shrunk.screen()->availableGeometry();
        QVERIFY2(available.contains(QRect(shrunk.pos(), shrunk.size())),
                 qPrintable(QStringLiteral("%1x%2 at %3,%4").arg(shrunk.width()).arg(shrunk.height()).arg(shrunk.x()).arg(shrunk.y())));
        QSettings().remove(QStringLiteral("mainWindow"));
    }

    void fitsA1024x700Screen()
    {
        // An API server with no applications: the Applications tab shows its (empty) table.
        ScriptedServer server(emptyCluster);
        QTemporaryDir dir;
        ui::SessionOptions options;
        QVERIFY(connectTo(server, dir, &options));
        ui::MainWindow window(options);
        QVERIFY(window.isConnected());
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(window.minimumSizeHint().width() <= 1024 && window.minimumSizeHint().height() <= 700,
                 qPrintable(QStringLiteral("minimumSizeHint %1x%2").arg(window.minimumSizeHint().width()).arg(window.minimumSizeHint().height())));
        QTRY_COMPARE(window.size(), QSize(1024, 700));

        auto* table = window.applicationsView()->findChild<QTableView*>();
        QVERIFY(table);
        QTRY_VERIFY(table->isVisible());
        QVERIFY2(inside(table, &window), qPrintable(geometryOf(table, &window)));

        window.showEditor();
        ui::JobEditor* editor = window.jobEditor();
        QTRY_VERIFY(editor->submitButton()->isVisible());
        QVERIFY2(inside(editor->submitButton(), &window), qPrintable(geometryOf(editor->submitButton(), &window)));
        auto* status = editor->findChild<QLabel*>(QStringLiteral("editorStatus"));
        QVERIFY(status && status->isVisible());
        QVERIFY2(inside(status, &window), qPrintable(geometryOf(status, &window)));
        QVERIFY2(status->width() >= status->fontMetrics().horizontalAdvance(status->text()), qPrintable(status->text()));
        auto* name = editor->fieldWidget(QStringLiteral("metadata.name"));
        QVERIFY2(name->isVisible() && name->width() >= 250, qPrintable(QString::number(name->width()))); // the form gets the room
        QVERIFY(editor->yamlEditor()->isVisible());
        QVERIFY(window.size() == QSize(1024, 700));
        if (!qEnvironmentVariableIsEmpty("SPARKDECK_SCREENSHOT_DIR"))
            window.grab().save(qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR") + QStringLiteral("/editor-1024x700.png"));
    }

    // Two contexts: the cluster list is beside the applications on this 1366 px screen, readable, and
    // the window still fits the screen; on a 1024 px screen it is hidden by default, and without it
    // the window fits 1024×700 again.
    void twoContextsFitTheScreen()
    {
        QVERIFY(!ui::MainWindow::clusterListFitsBeside(1024));
        QVERIFY(ui::MainWindow::clusterListFitsBeside(1366));
        ScriptedServer server(emptyCluster);
        QTemporaryDir dir;
        ui::SessionOptions options;
        options.kubeconfigFiles = {dir.filePath(QStringLiteral("config"))};
        options.explicitKubeconfig = true;
        QFile config(options.kubeconfigFiles.first());
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("clusters:\n- name: c\n  cluster: {server: '%1'}\n"
                                    "contexts:\n- name: c\n  context: {cluster: c, namespace: default}\n"
                                    "- name: second-cluster-with-a-long-name\n  context: {cluster: c, namespace: default}\n"
                                    "current-context: c\n").arg(server.url()).toUtf8());
        config.close();
        ui::MainWindow window(options);
        QVERIFY(window.isConnected());
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(window.clusterDock()->isVisible());
        const int screenWidth = window.screen()->availableGeometry().width();
        QVERIFY2(window.width() <= screenWidth && window.minimumSizeHint().width() <= screenWidth,
                 qPrintable(QStringLiteral("window %1, minimum %2, screen %3").arg(window.width()).arg(window.minimumSizeHint().width()).arg(screenWidth)));
        QVERIFY2(window.clusterDock()->width() >= window.fontMetrics().averageCharWidth() * 20,
                 qPrintable(QString::number(window.clusterDock()->width())));
        auto* listAction = window.findChild<QAction*>(QStringLiteral("clusterListAction"));
        QVERIFY(listAction && listAction->isChecked());
        listAction->trigger();
        QTRY_VERIFY(!window.clusterDock()->isVisible());
        QVERIFY2(window.minimumSizeHint().width() <= 1024, qPrintable(QString::number(window.minimumSizeHint().width())));
    }

    void cloneAndOpenAskBeforeReplacingEdits()
    {
        ui::SessionOptions options;
        options.kubeconfigFiles = {QStringLiteral("/nonexistent/kubeconfig")};
        ui::MainWindow window(options);
        window.show();
        ui::JobEditor* editor = window.jobEditor();
        auto* name = qobject_cast<QLineEdit*>(editor->fieldWidget(QStringLiteral("metadata.name")));
        window.showEditor();
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("my-work"));
        const QString clone = QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                                             "metadata:\n  name: cloned\nspec:\n  type: Scala\n");
        // Clone: Cancel keeps the work.
        QString question;
        answerNextDialog(QStringLiteral("Cancel"), &question);
        emit window.detailsPane()->cloneRequested(clone);
        QVERIFY2(question.contains(QStringLiteral("unsaved")), qPrintable(question));
        QVERIFY(editor->yamlText().contains(QStringLiteral("name: my-work")));
        // Open: Cancel keeps the work too.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.yaml"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(clone.toUtf8());
        f.close();
        answerNextDialog(QStringLiteral("Cancel"));
        QVERIFY(!window.openFile(path));
        QVERIFY(editor->yamlText().contains(QStringLiteral("name: my-work")));
        // Discard lets the clone in.
        answerNextDialog(QStringLiteral("Discard"));
        emit window.detailsPane()->cloneRequested(clone);
        QVERIFY(editor->yamlText().contains(QStringLiteral("name: cloned")));
        // Unmodified: no question.
        QVERIFY(window.openFile(path));
        QCOMPARE(editor->filePath(), QFileInfo(path).absoluteFilePath());
    }

    void quitAsksAboutUnsavedEditsAndTitleShowsThem()
    {
        ui::SessionOptions options;
        options.kubeconfigFiles = {QStringLiteral("/nonexistent/kubeconfig")};
        ui::MainWindow window(options);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.isWindowModified());
        ui::JobEditor* editor = window.jobEditor();
        window.showEditor();
        auto* name = qobject_cast<QLineEdit*>(editor->fieldWidget(QStringLiteral("metadata.name")));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("my-work"));
        // Quit (File ▸ Quit closes the window) asks; Cancel keeps the window and the work.
        QString question;
        answerNextDialog(QStringLiteral("Cancel"), &question);
        QVERIFY(!window.close());
        QVERIFY2(question.contains(QStringLiteral("unsaved")), qPrintable(question));
        QVERIFY2(question.contains(QStringLiteral("quit")), qPrintable(question));
        QVERIFY(window.isVisible());
        QVERIFY(editor->yamlText().contains(QStringLiteral("name: my-work")));
        // The title marks unsaved changes.
        QVERIFY(window.windowTitle().contains(QStringLiteral("[*]")));
        QVERIFY(window.isWindowModified());
        // Save writes it (Save As for a new document), then the window closes.
        QTemporaryDir dir;
        QString error;
        QVERIFY(editor->saveFile(dir.filePath(QStringLiteral("job.yaml")), &error));
        QVERIFY(!window.isWindowModified());
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("more-work"));
        QVERIFY(window.isWindowModified());
        answerNextDialog(QStringLiteral("Save"));
        QVERIFY(window.close());
        QFile saved(dir.filePath(QStringLiteral("job.yaml")));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll().contains("name: more-work"));
    }

    void scheduledSubmitShowsTheScheduledTab()
    {
        ScriptedServer::Exchange* scheduledWatch = nullptr;
        ScriptedServer server([&scheduledWatch](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.query.hasQueryItem(QStringLiteral("watch"))) {
                x->begin();
                if (r.path.endsWith(QLatin1String("/scheduledsparkapplications")))
                    scheduledWatch = x;
            } else {
                x->reply(200, R"({"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]})");
            }
        });
        QTemporaryDir dir;
        ui::SessionOptions options;
        QVERIFY(connectTo(server, dir, &options));
        ui::MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(scheduledWatch, 10000);
        window.showEditor();
        emit window.jobEditor()->submitted(QStringLiteral("default"), QStringLiteral("sched-pi"), QStringLiteral("ScheduledSparkApplication"));
        auto* tabs = window.findChild<QTabWidget*>();
        QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(window.scheduledView()));
        scheduledWatch->send(R"({"type":"ADDED","object":{"apiVersion":"sparkoperator.k8s.io/v1beta2","kind":"ScheduledSparkApplication",)"
                             R"("metadata":{"name":"sched-pi","namespace":"default","resourceVersion":"2"},"spec":{"schedule":"@daily"}}})"
                             "\n");
        QTRY_COMPARE_WITH_TIMEOUT(window.scheduledView()->currentKey(), QStringLiteral("default/sched-pi"), 10000);
    }

    // Each context gets a session of its own: switching replaces the session, the tables show the
    // new one's models, and the filter typed in the table stays.
    void switchingContextsReplacesTheSession()
    {
        ScriptedServer first(emptyCluster);
        ScriptedServer second(emptyCluster);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("config"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("clusters:\n- name: one\n  cluster: {server: '" + first.url().toUtf8() + "'}\n"
                "- name: two\n  cluster: {server: '" + second.url().toUtf8() + "'}\n"
                "contexts:\n- name: one\n  context: {cluster: one, namespace: default}\n"
                "- name: two\n  context: {cluster: two, namespace: default}\ncurrent-context: one\n");
        f.close();
        ui::SessionOptions options;
        options.kubeconfigFiles = {file};
        options.explicitKubeconfig = true;
        ui::MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 20000);
        const QPointer<session::ClusterSession> one = window.session();
        QCOMPARE(one->context(), QStringLiteral("one"));
        QCOMPARE(window.applicationsModel(), one->applications());
        window.applicationsView()->filterEdit()->setText(QStringLiteral("pi"));

        window.setContext(QStringLiteral("two"));
        QVERIFY(!one); // the old session is gone, with its client and informers
        QVERIFY(window.session());
        QCOMPARE(window.session()->context(), QStringLiteral("two"));
        QCOMPARE(window.applicationsModel(), window.session()->applications());
        QCOMPARE(window.scheduledModel(), window.session()->scheduledApplications());
        QCOMPARE(window.applicationsView()->filterEdit()->text(), QStringLiteral("pi"));
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 20000);
        QTRY_VERIFY(window.connectionText().contains(QLatin1String("Live")));
        bool asked = false;
        for (const ScriptedServer::Request& r : second.requests())
            asked = asked || r.path.endsWith(QLatin1String("/sparkapplications"));
        QVERIFY(asked);
    }

    // A kubeconfig changed on disk (replaced atomically as kubectl, kind and aws eks
    // update-kubeconfig write it, twice, then edited in place) updates the context list, while
    // the connected view keeps its client and watches, even when its context is gone.
    void kubeconfigChangesOnDiskUpdateContexts()
    {
        ScriptedServer server(emptyCluster);
        QTemporaryDir dir;
        ui::SessionOptions options;
        QVERIFY(connectTo(server, dir, &options));
        const QString file = options.kubeconfigFiles.first();
        auto yaml = [&](const QStringList& contexts) {
            QByteArray y = "clusters:\n- name: c\n  cluster: {server: '" + server.url().toUtf8() + "'}\ncontexts:\n";
            for (const QString& name : contexts)
                y += "- name: " + name.toUtf8() + "\n  context: {cluster: c, namespace: default}\n";
            return y + "current-context: c\n";
        };
        // Replaces the kubeconfig atomically (write, then rename over it); false when that failed.
        auto replace = [&](const QByteArray& content) {
            const QString temp = dir.filePath(QStringLiteral("config.lock"));
            QFile f(temp);
            if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
                return false;
            f.close();
            return std::rename(QFile::encodeName(temp).constData(), QFile::encodeName(file).constData()) == 0;
        };
        ui::MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 20000);
        const QPointer<kube::Informer> informer = window.informer();
        auto* box = window.findChild<QComboBox*>(QStringLiteral("contextBox"));
        QVERIFY(box);
        auto items = [box] {
            QStringList names;
            for (int i = 0; i < box->count(); ++i)
                names << box->itemText(i);
            return names;
        };
        QCOMPARE(items(), QStringList{QStringLiteral("c")});

        QVERIFY(replace(yaml({QStringLiteral("c"), QStringLiteral("kind-spark")})));
        QTRY_COMPARE_WITH_TIMEOUT(items(), (QStringList{QStringLiteral("c"), QStringLiteral("kind-spark")}), 10000);
        QVERIFY(replace(yaml({QStringLiteral("c"), QStringLiteral("kind-spark"), QStringLiteral("eks")})));
        QTRY_COMPARE_WITH_TIMEOUT(items(), (QStringList{QStringLiteral("c"), QStringLiteral("kind-spark"), QStringLiteral("eks")}), 10000);
        QCOMPARE(box->currentText(), QStringLiteral("c"));

        QFile inPlace(file);
        QVERIFY(inPlace.open(QIODevice::WriteOnly | QIODevice::Truncate));
        inPlace.write(yaml({QStringLiteral("eks")}));
        inPlace.close();
        QTRY_COMPARE_WITH_TIMEOUT(items(), QStringList{QStringLiteral("eks")}, 10000);
        QTRY_VERIFY(window.statusBar()->currentMessage().contains(QLatin1String("keeps running")));

        // The same informer, still live, on the same context.
        QVERIFY(informer);
        QCOMPARE(window.informer(), informer.data());
        QCOMPARE(informer->state(), kube::Informer::State::Live);
        QVERIFY(window.isConnected());
        QCOMPARE(window.currentContext(), QStringLiteral("c"));
    }

private:
    // An API server with nothing in it: every list is empty, every watch stays open and quiet.
    static void emptyCluster(const ScriptedServer::Request& r, ScriptedServer::Exchange* x)
    {
        if (r.query.hasQueryItem(QStringLiteral("watch")))
            x->begin();
        else
            x->reply(200, R"({"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[]})");
    }
    // Options whose only kubeconfig (written into `dir`) points at `server`, namespace default.
    static bool connectTo(const ScriptedServer& server, const QTemporaryDir& dir, ui::SessionOptions* options)
    {
        const QString file = dir.filePath(QStringLiteral("config"));
        options->kubeconfigFiles = {file};
        options->explicitKubeconfig = true;
        return server.writeKubeconfig(file, QStringLiteral("c"), QStringLiteral("default"));
    }
    static QRect geometryIn(const QWidget* w, const QWidget* window)
    {
        return QRect(w->mapTo(window, QPoint(0, 0)), w->size());
    }
    static bool inside(const QWidget* w, const QWidget* window)
    {
        return w->isVisible() && !w->size().isEmpty() && window->rect().contains(geometryIn(w, window));
    }
    static QString geometryOf(const QWidget* w, const QWidget* window)
    {
        const QRect r = geometryIn(w, window);
        return QStringLiteral("%1,%2 %3x%4 in %5x%6").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())
            .arg(window->width()).arg(window->height());
    }

    void answerNextDialog(const QString& button, QString* text = nullptr) { answerNextMessageBox(this, button, text); }
};

// Runs on a 1366×768 offscreen screen, the small laptop screen the window must fit (the offscreen
// platform's own screen is 800×800).
int main(int argc, char* argv[])
{
    QTemporaryDir dir;
    if (qgetenv("QT_QPA_PLATFORM") == "offscreen" && dir.isValid()) {
        QFile config(dir.filePath(QStringLiteral("screens.json")));
        if (config.open(QIODevice::WriteOnly)
            && config.write(R"({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]})") > 0) {
            config.close();
            qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + config.fileName().toUtf8());
        }
    }
    QApplication app(argc, argv);
    TestMainWindow test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
