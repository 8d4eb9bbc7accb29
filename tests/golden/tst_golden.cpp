// Golden files: every corpus file and job template → parse → form model → write. The output must
// mean exactly what the input meant (same JSON as kubectl would send), match expected/ to the
// letter (which keeps the input's comments and formatting), and be stable when fed back in.

#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
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

    void everyFieldEditsTheTextInPlace_data() { roundTrip_data(); }

    // Every form field set, cleared and set again in every file: each edit is a text edit in place
    // (no full rewrite, which would log a warning), and every comment of the file survives.
    void everyFieldEditsTheTextInPlace()
    {
        QFETCH(QString, input);
        QTest::failOnWarning(QRegularExpression(QStringLiteral(".*")));
        const QString text = readAll(input);
        model::YamlError error;
        auto doc = YamlDocument::parse(text, &error);
        QVERIFY2(doc, qPrintable(error.toString()));
        const bool scheduled = model::isScheduled(*doc);
        auto comments = [](const QString& yaml) {
            QStringList out;
            for (const QString& line : yaml.split(QLatin1Char('\n')))
                if (line.contains(QLatin1String(" #")) || line.trimmed().startsWith(QLatin1Char('#')))
                    out << line.mid(line.indexOf(QLatin1Char('#')));
            return out;
        };
        const QStringList before = comments(text);
        for (const model::FieldSpec& f : model::sparkApplicationFields()) {
            if (f.scope == model::FieldScope::Schedule && !scheduled)
                continue;
            const QString path = model::documentPath(f, scheduled);
            const QVariant old = doc->value(path, f.type);
            const QJsonValue json = doc->json(path);
            if ((json.isArray() && json.toArray().isEmpty()) || (json.isObject() && json.toObject().isEmpty()))
                continue; // an empty list or map: the form would remove it
            QVariant changed;
            switch (f.type) {
            case model::ValueType::String:
                changed = old.toString() + QStringLiteral("x");
                break;
            case model::ValueType::Text:
                changed = old.toString() + QStringLiteral("\nmore");
                break;
            case model::ValueType::Integer:
                changed = old.toLongLong() + 1;
                break;
            case model::ValueType::Boolean:
                changed = !old.toBool();
                break;
            case model::ValueType::StringList:
                changed = old.toStringList() + QStringList{QStringLiteral("5000")};
                break;
            case model::ValueType::StringMap: {
                model::StringPairs pairs = old.value<model::StringPairs>();
                pairs.append({QStringLiteral("added.key"), QStringLiteral("true")});
                changed = QVariant::fromValue(pairs);
                break;
            }
            case model::ValueType::Yaml:
                changed = old.isValid() ? old.toString() : QStringLiteral("- a: b\n");
                break;
            }
            doc->setValue(path, f.type, changed);
            doc->setValue(path, f.type, QVariant());
            QVERIFY2(!doc->contains(path), qPrintable(path));
            doc->setValue(path, f.type, changed);
            if (old.isValid())
                doc->setValue(path, f.type, old);
            else
                doc->setValue(path, f.type, QVariant());
        }
        // Back to the values it started with: the same text, except where a value written in another
        // style (a multi-line Text, a block list of scalars) was put back by the form.
        QCOMPARE(comments(doc->toYaml()), before);
        const auto reparsed = YamlDocument::parse(doc->toYaml(), &error);
        QVERIFY2(reparsed, qPrintable(error.toString()));
        QCOMPARE(QJsonDocument(reparsed->toJson()).toJson(), QJsonDocument(YamlDocument::parse(text, &error)->toJson()).toJson());
    }
};

QTEST_GUILESS_MAIN(TestGolden)
#include "tst_golden.moc"
