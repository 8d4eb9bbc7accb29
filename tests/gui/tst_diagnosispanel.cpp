// ui::DiagnosisPanel offscreen: it shows model::diagnose() of a recorded failure, hides for a
// healthy run, and its "Change <field>" link opens a copy in the main window's job editor with the
// field focused (form input and YAML line).
#include "ui/diagnosispanel.h"
#include "ui/jobeditor.h"
#include "ui/mainwindow.h"
#include "ui/yamleditor.h"
#include "tests/support/diagnosisfixture.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBlock>

namespace {

model::DiagnosisInput load(const QString& name)
{
    return loadDiagnosisFixture(name);
}

/// Clicks the link of `label` (its only text) like a user.
void clickLink(QLabel* label)
{
    const QPoint at(label->contentsRect().left() + 12, label->height() / 2);
    QTest::mouseMove(label, at);
    QTest::mouseClick(label, Qt::LeftButton, {}, at);
}

} // namespace

class TestDiagnosisPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SparkDeckTest"));
    }

    void showsTheDiagnosisAndHidesWhenHealthy()
    {
        ui::DiagnosisPanel panel;
        panel.resize(900, 200);
        panel.show();
        panel.setInput(load(QStringLiteral("insufficient-memory")));
        QVERIFY(panel.isVisible());
        QCOMPARE(panel.diagnosis().cause, QStringLiteral("InsufficientMemory"));
        QVERIFY2(panel.text().contains(QLatin1String("The driver pod cannot be scheduled")), qPrintable(panel.text()));
        QVERIFY(panel.linkLabel()->isVisible());
        QVERIFY(panel.linkLabel()->text().contains(QLatin1String("Change spec.driver.memory")));
        auto* evidence = panel.findChild<QLabel*>(QStringLiteral("diagnosisEvidence"));
        QVERIFY(evidence && !evidence->isVisible());
        auto* toggle = panel.findChild<QWidget*>(QStringLiteral("diagnosisEvidenceToggle"));
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(evidence->isVisible());
        QVERIFY(evidence->text().contains(QLatin1String("FailedScheduling")));

        // Nothing to change in the spec: no link.
        panel.setInput(load(QStringLiteral("driver-pod-not-found")));
        QVERIFY(panel.isVisible());
        QVERIFY(!panel.linkLabel()->isVisible());

        panel.setInput(load(QStringLiteral("completed")));
        QVERIFY(!panel.isVisible());
        QVERIFY(panel.text().isEmpty());
    }

    void linkOpensTheEditorAtTheField()
    {
        ui::SessionOptions options;
        options.kubeconfigFiles = {QStringLiteral("/nonexistent/kubeconfig")};
        ui::MainWindow window(options);
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.activateWindow();

        const model::DiagnosisInput input = load(QStringLiteral("oomkilled"));
        ui::DiagnosisPanel panel;
        panel.resize(900, 200);
        panel.show();
        panel.setInput(input);
        QCOMPARE(panel.diagnosis().field, QStringLiteral("spec.driver.memoryOverhead"));
        const QString yaml = QStringLiteral(
            "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl-daily-2\n  namespace: default\n"
            "spec:\n  type: Scala\n  mode: cluster\n  image: apache/spark:3.5.3\n  mainClass: org.apache.spark.examples.SparkPi\n"
            "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples_2.12-3.5.3.jar\n  sparkVersion: 3.5.3\n"
            "  driver:\n    cores: 1\n    memory: 1g\n    serviceAccount: spark-operator-spark\n  executor:\n    instances: 2\n    memory: 1g\n");
        QObject::connect(&panel, &ui::DiagnosisPanel::changeFieldRequested, &window,
                         [&](const QString& field) { window.cloneIntoEditorAt(yaml, field); });
        QSignalSpy spy(&panel, &ui::DiagnosisPanel::changeFieldRequested);
        clickLink(panel.linkLabel());
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("spec.driver.memoryOverhead"));

        ui::JobEditor* editor = window.jobEditor();
        QTRY_VERIFY(editor->isVisible());
        QVERIFY(editor->yamlText().contains(QLatin1String("name: etl-daily-2")));
        QWidget* input1 = editor->fieldWidget(QStringLiteral("spec.driver.memoryOverhead"));
        QVERIFY(input1);
        window.activateWindow();
        QTRY_COMPARE(QApplication::focusWidget(), input1);
        // memoryOverhead is not written: the YAML cursor is on the enclosing driver: key.
        QCOMPARE(editor->yamlEditor()->textCursor().block().text().trimmed(), QStringLiteral("driver:"));

        // A field that is written: its own line, and the line edit's text selected for typing over.
        QVERIFY(editor->focusField(QStringLiteral("spec.driver.memory")));
        QCOMPARE(editor->yamlEditor()->textCursor().block().text().trimmed(), QStringLiteral("memory: 1g"));
        auto* memory = qobject_cast<QLineEdit*>(editor->fieldWidget(QStringLiteral("spec.driver.memory")));
        QTRY_COMPARE(QApplication::focusWidget(), memory);
        QCOMPARE(memory->selectedText(), QStringLiteral("1g"));
    }
};

QTEST_MAIN(TestDiagnosisPanel)
#include "tst_diagnosispanel.moc"
