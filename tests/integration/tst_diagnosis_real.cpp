// Diagnoses of real failures in the real-mode local control plane (tests/cluster/up --real: real
// kube-scheduler, Kubeflow Spark Operator v2.5.2 and Spark): a wrong main class (Spark's own
// "Failed to load class" in the driver log, exit code 101), a missing driver service account (the
// API server's refusal in spark-submit's output, SUBMISSION_FAILED) and a driver too large for the
// node (the real scheduler's FailedScheduling "Insufficient memory"). The three run at once; each is
// read back with `sparkdeck describe` (its Diagnosis section) and in the window's details pane,
// whose "Change <field>" link opens a copy in the job editor at that field.

#include "models/applicationsmodel.h"
#include "ui/applicationsview.h"
#include "ui/detailspane.h"
#include "ui/diagnosispanel.h"
#include "ui/jobeditor.h"
#include "ui/mainwindow.h"
#include "ui/yamleditor.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QTimer>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QTabWidget>
#include <QTest>
#include <QTextBlock>

#include "tests/support/cli.h"
#include "tests/support/clusterfixture.h"
#include "tests/support/messagebox.h"
#include "tests/support/process.h"

class TestDiagnosisReal : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        const ClusterFixture fixture = readClusterFixture();
        QVERIFY2(!fixture.kubeconfig.isEmpty(), qPrintable(fixture.error + QStringLiteral(" (label real)")));
        m_kubeconfig = fixture.kubeconfig;
        m_kubectl = fixture.kubectl;
        QCOMPARE(fixture.mode, QStringLiteral("real")); // `up --real` records its mode next to the kubeconfig
    }

    void realFailuresAreDiagnosed()
    {
        const QString suffix = QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
        const QString wrongClass = QStringLiteral("diag-class-") + suffix;
        const QString noAccount = QStringLiteral("diag-sa-") + suffix;
        const QString tooBig = QStringLiteral("diag-mem-") + suffix;
        auto cleanup = qScopeGuard([&] {
            kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), wrongClass, noAccount, tooBig,
                     QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("--wait=false")});
        });
        QVERIFY(create(wrongClass, QStringLiteral("mainClass: org.apache.spark.examples.SparkPi"),
                       QStringLiteral("mainClass: org.apache.spark.examples.SparkPie")));
        QVERIFY(create(noAccount, QStringLiteral("serviceAccount: spark-operator-spark"), QStringLiteral("serviceAccount: no-such-sa")));
        // The node has 32Gi allocatable: 40g + 4Gi overhead cannot fit.
        QVERIFY(create(tooBig, QStringLiteral("    memory: 512m\n    serviceAccount"), QStringLiteral("    memory: 40g\n    serviceAccount")));

        // The real scheduler says so within seconds of the driver pod's creation.
        QTRY_VERIFY_WITH_TIMEOUT(kubectl({QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("-n"), QStringLiteral("default"),
                                          QStringLiteral("--field-selector"),
                                          QStringLiteral("reason=FailedScheduling,involvedObject.name=%1-driver").arg(tooBig)})
                                     .out.contains(QStringLiteral("Insufficient memory")),
                                 600000);
        QTRY_VERIFY_WITH_TIMEOUT(state(noAccount).endsWith(QStringLiteral("FAILED")), 900000);
        QTRY_COMPARE_WITH_TIMEOUT(state(wrongClass), QStringLiteral("FAILED"), 1200000);

        struct Case {
            QString name;
            QString field;
            QString summary;
        };
        const QList<Case> cases{
            {wrongClass, QStringLiteral("spec.mainClass"), QStringLiteral("could not load the main class org.apache.spark.examples.SparkPie")},
            {noAccount, QStringLiteral("spec.driver.serviceAccount"), QStringLiteral("service account \"no-such-sa\" does not exist in namespace default")},
            {tooBig, QStringLiteral("spec.driver.memory"), QStringLiteral("asks for 44Gi of memory (spec.driver.memory 40g + 4Gi overhead = 44Gi)")},
        };

        // The command line.
        for (const Case& c : cases) {
            const CliResult r = runCli({QStringLiteral("describe"), c.name, QStringLiteral("--kubeconfig"), m_kubeconfig}, {}, {}, 120000);
            QCOMPARE(r.exitCode, 0);
            const QString diagnosis = r.out.section(QStringLiteral("Diagnosis:\n"), 1).section(QStringLiteral("\nPods:"), 0, 0);
            QVERIFY2(diagnosis.contains(c.summary), qPrintable(r.out));
            QVERIFY2(diagnosis.contains(QStringLiteral("  Field: ") + c.field), qPrintable(diagnosis));
        }

        // The window: the panel above the details pane's tabs, and its link into the editor.
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isConnected());
        QTRY_VERIFY_WITH_TIMEOUT(window.applicationsModel()->rowOf(QStringLiteral("default/") + tooBig) >= 0, 60000);
        ui::DetailsPane* details = window.detailsPane();
        for (const Case& c : cases) {
            window.showApplications();
            QVERIFY(window.applicationsView()->selectKey(QStringLiteral("default/") + c.name));
            QTRY_COMPARE(details->application(), QStringLiteral("default/") + c.name);
            ui::DiagnosisPanel* panel = details->diagnosisPanel();
            QTRY_VERIFY2_WITH_TIMEOUT(panel->isVisible() && panel->diagnosis().field == c.field,
                                      qPrintable(panel->diagnosis().cause + QStringLiteral(": ") + panel->text()), 60000);
            QVERIFY2(panel->diagnosis().summary.contains(c.summary), qPrintable(panel->text()));
            if (c.name == wrongClass && !qEnvironmentVariableIsEmpty("SPARKDECK_SCREENSHOT_DIR")) {
                panel->findChild<QWidget*>(QStringLiteral("diagnosisEvidenceToggle"))->setProperty("checked", true);
                details->showTab(ui::DetailsPane::DetailsTab);
                QTRY_VERIFY(panel->findChild<QLabel*>(QStringLiteral("diagnosisEvidence"))->isVisible());
                QTRY_VERIFY(!details->detailsText().isEmpty());
                window.grab().save(qEnvironmentVariable("SPARKDECK_SCREENSHOT_DIR") + QStringLiteral("/diagnosis.png"));
            }
            // Click "Change <field>": a copy in the editor, the field focused (the previous copy,
            // if touched, is discarded when asked).
            if (window.jobEditor()->isModified())
                answerNextMessageBox(&window, QStringLiteral("Discard"));
            QLabel* link = panel->linkLabel();
            // The panel may have just been shown or re-filled: click once the layout has given the
            // link its new size, or the click lands beside the text.
            QTRY_VERIFY(link->isVisible() && link->text().contains(c.field) && link->width() >= link->sizeHint().width()
                        && link->height() >= link->sizeHint().height());
            const QPoint at(link->contentsRect().left() + 12, link->height() / 2);
            QTest::mouseMove(link, at);
            QTest::mouseClick(link, Qt::LeftButton, {}, at);
            ui::JobEditor* editor = window.jobEditor();
            QTRY_VERIFY(editor->isVisible());
            QTRY_VERIFY2(editor->yamlText().contains(QStringLiteral("name: %1-2").arg(c.name))
                             || editor->yamlText().contains(QStringLiteral("name: %1-copy").arg(c.name))
                             || editor->yamlText().contains(c.name),
                         qPrintable(editor->yamlText().left(300)));
            window.activateWindow();
            QTRY_COMPARE(QApplication::focusWidget(), editor->fieldWidget(c.field));
            QVERIFY2(editor->yamlEditor()->textCursor().block().text().contains(c.field.section(QLatin1Char('.'), -1)),
                     qPrintable(editor->yamlEditor()->textCursor().block().text()));
        }
    }

private:
    bool create(const QString& name, const QString& from, const QString& to)
    {
        QFile preset(qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/manifests/presets/10-spark-pi.yaml"));
        if (!preset.open(QIODevice::ReadOnly))
            return false;
        QString yaml = QString::fromUtf8(preset.readAll());
        yaml.replace(QStringLiteral("name: spark-pi"), QStringLiteral("name: ") + name);
        if (!yaml.contains(from))
            return false;
        yaml.replace(from, to);
        QProcess p;
        p.start(m_kubectl, {QStringLiteral("--kubeconfig"), m_kubeconfig, QStringLiteral("create"), QStringLiteral("-n"),
                            QStringLiteral("default"), QStringLiteral("-f"), QStringLiteral("-")});
        p.write(yaml.toUtf8());
        p.closeWriteChannel();
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            qWarning("kubectl create: %s", p.readAllStandardError().constData());
            return false;
        }
        return true;
    }

    QString state(const QString& name)
    {
        return kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default"),
                        QStringLiteral("-o"), QStringLiteral("jsonpath={.status.applicationState.state}")})
            .out.trimmed();
    }

    ProcessResult kubectl(const QStringList& args)
    {
        return runProcess(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), m_kubeconfig} + args);
    }

    QString m_kubeconfig;
    QString m_kubectl;
};

QTEST_MAIN(TestDiagnosisReal)
#include "tst_diagnosis_real.moc"
