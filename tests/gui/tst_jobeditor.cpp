// The job editor, offscreen: form → YAML, YAML → form, syntax errors keep the form and the text,
// inline validation.

#include "jobeditor.h"
#include "yamleditor.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using ui::JobEditor;

class TestJobEditor : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        m_editor = new JobEditor;
        m_editor->resize(1200, 800);
        m_editor->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_editor));
        QVERIFY(m_editor->loadPreset(QStringLiteral("spark-pi")));
    }
    void cleanup() { delete m_editor; }

    void formEditChangesYaml()
    {
        auto* name = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        QVERIFY(name);
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("nightly-report"));
        QVERIFY2(m_editor->yamlText().contains(QStringLiteral("  name: nightly-report\n")), qPrintable(m_editor->yamlText()));

        auto* args = qobject_cast<QPlainTextEdit*>(m_editor->fieldWidget(QStringLiteral("spec.arguments")));
        QVERIFY(args);
        args->selectAll();
        QTest::keyClicks(args, QStringLiteral("5000"));
        QVERIFY2(m_editor->yamlText().contains(QStringLiteral("arguments:\n    - \"5000\"\n")), qPrintable(m_editor->yamlText()));

        auto* policy = qobject_cast<QComboBox*>(m_editor->fieldWidget(QStringLiteral("spec.restartPolicy.type")));
        QVERIFY(policy);
        policy->setCurrentIndex(policy->findData(QStringLiteral("OnFailure")));
        emit policy->activated(policy->currentIndex());
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("restartPolicy:\n    type: OnFailure\n")));

        auto* instances = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.executor.instances")));
        instances->selectAll();
        QTest::keyClicks(instances, QStringLiteral("7"));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("instances: 7\n")));
        // Letters cannot be typed into a number field.
        QTest::keyClicks(instances, QStringLiteral("x"));
        QCOMPARE(instances->text(), QStringLiteral("7"));
    }

    void yamlIsHighlighted()
    {
        // Keys and values get different formats, whichever highlighter the build has.
        const QTextBlock block = m_editor->yamlEditor()->document()->findBlockByNumber(1); // "apiVersion: ..."
        QVERIFY(block.text().startsWith(QStringLiteral("apiVersion")));
        const QList<QTextLayout::FormatRange> formats = block.layout()->formats();
        QVERIFY2(!formats.isEmpty(), qPrintable(m_editor->yamlEditor()->highlighterName()));
        QVERIFY(formats.first().format.foreground().color() != m_editor->yamlEditor()->palette().color(QPalette::Text)
                || formats.size() > 1);
        qInfo("YAML highlighter: %s", qPrintable(m_editor->yamlEditor()->highlighterName()));
    }

    void yamlEditChangesForm()
    {
        QString yaml = m_editor->yamlText();
        yaml.replace(QStringLiteral("mainClass: org.apache.spark.examples.SparkPi"), QStringLiteral("mainClass: com.example.Report"));
        m_editor->yamlEditor()->setPlainText(yaml);
        auto* mainClass = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.mainClass")));
        QTRY_COMPARE(mainClass->text(), QStringLiteral("com.example.Report"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.mainClass")).isEmpty());
    }

    void unknownFieldsSurviveFormEdits()
    {
        m_editor->setYaml(m_editor->yamlText() + QStringLiteral("  futureField:\n    enabled: \"yes\"\n"));
        auto* image = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.image")));
        image->selectAll();
        QTest::keyClicks(image, QStringLiteral("registry.local/spark:3.5.3"));
        const QString yaml = m_editor->yamlText();
        QVERIFY2(yaml.contains(QStringLiteral("futureField:\n    enabled: \"yes\"\n")), qPrintable(yaml));
        QVERIFY(yaml.contains(QStringLiteral("image: registry.local/spark:3.5.3\n")));
    }

    void syntaxErrorKeepsFormAndText()
    {
        auto* name = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        const QString before = name->text();
        QString broken = m_editor->yamlText();
        broken.replace(QStringLiteral("  arguments:\n"), QStringLiteral("  arguments: [1, 2\n"));
        const int errorArea = int(broken.left(broken.indexOf(QStringLiteral("arguments: ["))).count(QLatin1Char('\n'))) + 1;
        m_editor->yamlEditor()->setPlainText(broken);
        QTRY_VERIFY(m_editor->yamlEditor()->errorLine() > 0);
        QVERIFY2(m_editor->yamlEditor()->errorLine() >= errorArea, qPrintable(QString::number(m_editor->yamlEditor()->errorLine())));
        QVERIFY(!name->isEnabled());                        // form read-only
        QCOMPARE(name->text(), before);                     // last valid state
        QCOMPARE(m_editor->yamlText(), broken);             // nothing typed is lost
        QVERIFY(!m_editor->submitButton()->isEnabled());
        // Fixing the YAML brings the form back.
        broken.replace(QStringLiteral("arguments: [1, 2\n    - \"1000\"\n"), QStringLiteral("arguments: [\"1\", \"2\"]\n"));
        m_editor->yamlEditor()->setPlainText(broken);
        QTRY_COMPARE(m_editor->yamlEditor()->errorLine(), 0);
        QVERIFY(name->isEnabled());
        auto* args = qobject_cast<QPlainTextEdit*>(m_editor->fieldWidget(QStringLiteral("spec.arguments")));
        QCOMPARE(args->toPlainText(), QStringLiteral("1\n2"));
    }

    void invalidMemoryShowsInlineError()
    {
        auto* memory = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.driver.memory")));
        memory->selectAll();
        QTest::keyClicks(memory, QStringLiteral("lots"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.driver.memory")).contains(QStringLiteral("512m")));
        QVERIFY(!m_editor->submitButton()->isEnabled());
        memory->selectAll();
        QTest::keyClicks(memory, QStringLiteral("2Gi"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.driver.memory")).isEmpty());
        auto* name = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("Not_Valid"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("metadata.name")).contains(QStringLiteral("lower-case")));
    }

private:
    JobEditor* m_editor = nullptr;
};

QTEST_MAIN(TestJobEditor)
#include "tst_jobeditor.moc"
