// Every golden corpus file opens in the job editor, shows in the form, and saves back equal.

#include "ui/fieldwidgets.h"
#include "ui/jobeditor.h"
#include "ui/yamleditor.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using model::FieldScope;
using model::FieldSpec;
using model::ValueType;

namespace {
QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

class TestEditorGolden : public QObject {
    Q_OBJECT
private slots:
    void openShowSave_data()
    {
        QTest::addColumn<QString>("name");
        const QDir corpus(qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/golden/corpus"));
        for (const QString& f : corpus.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(f)) << f;
    }

    void openShowSave()
    {
        QFETCH(QString, name);
        const QString root = qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/golden/");
        ui::JobEditor editor;
        editor.resize(1300, 900);
        QString error;
        QVERIFY2(editor.openFile(root + QStringLiteral("corpus/") + name, &error), qPrintable(error));
        QCOMPARE(editor.yamlEditor()->errorLine(), 0);

        // The form shows the document: every field present in it has its value in its editor.
        const model::YamlDocument& doc = editor.document();
        const bool scheduled = model::isScheduled(doc);
        int shown = 0;
        for (const FieldSpec& f : model::sparkApplicationFields()) {
            if (f.scope == FieldScope::Schedule && !scheduled)
                continue;
            const QString path = model::documentPath(f, scheduled);
            if (!doc.contains(path))
                continue;
            ui::FieldEditor* fe = editor.fieldEditor(f.path);
            QVERIFY(fe);
            const QVariant want = doc.value(path, f.type);
            const QVariant got = fe->value();
            switch (f.type) {
            case ValueType::StringMap:
                QCOMPARE(got.value<model::StringPairs>(), want.value<model::StringPairs>());
                break;
            case ValueType::StringList:
                QCOMPARE(got.toStringList(), want.toStringList());
                break;
            case ValueType::Integer:
                QCOMPARE(got.toLongLong(), want.toLongLong());
                break;
            case ValueType::Boolean:
                QCOMPARE(got.toBool(), want.toBool());
                break;
            default:
                QCOMPARE(got.toString(), want.toString());
            }
            ++shown;
        }
        QVERIFY(shown >= 8);
        QVERIFY2(editor.otherFields().isEmpty(), qPrintable(editor.otherFields().join(QStringLiteral(", "))));
        QCOMPARE(qobject_cast<QComboBox*>(editor.findChild<QComboBox*>(QStringLiteral("kindBox")))->currentData().toBool(), scheduled);

        // Save writes the golden text back.
        QTemporaryDir dir;
        const QString out = dir.filePath(name);
        QVERIFY2(editor.saveFile(out, &error), qPrintable(error));
        QCOMPARE(readAll(out), readAll(root + QStringLiteral("expected/") + name));
    }
};

QTEST_MAIN(TestEditorGolden)
#include "tst_editorgolden.moc"
