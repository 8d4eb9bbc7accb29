// With no usable kubeconfig, the window shows the welcome page naming the file and field.

#include "ui/mainwindow.h"
#include "tests/support/scriptedserver.h"
#include "ui/setupwizard.h"

#include <QPushButton>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestWelcome : public QObject {
    Q_OBJECT
private slots:
    void missingKubeconfig()
    {
        ui::SessionOptions options;
        options.kubeconfigFiles = {QStringLiteral("/nonexistent/kubeconfig")};
        options.explicitKubeconfig = true;
        ui::MainWindow window(options);
        QVERIFY(!window.isConnected());
        QVERIFY(window.welcomeText().contains(QStringLiteral("/nonexistent/kubeconfig")));
        QVERIFY(window.welcomeText().contains(QStringLiteral("does not exist")));
    }

    void malformedKubeconfigNamesFileAndField()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("config"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("clusters:\n- name: kind-spark\n  cluster:\n    server: https://127.0.0.1:6443\n"
                "    certificate-authority-data: not*base64\n"
                "contexts:\n- name: kind-spark\n  context: {cluster: kind-spark}\ncurrent-context: kind-spark\n");
        f.close();
        ui::SessionOptions options;
        options.kubeconfigFiles = {file};
        options.explicitKubeconfig = true;
        ui::MainWindow window(options);
        QVERIFY(!window.isConnected());
        QVERIFY2(window.welcomeText().contains(file), qPrintable(window.welcomeText()));
        QVERIFY(window.welcomeText().contains(QStringLiteral("clusters[kind-spark].cluster.certificate-authority-data")));
    }

    void missingOperatorOffersTheWizard()
    {
        // An API server without the Spark Operator's CRD answers a plain-text 404.
        ScriptedServer server([](const ScriptedServer::Request&, ScriptedServer::Exchange* x) {
            x->reply(404, "404 page not found\n", "text/plain");
        });
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("config"));
        QVERIFY(server.writeKubeconfig(file, QStringLiteral("bare")));
        ui::SessionOptions options;
        options.kubeconfigFiles = {file};
        options.explicitKubeconfig = true;
        ui::MainWindow window(options);
        window.show();
        QVERIFY(window.isConnected());
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().contains(QStringLiteral("Spark Operator CRD not installed")), 10000);
        auto* setup = window.findChild<QPushButton*>(QStringLiteral("setupOperatorButton"));
        QVERIFY(setup && setup->isVisible());
        setup->click();
        QTRY_VERIFY(window.setupWizard() && window.setupWizard()->isVisible());
        window.setupWizard()->reject();
    }

    void unknownContext()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("config"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("clusters:\n- name: c\n  cluster: {server: 'https://127.0.0.1:1'}\n"
                "contexts:\n- name: a\n  context: {cluster: c}\ncurrent-context: a\n");
        f.close();
        ui::SessionOptions options;
        options.kubeconfigFiles = {file};
        options.explicitKubeconfig = true;
        options.context = QStringLiteral("nope");
        ui::MainWindow window(options);
        QVERIFY(!window.isConnected());
        QVERIFY(window.welcomeText().contains(QStringLiteral("no context named \"nope\"")));
    }
};

QTEST_MAIN(TestWelcome)
#include "tst_welcome.moc"
