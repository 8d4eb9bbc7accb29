// Hostile documents in the job editor, offscreen: an alias bomb, nesting 20,000 deep (flow and
// block), 100 MiB and bytes that are not UTF-8, opened from a file and pasted into the YAML pane.
// The user's text stays byte for byte (what was there before a refused file or paste, the hostile
// text itself otherwise, also through the autosaved draft), a message says what is wrong, and
// the window goes on handling events (a timer posted after the paste fires).

#include "app/session/jobdocument.h"
#include "tests/support/hostileyaml.h"
#include "ui/jobeditor.h"
#include "ui/yamleditor.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QFrame>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using ui::JobEditor;

namespace {

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestHostileEditor : public QObject {
    Q_OBJECT
private:
    JobEditor* m_editor = nullptr;

    QString bannerText() const
    {
        auto* banner = m_editor->findChild<QFrame*>(QStringLiteral("yamlErrorBanner"));
        return banner && banner->isVisible() ? banner->findChild<QLabel*>()->text() : QString();
    }

    // True once an event posted now has been handled: the event loop is not stuck.
    static bool eventLoopRuns()
    {
        bool ran = false;
        QTimer::singleShot(0, qApp, [&ran] { ran = true; });
        QTest::qWait(0);
        for (int i = 0; i < 100 && !ran; ++i)
            QTest::qWait(10);
        return ran;
    }

    void paste(const QString& text)
    {
        QApplication::clipboard()->setText(text);
        m_editor->yamlEditor()->setFocus();
        m_editor->yamlEditor()->selectAll();
        m_editor->yamlEditor()->paste();
    }

private slots:
    void initTestCase()
    {
        QApplication::clipboard()->setText(QStringLiteral("probe"));
        if (QApplication::clipboard()->text() != QLatin1String("probe"))
            QSKIP("this platform has no clipboard");
    }

    void init()
    {
        m_editor = new JobEditor;
        m_editor->resize(1200, 800);
        m_editor->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_editor));
        QVERIFY(m_editor->loadPreset(QStringLiteral("spark-pi")));
    }

    void cleanup()
    {
        delete m_editor;
        m_editor = nullptr;
    }

    void pasteKeepsTheTextAndSaysWhy_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("says");
        QTest::newRow("alias bomb") << hostile::aliasBomb() << "line 8, column";
        QTest::newRow("deep flow") << hostile::deepFlow() << "nested more than 256 levels";
        QTest::newRow("deep block") << hostile::deepBlock() << "nested more than 256 levels";
        QTest::newRow("deep block maps") << hostile::deepBlockMaps() << "nested more than 256 levels";
    }

    void pasteKeepsTheTextAndSaysWhy()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const QString draft = dir.filePath(QStringLiteral("draft.yaml"));
        m_editor->setDraftFile(draft);
        paste(QString::fromUtf8(yaml));
        QCOMPARE(m_editor->yamlText().toUtf8(), yaml);
        QVERIFY(eventLoopRuns());
        QTRY_VERIFY2(bannerText().contains(says), qPrintable(bannerText()));
        QVERIFY2(bannerText().contains(QLatin1String("your text is kept as typed")), qPrintable(bannerText()));
        QVERIFY(!m_editor->submitButton()->isEnabled());
        QCOMPARE(m_editor->yamlText().toUtf8(), yaml);
        QVERIFY(eventLoopRuns());
        // The autosaved draft holds the text as typed and brings it back byte for byte.
        QTRY_COMPARE(readFile(draft), yaml);
        JobEditor next;
        next.setDraftFile(draft);
        QVERIFY(next.draftOffered());
        next.restoreDraft();
        QCOMPARE(next.yamlText().toUtf8(), yaml);
        QVERIFY(next.jobDocument()->hasSyntaxError());
    }

    // 100 MiB on the clipboard: not pasted, the text stays, a message says why and what to do.
    void hugePasteIsRefused()
    {
        const QString before = m_editor->yamlText();
        paste(QString(100 * 1024 * 1024, QLatin1Char('x')));
        QCOMPARE(m_editor->yamlText(), before);
        QVERIFY2(m_editor->messageText().contains(QLatin1String("Not pasted")), qPrintable(m_editor->messageText()));
        QVERIFY2(m_editor->messageText().contains(QLatin1String("paste a smaller part")), qPrintable(m_editor->messageText()));
        QVERIFY(!m_editor->isModified());
        QVERIFY(eventLoopRuns());
    }

    // Opening: a file too large or not UTF-8 is refused with its reason and the editor keeps its
    // text; an alias bomb or deep nesting opens as the text it is, with its error shown.
    void openKeepsTheTextAndSaysWhy()
    {
        QTemporaryDir dir;
        const QString before = m_editor->yamlText();
        const QString huge = dir.filePath(QStringLiteral("huge.yaml"));
        QVERIFY(hostile::writeHugeFile(huge));
        QString error;
        QVERIFY(!m_editor->openFile(huge, &error));
        QVERIFY2(error.contains(QLatin1String("100.0 MiB")), qPrintable(error));
        const QString latin1 = dir.filePath(QStringLiteral("latin1.yaml"));
        QVERIFY(writeFile(latin1, hostile::notUtf8()));
        QVERIFY(!m_editor->openFile(latin1, &error));
        QVERIFY2(error.contains(QLatin1String(":6:12: byte")) && error.contains(QLatin1String("UTF-8")), qPrintable(error));
        QCOMPARE(m_editor->yamlText(), before);
        QVERIFY(eventLoopRuns());

        for (const QByteArray& yaml : {hostile::aliasBomb(), hostile::deepFlow(), hostile::deepBlock()}) {
            const QString path = dir.filePath(QStringLiteral("hostile.yaml"));
            QVERIFY(writeFile(path, yaml));
            QVERIFY2(m_editor->openFile(path, &error), qPrintable(error));
            QCOMPARE(m_editor->yamlText().toUtf8(), yaml);
            QTRY_VERIFY(!bannerText().isEmpty());
            QVERIFY2(bannerText().contains(QLatin1String("alias bomb")) || bannerText().contains(QLatin1String("nested more than")),
                     qPrintable(bannerText()));
            QVERIFY(eventLoopRuns());
        }
    }
};

QTEST_MAIN(TestHostileEditor)
#include "tst_hostileeditor.moc"
