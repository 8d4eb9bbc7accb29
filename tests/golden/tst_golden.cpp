// Golden files: every corpus file and job template → parse → form model → write. The output must
// mean exactly what the input meant (same JSON as kubectl would send), match expected/ to the
// letter (which keeps the input's comments and formatting), and be stable when fed back in.

#include "sparkapplication.h"
#include "yamldocument.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

using model::YamlDocument;

namespace {
QString sourceDir()
{
    return qEnvironmentVariable("SPARKDECK_SOURCE_DIR");
}

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}
} // namespace

class TestGolden : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        const QDir corpus(sourceDir() + QStringLiteral("/tests/golden/corpus"));
        const QDir expected(sourceDir() + QStringLiteral("/tests/golden/expected"));
        const QStringList files = corpus.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 15, qPrintable(corpus.path()));
        for (const QString& f : files)
            QTest::newRow(qPrintable(f)) << corpus.filePath(f) << expected.filePath(f);
        const QDir presets(sourceDir() + QStringLiteral("/manifests/presets"));
        for (const QString& f : presets.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(QStringLiteral("template-") + f))
                << presets.filePath(f) << expected.filePath(QStringLiteral("template-") + f);
    }

    void roundTrip()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        const QString text = readAll(input);
        QVERIFY(!text.isEmpty());
        model::YamlError error;
        const auto doc = YamlDocument::parse(text, &error);
        QVERIFY2(doc, qPrintable(error.toString()));
        const QString out = doc->toYaml();

        // The same meaning: the JSON the API server would receive is identical.
        const auto reparsed = YamlDocument::parse(out, &error);
        QVERIFY2(reparsed, qPrintable(error.toString()));
        const QByteArray before = QJsonDocument(doc->toJson()).toJson();
        const QByteArray after = QJsonDocument(reparsed->toJson()).toJson();
        QCOMPARE(after, before);

        // The same text as the reviewed golden file.
        const QString want = readAll(expected);
        QVERIFY2(!want.isEmpty(), qPrintable(expected + QStringLiteral(" is missing: run tests/golden/regenerate")));
        QCOMPARE(out, want);

        // Written as it was given: comments, key order, quoting and flow style are kept (the corpus
        // has no trailing spaces or CRLF line ends for the writer to normalise).
        QCOMPARE(out, text);

        // Stable: saving what was saved changes nothing.
        QCOMPARE(reparsed->toYaml(), out);

        // The form covers every field of the corpus (nothing left to the "other fields" list).
        QStringList uncovered = doc->uncoveredPaths(model::formPaths(model::isScheduled(*doc)));
        QVERIFY2(uncovered.isEmpty(), qPrintable(uncovered.join(QStringLiteral(", "))));
        // And it is valid as far as the client-side checks can tell.
        for (const model::FieldProblem& p : model::validate(*doc))
            QVERIFY2(p.warning, qPrintable(p.path + QStringLiteral(": ") + p.message));
    }
};

QTEST_GUILESS_MAIN(TestGolden)
#include "tst_golden.moc"
