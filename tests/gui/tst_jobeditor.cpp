// The job editor, offscreen: form → YAML, YAML → form, syntax errors keep the form and the text,
// inline validation, asking before edits are replaced, the header status and the cluster checks.

#include "ui/fieldwidgets.h"
#include "ui/jobeditor.h"
#include "app/kube/kubeclient.h"
#include "tests/support/messagebox.h"
#include "tests/support/scriptedserver.h"
#include "ui/yamleditor.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTimer>

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTextCursor>
#include <QTextDocument>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

#include <algorithm>

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

    void templateCommentsSurviveFormEditsAndSave()
    {
        QVERIFY(m_editor->loadPreset(QStringLiteral("pyspark-s3-minio")));
        const QString original = m_editor->yamlText();
        QVERIFY(original.contains(QStringLiteral("#   kubectl create secret generic minio-credentials \\\n")));
        auto withMemory = [&](const QString& value) {
            return QString(original).replace(QStringLiteral("    memory: 1g\n    serviceAccount"),
                                             QStringLiteral("    memory: %1\n    serviceAccount").arg(value));
        };
        auto* memory = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.driver.memory")));
        QVERIFY(memory);
        memory->selectAll();
        QTest::keyClicks(memory, QStringLiteral("2g"));
        QCOMPARE(m_editor->yamlText(), withMemory(QStringLiteral("2g"))); // only that line changed
        // Clearing the field and typing again puts the key back on its line.
        memory->selectAll();
        QTest::keyClick(memory, Qt::Key_Backspace);
        QVERIFY(!m_editor->document().contains(QStringLiteral("spec.driver.memory")));
        QTest::keyClicks(memory, QStringLiteral("4g"));
        QCOMPARE(m_editor->yamlText(), withMemory(QStringLiteral("4g")));
        // A list field and a map field keep the comments too.
        auto* conf = qobject_cast<ui::MapEditor*>(m_editor->fieldEditor(QStringLiteral("spec.sparkConf")));
        QVERIFY(conf);
        conf->setEntry(0, QStringLiteral("spark.jars.ivy"), QStringLiteral("/tmp/ivy"));
        QVERIFY2(m_editor->yamlText().contains(QStringLiteral("resolve packages in /tmp.\n    spark.jars.ivy: /tmp/ivy\n")),
                 qPrintable(m_editor->yamlText()));
        auto* args = qobject_cast<QPlainTextEdit*>(m_editor->fieldWidget(QStringLiteral("spec.arguments")));
        args->moveCursor(QTextCursor::End);
        QTest::keyClick(args, Qt::Key_Return);
        QTest::keyClicks(args, QStringLiteral("5000"));
        QVERIFY2(m_editor->yamlText().contains(QStringLiteral("    - s3a://datalake/curated/daily_event_counts/\n    - \"5000\"\n  sparkVersion")),
                 qPrintable(m_editor->yamlText()));
        const QString yaml = m_editor->yamlText();
        for (const QString& line : original.split(QLatin1Char('\n')))
            if (line.contains(QLatin1Char('#')))
                QVERIFY2(yaml.contains(line + QLatin1Char('\n')), qPrintable(line));

        // Save writes the YAML pane's text, comments included.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("s3.yaml"));
        QString error;
        QVERIFY2(m_editor->saveFile(path, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), yaml);
    }

    void enterKeepsIndentation()
    {
        ui::YamlEditor* editor = m_editor->yamlEditor();
        editor->setPlainText(QStringLiteral("spec:\n  driver:\n    cores: 1  # one"));
        editor->moveCursor(QTextCursor::End);
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("memory: 1g"));
        QCOMPARE(editor->toPlainText(), QStringLiteral("spec:\n  driver:\n    cores: 1  # one\n    memory: 1g"));
        // After a key that opens a block: one step deeper.
        QTextCursor c(editor->document()->findBlockByNumber(1));
        c.movePosition(QTextCursor::EndOfBlock);
        editor->setTextCursor(c);
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("image: x"));
        QCOMPARE(editor->toPlainText(), QStringLiteral("spec:\n  driver:\n    image: x\n    cores: 1  # one\n    memory: 1g"));
        // In a list item that holds a map: under its first key.
        editor->setPlainText(QStringLiteral("env:\n  - name: A"));
        editor->moveCursor(QTextCursor::End);
        QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, QStringLiteral("value: b"));
        QCOMPARE(editor->toPlainText(), QStringLiteral("env:\n  - name: A\n    value: b"));
    }

    void unclosedBraceIsMarkedWhereItOpens()
    {
        QString yaml = m_editor->yamlText();
        const QString at = QStringLiteral("  mainClass: org.apache.spark.examples.SparkPi\n");
        const int line = int(yaml.left(yaml.indexOf(at)).count(QLatin1Char('\n'))) + 1;
        yaml.replace(at, QStringLiteral("  nodeSelector: {disk: ssd,\n") + at);
        m_editor->yamlEditor()->setPlainText(yaml);
        QTRY_COMPARE(m_editor->yamlEditor()->errorLine(), line);
        QCOMPARE(m_editor->yamlText(), yaml); // kept as typed
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
        // Spark rejects Kubernetes suffixes and fractions; the message says what to write instead.
        memory->selectAll();
        QTest::keyClicks(memory, QStringLiteral("2Gi"));
        QVERIFY2(m_editor->fieldProblem(QStringLiteral("spec.driver.memory")).endsWith(QStringLiteral("write 2g.")),
                 qPrintable(m_editor->fieldProblem(QStringLiteral("spec.driver.memory"))));
        QVERIFY(!m_editor->submitButton()->isEnabled());
        memory->selectAll();
        QTest::keyClicks(memory, QStringLiteral("1.5g"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.driver.memory")).endsWith(QStringLiteral("write 1536m.")));
        memory->selectAll();
        QTest::keyClicks(memory, QStringLiteral("2g"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.driver.memory")).isEmpty());
        auto* overhead = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.executor.memoryOverhead")));
        overhead->selectAll();
        QTest::keyClicks(overhead, QStringLiteral("512Mi"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.executor.memoryOverhead")).endsWith(QStringLiteral("write 512m.")));
        // memoryLimit is a Kubernetes quantity: 2Gi is right there.
        auto* limit = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.driver.memoryLimit")));
        limit->selectAll();
        QTest::keyClicks(limit, QStringLiteral("2Gi"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.driver.memoryLimit")).isEmpty());
        auto* name = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("Not_Valid"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("metadata.name")).contains(QStringLiteral("lower-case")));
    }

    void mapEditorEditsYaml()
    {
        auto* conf = qobject_cast<ui::MapEditor*>(m_editor->fieldEditor(QStringLiteral("spec.sparkConf")));
        QVERIFY(conf);
        conf->setEntry(0, QStringLiteral("spark.sql.shuffle.partitions"), QStringLiteral("64"));
        QVERIFY2(m_editor->yamlText().contains(QStringLiteral("sparkConf:\n    spark.sql.shuffle.partitions: \"64\"\n")),
                 qPrintable(m_editor->yamlText()));
        conf->setEntry(1, QStringLiteral("spark.speculation"), QStringLiteral("true"));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("    spark.speculation: \"true\"\n")));
        // The table keeps one empty row for the next entry.
        auto* table = qobject_cast<QTableWidget*>(conf->input());
        QCOMPARE(table->rowCount(), 3);
        // Clearing a key removes its entry.
        conf->setEntry(0, QString(), QString());
        QVERIFY(!m_editor->yamlText().contains(QStringLiteral("shuffle.partitions")));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("spark.speculation")));
    }

    void yamlBlockErrorStaysInTheBlock()
    {
        auto* block = qobject_cast<ui::YamlBlockEditor*>(m_editor->fieldEditor(QStringLiteral("spec.executor.tolerations")));
        QVERIFY(block);
        const QString before = m_editor->yamlText();
        block->editor()->setPlainText(QStringLiteral("- key: type\n  operator: [Equal\n"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.executor.tolerations")).contains(QStringLiteral("YAML error at line")));
        QCOMPARE(m_editor->yamlText(), before); // the document keeps its last valid value
        QCOMPARE(block->editor()->toPlainText(), QStringLiteral("- key: type\n  operator: [Equal\n")); // text kept
        QVERIFY(!m_editor->submitButton()->isEnabled());
        block->editor()->setPlainText(QStringLiteral("- key: type\n  operator: Equal\n  value: spark-worker\n  effect: NoSchedule\n"));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.executor.tolerations")).isEmpty());
        QVERIFY2(m_editor->yamlText().contains(QStringLiteral("    tolerations:\n      - key: type\n        operator: Equal\n")),
                 qPrintable(m_editor->yamlText()));
    }

    void scheduledKindAndCronPreview()
    {
        auto* kind = m_editor->findChild<QComboBox*>(QStringLiteral("kindBox"));
        kind->setCurrentIndex(1);
        emit kind->activated(1);
        QString yaml = m_editor->yamlText();
        QVERIFY2(yaml.contains(QStringLiteral("kind: ScheduledSparkApplication\n")), qPrintable(yaml));
        QVERIFY(yaml.contains(QStringLiteral("  schedule: \"@daily\"\n  template:\n    type: Scala\n")));
        // The form's application fields now edit spec.template.
        auto* image = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.image")));
        QCOMPARE(image->text(), QStringLiteral("spark:3.5.3"));
        auto* schedule = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("schedule.schedule")));
        QVERIFY(schedule && schedule->isVisibleTo(m_editor));
        schedule->selectAll();
        QTest::keyClicks(schedule, QStringLiteral("*/15 * * * *"));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("schedule: \"*/15 * * * *\"")));
        QVERIFY2(m_editor->schedulePreview().contains(QStringLiteral("Next runs")), qPrintable(m_editor->schedulePreview()));
        schedule->selectAll();
        QTest::keyClicks(schedule, QStringLiteral("61 * * * *"));
        QVERIFY(!m_editor->fieldProblem(QStringLiteral("schedule.schedule")).isEmpty());
        QVERIFY(!m_editor->submitButton()->isEnabled());
        // And back: the schedule goes, the application stays.
        kind->setCurrentIndex(0);
        emit kind->activated(0);
        yaml = m_editor->yamlText();
        QVERIFY(yaml.contains(QStringLiteral("kind: SparkApplication\n")));
        QVERIFY(!yaml.contains(QStringLiteral("template:")));
        QVERIFY(yaml.contains(QStringLiteral("  mainClass: org.apache.spark.examples.SparkPi\n")));
        QVERIFY(!schedule->isVisibleTo(m_editor));
    }

    void sizingPresetSetsResources()
    {
        m_editor->applySizing(QStringLiteral("medium"));
        const QString yaml = m_editor->yamlText();
        QVERIFY(yaml.contains(QStringLiteral("    memory: 1g\n")));
        QVERIFY(yaml.contains(QStringLiteral("    cores: 2\n    memory: 2g\n")));
        QVERIFY(yaml.contains(QStringLiteral("  dynamicAllocation:\n    enabled: true\n    initialExecutors: 2\n    minExecutors: 2\n    maxExecutors: 5\n")));
        QCOMPARE(qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.dynamicAllocation.maxExecutors")))->text(),
                 QStringLiteral("5"));
    }

    void inlineCredentialsAreFlagged()
    {
        QString yaml = m_editor->yamlText();
        yaml += QStringLiteral("  hadoopConf:\n    fs.s3a.access.key: AKIAEXAMPLE\n    fs.s3a.secret.key: s3cr3t\n"
                               "    fs.s3a.endpoint: http://minio:9000\n");
        m_editor->setYaml(yaml);
        auto* banner = m_editor->findChild<QFrame*>(QStringLiteral("secretsBanner"));
        QVERIFY(banner->isVisibleTo(m_editor));
        QVERIFY(banner->findChild<QLabel*>()->text().contains(QStringLiteral("fs.s3a.secret.key")));
        QVERIFY(!banner->findChild<QLabel*>()->text().contains(QStringLiteral("s3cr3t"))); // values are never shown
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.hadoopConf")).contains(QStringLiteral("credential")));
        QVERIFY(!m_editor->moveSecretsButton()->isEnabled()); // offline: no Secret can be created
        QVERIFY(m_editor->submitButton()->toolTip().isEmpty() || !m_editor->submitButton()->toolTip().contains(QStringLiteral("credential")));
    }

    void unknownFieldsAreListed()
    {
        m_editor->setYaml(m_editor->yamlText() + QStringLiteral("  futureField: 1\n  driver2:\n    x: y\n"));
        QCOMPARE(m_editor->otherFields(), (QStringList{QStringLiteral("spec.futureField"), QStringLiteral("spec.driver2")}));
        QVERIFY(m_editor->findChild<QLabel*>(QStringLiteral("otherFields"))->text().contains(QStringLiteral("spec.futureField")));
    }

    void sectionNavigatorScrolls()
    {
        QListWidget* nav = m_editor->sections();
        QVERIFY(nav->count() >= 14);
        const QList<QListWidgetItem*> items = nav->findItems(QStringLiteral("Monitoring"), Qt::MatchExactly);
        QCOMPARE(items.size(), 1);
        auto* scroll = m_editor->findChild<QScrollArea*>();
        const int before = scroll->verticalScrollBar()->value();
        emit nav->itemClicked(items.first());
        QVERIFY(scroll->verticalScrollBar()->value() > before);
    }

    void draftIsSavedAndOfferedBack()
    {
        QTemporaryDir dir;
        const QString draft = dir.filePath(QStringLiteral("draft.yaml"));
        m_editor->setDraftFile(draft);
        QVERIFY(!m_editor->draftOffered());
        auto* name = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("unsent-work"));
        QTRY_VERIFY(QFileInfo::exists(draft));
        QFile f(draft);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("name: unsent-work"));
        f.close();

        // A new editor (SparkDeck restarted after a crash) offers it back.
        JobEditor next;
        next.setDraftFile(draft);
        QVERIFY(next.draftOffered());
        const QString banner = next.findChild<QLabel*>(QStringLiteral("draftBannerText"))->text();
        QVERIFY2(banner.contains(QStringLiteral("unsaved work from your last session")) && !banner.contains(QStringLiteral("crash")),
                 qPrintable(banner));
        next.restoreDraft();
        QVERIFY(next.yamlText().contains(QStringLiteral("name: unsent-work")));
        QVERIFY(!next.draftOffered());
        next.discardDraft();
        QVERIFY(!QFileInfo::exists(draft));
    }

    void multiDocumentFileKeepsTheOthers()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bundle.yaml"));
        const QByteArray configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings # keep me\ndata:\n  a: \"1\"\n";
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("---\n" + configMap + "---\n" + m_editor->yamlText().toUtf8());
        f.close();
        QStringList offered;
        QString error;
        QVERIFY2(m_editor->openFile(path, &error, [&](const QStringList& labels) { offered = labels; return 1; }), qPrintable(error));
        QCOMPARE(offered, (QStringList{QStringLiteral("ConfigMap settings"), QStringLiteral("SparkApplication spark-pi")}));
        QCOMPARE(m_editor->filePath(), QFileInfo(path).absoluteFilePath());
        auto* name = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("renamed"));
        QVERIFY(m_editor->saveFile(path, &error));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString saved = QString::fromUtf8(f.readAll());
        QVERIFY2(saved.startsWith(QString::fromUtf8(configMap) + QStringLiteral("---\n")), qPrintable(saved)); // untouched, comment too
        QVERIFY(saved.contains(QStringLiteral("  name: renamed\n")));
        // A broken file is refused with its line and column, and the editor keeps what it had.
        const QString broken = dir.filePath(QStringLiteral("broken.yaml"));
        QFile b(broken);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("kind: SparkApplication\nspec: [\n---\nkind: ConfigMap\n");
        b.close();
        int asked = 0;
        QVERIFY(!m_editor->openFile(broken, &error, [&](const QStringList& labels) {
            ++asked;
            return labels.first().contains(QStringLiteral("YAML error at ")) ? -1 : 0;
        }));
        QCOMPARE(asked, 1);
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("name: renamed")));
        // Opened anyway, the broken document shows as typed with the error marked.
        QVERIFY(m_editor->openFile(broken, &error, [](const QStringList&) { return 0; }));
        QCOMPARE(m_editor->yamlText(), QStringLiteral("kind: SparkApplication\nspec: [\n"));
        QVERIFY(m_editor->yamlEditor()->errorLine() > 0);
    }

    void pickingATemplateLoadsItAndAsksFirst()
    {
        auto* templates = m_editor->findChild<QComboBox*>(QStringLiteral("templateBox"));
        QVERIFY(templates);
        const int wordcount = templates->findData(QStringLiteral("java-wordcount"));
        QVERIFY(wordcount >= 0);
        // Unchanged document: picking a template loads it at once, no question.
        templates->setCurrentIndex(wordcount);
        emit templates->activated(wordcount);
        QVERIFY2(m_editor->yamlText().contains(QStringLiteral("name: java-wordcount")), qPrintable(m_editor->yamlText()));
        QVERIFY(!m_editor->isModified());

        // Edited: it asks; Cancel keeps the edits and shows the template the edits started from.
        auto* name = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("my-work"));
        QVERIFY(m_editor->isModified());
        const int pi = templates->findData(QStringLiteral("spark-pi"));
        QString question;
        answerNextDialog(QStringLiteral("Cancel"), &question);
        templates->setCurrentIndex(pi);
        emit templates->activated(pi);
        QVERIFY2(question.contains(QStringLiteral("unsaved")), qPrintable(question));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("name: my-work")));
        QCOMPARE(templates->currentIndex(), wordcount);

        // Discard replaces them.
        answerNextDialog(QStringLiteral("Discard"));
        templates->setCurrentIndex(pi);
        emit templates->activated(pi);
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("name: spark-pi")));
        QVERIFY(!m_editor->isModified());

        // Save writes the edits to the open file first.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("job.yaml"));
        QString error;
        QVERIFY(m_editor->saveFile(path, &error));
        QVERIFY(!m_editor->isModified());
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("saved-work"));
        answerNextDialog(QStringLiteral("Save"));
        templates->setCurrentIndex(wordcount);
        emit templates->activated(wordcount);
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("name: java-wordcount")));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("name: saved-work"));
    }

    void openFileAsksBeforeReplacingEdits()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.yaml"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(model::presets().at(1).yaml.toUtf8());
        f.close();
        auto* name = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("my-work"));
        answerNextDialog(QStringLiteral("Cancel"));
        QVERIFY(!m_editor->confirmReplace(QStringLiteral("open other.yaml")));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("name: my-work")));
        answerNextDialog(QStringLiteral("Discard"));
        QVERIFY(m_editor->confirmReplace(QStringLiteral("open other.yaml")));
    }

    void missingServiceAccountShowsInHeaderAndAsksBeforeSubmit()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) { answerChecks(r, x, false); });
        kube::KubeClient client(connectionTo(server));
        m_editor->setClient(&client);
        auto* status = m_editor->findChild<QLabel*>(QStringLiteral("editorStatus"));
        QVERIFY(status);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("service account")), 10000);
        QVERIFY2(status->text().contains(QStringLiteral("fail")), qPrintable(status->text()));
        QVERIFY(status->toolTip().contains(QStringLiteral("spark-operator-spark")));
        QVERIFY(m_editor->submitButton()->isEnabled()); // it may be created meanwhile; Submit asks
        QString question;
        answerNextDialog(QStringLiteral("Cancel"), &question);
        m_editor->submitButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!question.isEmpty(), 10000);
        QVERIFY2(question.contains(QStringLiteral("spark-operator-spark")), qPrintable(question));
        QTest::qWait(200); // nothing may arrive; give a wrongly sent request the time to show up
        for (const ScriptedServer::Request& r : server.requests())
            QVERIFY2(r.method == "GET", r.method.constData());
        // Submit anyway sends it.
        answerNextDialog(QStringLiteral("Submit anyway"));
        m_editor->submitButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(server.requests().cbegin(), server.requests().cend(),
                                             [](const ScriptedServer::Request& r) { return r.method == "POST"; }),
                                 10000);
        m_editor->setClient(nullptr);
    }

    void headerStatusIsWholeAndPlural()
    {
        m_editor->resize(1000, 700);
        auto* status = m_editor->findChild<QLabel*>(QStringLiteral("editorStatus"));
        auto* name = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("Not_Valid"));
        QCOMPARE(status->text(), QStringLiteral("1 problem to fix before submitting"));
        QTRY_VERIFY(status->width() >= status->fontMetrics().horizontalAdvance(status->text()));
        auto* memory = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.driver.memory")));
        memory->selectAll();
        QTest::keyClicks(memory, QStringLiteral("2Gi"));
        QCOMPARE(status->text(), QStringLiteral("2 problems to fix before submitting"));
        QVERIFY(status->toolTip().contains(QStringLiteral("write 2g")));
    }

    void newDocumentHidesTheResultPanel()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.method == "POST")
                x->reply(422, R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"spec.driver.cores: Invalid value",)"
                              R"("reason":"Invalid","details":{"causes":[{"field":"spec.driver.cores","message":"Invalid value"}]},"code":422})");
            else if (r.method == "GET" && r.path.contains(QLatin1String("/serviceaccounts/")))
                x->reply(200, R"({"kind":"ServiceAccount"})");
            else
                x->reply(200, R"({"items":[]})");
        });
        kube::KubeClient client(connectionTo(server));
        m_editor->setClient(&client);
        m_editor->submit();
        QTRY_VERIFY_WITH_TIMEOUT(m_editor->messageText().contains(QStringLiteral("rejected")), 10000);
        auto* panel = m_editor->findChild<QWidget*>(QStringLiteral("submitMessagePanel"));
        QVERIFY(panel && panel->isVisibleTo(m_editor));
        // It can be dismissed ...
        auto* close = panel->findChild<QAbstractButton*>(QStringLiteral("dismissMessage"));
        QVERIFY(close);
        close->click();
        QVERIFY(m_editor->messageText().isEmpty());
        // ... and a new document takes it away.
        m_editor->submit();
        QTRY_VERIFY_WITH_TIMEOUT(!m_editor->messageText().isEmpty(), 10000);
        QVERIFY(m_editor->loadPreset(QStringLiteral("pyspark-pi")));
        QVERIFY(m_editor->messageText().isEmpty());
        QVERIFY(!panel->isVisibleTo(m_editor));
        m_editor->setClient(nullptr);
    }

    void pythonFormHasPythonPlaceholders()
    {
        auto* mainClass = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.mainClass")));
        auto* file = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.mainApplicationFile")));
        QVERIFY(mainClass->placeholderText().contains(QStringLiteral("org.apache.spark")));
        QVERIFY(m_editor->loadPreset(QStringLiteral("pyspark-pi")));
        QVERIFY2(!mainClass->placeholderText().contains(QStringLiteral("org.apache.spark")), qPrintable(mainClass->placeholderText()));
        QVERIFY(mainClass->placeholderText().contains(QStringLiteral("Python")));
        QVERIFY2(file->placeholderText().endsWith(QStringLiteral(".py")), qPrintable(file->placeholderText()));
        QVERIFY(m_editor->loadPreset(QStringLiteral("spark-pi")));
        QVERIFY(mainClass->placeholderText().contains(QStringLiteral("org.apache.spark")));
    }

    void sizeComboKeepsYamlWithASyntaxError()
    {
        auto* sizes = m_editor->findChild<QComboBox*>(QStringLiteral("sizeBox"));
        QVERIFY(sizes);
        const QString broken = m_editor->yamlText() + QStringLiteral("  sparkConf: [\n");
        m_editor->yamlEditor()->setPlainText(broken);
        QTRY_VERIFY(m_editor->yamlEditor()->errorLine() > 0);
        const int large = sizes->findData(QStringLiteral("large"));
        QVERIFY(large >= 0);
        sizes->setCurrentIndex(large);
        emit sizes->activated(large);
        QCOMPARE(m_editor->yamlText(), broken); // what was typed stays
        QVERIFY(m_editor->isModified());
    }

    void sizeComboFollowsTheDocument()
    {
        auto* sizes = m_editor->findChild<QComboBox*>(QStringLiteral("sizeBox"));
        QVERIFY(sizes);
        QVERIFY2(sizes->currentText().startsWith(QStringLiteral("Small")), qPrintable(sizes->currentText())); // spark-pi
        QVERIFY(m_editor->loadPreset(QStringLiteral("java-wordcount")));
        QVERIFY2(sizes->currentText().startsWith(QStringLiteral("Medium")), qPrintable(sizes->currentText()));
        QVERIFY(m_editor->loadPreset(QStringLiteral("pyspark-from-image")));
        QCOMPARE(sizes->currentText(), QStringLiteral("Custom"));
        m_editor->applySizing(QStringLiteral("large"));
        QVERIFY(sizes->currentText().startsWith(QStringLiteral("Large")));
        auto* memory = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.executor.memory")));
        memory->selectAll();
        QTest::keyClicks(memory, QStringLiteral("3g"));
        QCOMPARE(sizes->currentText(), QStringLiteral("Custom"));
    }

    void moveToSecretAsksFirst()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.method == "GET")
                x->reply(200, r.path.contains(QLatin1String("/serviceaccounts/")) ? QByteArray(R"({"kind":"ServiceAccount"})")
                                                                                  : QByteArray(R"({"items":[]})"));
            else
                x->reply(201, R"({"kind":"Secret"})");
        });
        kube::KubeClient client(connectionTo(server));
        m_editor->setClient(&client);
        m_editor->setYaml(m_editor->yamlText() + QStringLiteral("  hadoopConf:\n    fs.s3a.secret.key: s3cr3t\n"));
        QVERIFY(m_editor->moveSecretsButton()->isEnabled());
        QString question;
        answerNextDialog(QStringLiteral("Cancel"), &question);
        m_editor->moveSecretsButton()->click();
        QVERIFY2(question.contains(QStringLiteral("spark-pi-credentials")), qPrintable(question));
        QVERIFY(question.contains(QStringLiteral("fs.s3a.secret.key")));
        QTest::qWait(200); // a wrongly sent request would arrive in this time
        for (const ScriptedServer::Request& r : server.requests())
            QVERIFY(!r.path.contains(QLatin1String("/secrets")));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("s3cr3t")));
        answerNextDialog(QStringLiteral("Create the Secret"));
        m_editor->moveSecretsButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!m_editor->yamlText().contains(QStringLiteral("s3cr3t")), 10000);
        m_editor->setClient(nullptr);
    }

    void submitRechecksTheClusterFirst()
    {
        // The service account is missing at first, then created (kubectl) while the editor is open.
        bool accountExists = false;
        ScriptedServer server([&accountExists](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            answerChecks(r, x, accountExists);
        });
        kube::KubeClient client(connectionTo(server));
        m_editor->setClient(&client);
        auto* status = m_editor->findChild<QLabel*>(QStringLiteral("editorStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("service account")), 10000);
        accountExists = true;
        // Submit looks again: no question about the (now existing) account, the application is sent.
        QObject answers;
        QString question;
        answerNextMessageBox(&answers, QStringLiteral("Cancel"), &question);
        m_editor->submitButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(question.contains(QLatin1String("Service account")) || hasPost(server, QStringLiteral("sparkapplications")), 10000);
        QVERIFY2(question.isEmpty(), qPrintable(question));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Submitted")), 10000);

        // The header follows the cluster when the window becomes active again.
        accountExists = false;
        QEvent activate(QEvent::WindowActivate);
        QCoreApplication::sendEvent(m_editor, &activate);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("service account")), 10000);
        accountExists = true;
        QCoreApplication::sendEvent(m_editor, &activate);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Ready to submit"), 10000);
        m_editor->setClient(nullptr);
    }

    void missingNamespaceIsDetectedAndCreatedAfterAsking()
    {
        bool created = false;
        ScriptedServer server([&created](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            const QByteArray notFound = R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404})";
            if (r.method == "GET" && r.path == QLatin1String("/api/v1/namespaces/team-b"))
                created ? x->reply(200, R"({"kind":"Namespace"})") : x->reply(404, notFound);
            else if (r.method == "GET" && r.path.contains(QLatin1String("/serviceaccounts/")))
                created ? x->reply(200, R"({"kind":"ServiceAccount"})") : x->reply(404, notFound);
            else if (r.method == "GET")
                x->reply(200, r.path.contains(QLatin1String("/namespaces/")) ? QByteArray(R"({"kind":"Namespace"})") : QByteArray(R"({"items":[]})"));
            else if (r.method == "POST" && r.path == QLatin1String("/api/v1/namespaces")) {
                created = true;
                x->reply(201, R"({"kind":"Namespace"})");
            } else
                x->reply(201, "{}");
        });
        kube::KubeClient client(connectionTo(server));
        m_editor->setClient(&client);
        auto* ns = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.namespace")));
        QTest::keyClicks(ns, QStringLiteral("team-b"));
        auto* status = m_editor->findChild<QLabel*>(QStringLiteral("editorStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("Namespace team-b does not exist")), 10000);
        QVERIFY2(m_editor->fieldProblem(QStringLiteral("metadata.namespace")).contains(QStringLiteral("kubectl create namespace team-b")),
                 qPrintable(m_editor->fieldProblem(QStringLiteral("metadata.namespace"))));
        QVERIFY(m_editor->fieldProblem(QStringLiteral("spec.driver.serviceAccount")).isEmpty()); // the namespace is the cause

        // Submit asks; Cancel creates nothing.
        QObject answers;
        QString question;
        answerNextMessageBox(&answers, QStringLiteral("Cancel"), &question);
        m_editor->submitButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!question.isEmpty(), 10000);
        QVERIFY2(question.contains(QStringLiteral("Namespace team-b does not exist")), qPrintable(question));
        QTest::qWait(200); // bounded: a wrongly sent POST would reach the local server in this time
        QVERIFY(!hasPost(server, QStringLiteral("namespaces")));
        // "Create namespace team-b" creates it, then submits.
        question.clear();
        answerNextMessageBox(&answers, QStringLiteral("Create namespace team-b"), &question);
        m_editor->submitButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(hasPost(server, QStringLiteral("sparkapplications")), 10000);
        QVERIFY(created);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Submitted")), 10000);
        m_editor->setClient(nullptr);
    }

    void submitToAMissingNamespaceExplainsThe404()
    {
        // The lookups are forbidden (the check cannot tell); the API server's 404 says it.
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.method == "GET")
                x->reply(403, R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403})");
            else
                x->reply(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                              "\"message\":\"namespaces \\\"team-b\\\" not found\",\"reason\":\"NotFound\","
                              "\"details\":{\"name\":\"team-b\",\"kind\":\"namespaces\"},\"code\":404}");
        });
        kube::KubeClient client(connectionTo(server));
        m_editor->setClient(&client);
        auto* ns = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.namespace")));
        QTest::keyClicks(ns, QStringLiteral("team-b"));
        m_editor->submit();
        QTRY_VERIFY_WITH_TIMEOUT(!m_editor->messageText().isEmpty(), 10000);
        const QString message = m_editor->messageText();
        QVERIFY2(message.contains(QStringLiteral("Namespace team-b does not exist")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("kubectl create namespace team-b")), qPrintable(message));
        QVERIFY2(!message.contains(QStringLiteral("HTTP 404")), qPrintable(message));
        auto* status = m_editor->findChild<QLabel*>(QStringLiteral("editorStatus"));
        QVERIFY2(status->text().contains(QStringLiteral("Namespace team-b does not exist")), qPrintable(status->text()));
        m_editor->setClient(nullptr);
    }

    void scheduledSubmitPointsToTheScheduledTab()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) { answerChecks(r, x, true); });
        kube::KubeClient client(connectionTo(server));
        m_editor->setClient(&client);
        auto* kind = m_editor->findChild<QComboBox*>(QStringLiteral("kindBox"));
        kind->setCurrentIndex(1);
        emit kind->activated(1);
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("kind: ScheduledSparkApplication")));
        QSignalSpy submitted(m_editor, &JobEditor::submitted);
        m_editor->submit();
        QTRY_VERIFY_WITH_TIMEOUT(!m_editor->messageText().isEmpty(), 10000);
        QVERIFY2(m_editor->messageText().contains(QStringLiteral("Scheduled tab")), qPrintable(m_editor->messageText()));
        QVERIFY(!m_editor->messageText().contains(QStringLiteral("Applications table")));
        QCOMPARE(submitted.size(), 1);
        QCOMPARE(submitted.first().value(2).toString(), QStringLiteral("ScheduledSparkApplication"));
        m_editor->setClient(nullptr);
    }

    void serviceAccountWarningIsNotClipped()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) { answerChecks(r, x, false); });
        kube::KubeClient client(connectionTo(server));
        m_editor->resize(1000, 700);
        m_editor->setClient(&client);
        auto* sa = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.driver.serviceAccount")));
        sa->selectAll();
        QTest::keyClicks(sa, QStringLiteral("missing-sa"));
        QTRY_VERIFY_WITH_TIMEOUT(m_editor->fieldProblem(QStringLiteral("spec.driver.serviceAccount")).contains(QStringLiteral("missing-sa")), 10000);
        QLabel* label = nullptr;
        for (QLabel* l : m_editor->findChildren<QLabel*>())
            if (l->isVisible() && l->text().contains(QStringLiteral("\"missing-sa\" does not exist")))
                label = l;
        QVERIFY(label);
        // Once the event queue is empty (no later relayout forced), the whole text has room.
        QCoreApplication::processEvents();
        QCoreApplication::processEvents();
        QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                 qPrintable(QStringLiteral("%1 px high, needs %2").arg(label->height()).arg(label->heightForWidth(label->width()))));
        m_editor->setClient(nullptr);
    }

    void readOnlyPlaceholdersLookLikePlaceholders()
    {
        m_editor->setYaml(m_editor->yamlText() + QStringLiteral("  broken: {\n"));
        QVERIFY(m_editor->yamlEditor()->errorLine() > 0);
        auto* value = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        auto* empty = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.namespace")));
        QVERIFY(!value->isEnabled() && !value->text().isEmpty());
        QVERIFY(empty->text().isEmpty() && !empty->placeholderText().isEmpty());
        // Further from the background than a placeholder means "looks like a value".
        auto distance = [](const QColor& a, const QColor& b) {
            return qAbs(a.redF() - b.redF()) + qAbs(a.greenF() - b.greenF()) + qAbs(a.blueF() - b.blueF());
        };
        const QPalette p = empty->palette();
        const QColor base = p.color(QPalette::Disabled, QPalette::Base);
        const QColor text = value->palette().color(QPalette::Disabled, QPalette::Text);
        QColor placeholder = p.color(QPalette::Disabled, QPalette::PlaceholderText);
        placeholder = QColor::fromRgbF(placeholder.redF() * placeholder.alphaF() + base.redF() * (1 - placeholder.alphaF()),
                                       placeholder.greenF() * placeholder.alphaF() + base.greenF() * (1 - placeholder.alphaF()),
                                       placeholder.blueF() * placeholder.alphaF() + base.blueF() * (1 - placeholder.alphaF()));
        QVERIFY2(distance(placeholder, base) < 0.8 * distance(text, base),
                 qPrintable(QStringLiteral("placeholder %1, disabled text %2, base %3").arg(placeholder.name(), text.name(), base.name())));
        auto* list = qobject_cast<QPlainTextEdit*>(m_editor->fieldWidget(QStringLiteral("spec.imagePullSecrets")));
        QVERIFY(list);
        QCOMPARE(list->palette().color(QPalette::Disabled, QPalette::PlaceholderText), p.color(QPalette::Disabled, QPalette::PlaceholderText));
        // What is drawn: the darkest pixel of a placeholder is lighter than that of a disabled value.
        auto darkest = [](QWidget* w) {
            const QImage image = w->grab().toImage();
            int best = 255;
            for (int y = 5; y < image.height() - 5; ++y)
                for (int x = 5; x < image.width() - 30; ++x) // inside the frame, left of a clear button
                    best = qMin(best, qGray(image.pixel(x, y)));
            return best;
        };
        const int valueInk = darkest(value);
        QVERIFY2(darkest(empty) > valueInk, qPrintable(QStringLiteral("%1 vs %2").arg(darkest(empty)).arg(valueInk)));
        QVERIFY2(darkest(list->viewport()) > valueInk, qPrintable(QStringLiteral("%1 vs %2").arg(darkest(list->viewport())).arg(valueInk)));
    }

    void quickTypingInTwoFieldsKeepsBoth()
    {
        auto* ns = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.namespace")));
        auto* sa = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("spec.driver.serviceAccount")));
        auto* name = qobject_cast<QLineEdit*>(m_editor->fieldWidget(QStringLiteral("metadata.name")));
        // One field, then at once another.
        QTest::keyClicks(ns, QStringLiteral("default"));
        sa->selectAll();
        QTest::keyClicks(sa, QStringLiteral("missing-sa"));
        QTest::qWait(400); // past the YAML → form delay (bounded): the form must not be overwritten then
        QCOMPARE(ns->text(), QStringLiteral("default"));
        QCOMPARE(sa->text(), QStringLiteral("missing-sa"));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("namespace: default")));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("serviceAccount: missing-sa")));

        // After switching the kind.
        auto* kind = m_editor->findChild<QComboBox*>(QStringLiteral("kindBox"));
        kind->setCurrentIndex(1);
        emit kind->activated(1);
        ns->selectAll();
        QTest::keyClicks(ns, QStringLiteral("team-b"));
        sa->selectAll();
        QTest::keyClicks(sa, QStringLiteral("other-sa"));
        QTest::qWait(400); // past the YAML → form delay: the form must not be overwritten then
        QCOMPARE(ns->text(), QStringLiteral("team-b"));
        QCOMPARE(sa->text(), QStringLiteral("other-sa"));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("namespace: team-b")));
        QVERIFY2(m_editor->yamlText().contains(QStringLiteral("    serviceAccount: other-sa")), qPrintable(m_editor->yamlText())); // under spec.template

        // The YAML, then within 250 ms a form field.
        ui::YamlEditor* yaml = m_editor->yamlEditor();
        QTextCursor at = yaml->document()->find(QStringLiteral("name: spark-pi"));
        QVERIFY(!at.isNull());
        at.clearSelection();
        yaml->setTextCursor(at);
        QTest::keyClicks(yaml, QStringLiteral("-x"));
        ns->selectAll();
        QTest::keyClicks(ns, QStringLiteral("team-c"));
        QTest::qWait(400); // past the YAML → form delay: neither edit may be lost then
        QCOMPARE(name->text(), QStringLiteral("spark-pi-x"));
        QCOMPARE(ns->text(), QStringLiteral("team-c"));
        QVERIFY2(m_editor->yamlText().contains(QStringLiteral("name: spark-pi-x")), qPrintable(m_editor->yamlText()));
        QVERIFY(m_editor->yamlText().contains(QStringLiteral("namespace: team-c")));
    }

private:
    // An API server for the editor's cluster checks: the namespace exists, the service account
    // exists or not (404), no operator Deployment or webhook is found; writes succeed.
    static void answerChecks(const ScriptedServer::Request& r, ScriptedServer::Exchange* x, bool accountExists)
    {
        if (r.method != "GET")
            x->reply(201, "{}");
        else if (r.path.contains(QLatin1String("/serviceaccounts/")))
            accountExists ? x->reply(200, R"({"kind":"ServiceAccount"})")
                          : x->reply(404, R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404})");
        else if (r.path.startsWith(QLatin1String("/api/v1/namespaces/")))
            x->reply(200, R"({"kind":"Namespace"})");
        else
            x->reply(200, R"({"items":[]})");
    }
    static bool hasPost(const ScriptedServer& server, const QString& pathEnd)
    {
        return std::any_of(server.requests().cbegin(), server.requests().cend(), [&](const ScriptedServer::Request& r) {
            return r.method == "POST" && r.path.endsWith(pathEnd);
        });
    }
    static kube::ClusterConnection connectionTo(const ScriptedServer& server)
    {
        kube::ClusterConnection c;
        c.contextName = QStringLiteral("test");
        c.server = QUrl(server.url());
        c.defaultNamespace = QStringLiteral("default");
        return c;
    }

    void answerNextDialog(const QString& button, QString* text = nullptr) { answerNextMessageBox(this, button, text); }

    JobEditor* m_editor = nullptr;
};

QTEST_MAIN(TestJobEditor)
#include "tst_jobeditor.moc"
