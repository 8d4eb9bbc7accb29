// Hostile documents through the YAML codec (model::YamlDocument, models/yamllimits.h), the job
// document (session::JobDocument) and the kubeconfig loader: an alias bomb, nesting 20,000 deep
// (flow and block), a 100 MiB file and bytes that are not UTF-8 each end with an error of their
// kind saying where (line:column when known) and what to do. The tests assert the kind and the
// place, never a time: with a limit removed they fail (or never end, which CTest's timeout reports).

#include "app/kube/kubeconfig.h"
#include "app/session/jobdocument.h"
#include "models/yamldocument.h"
#include "tests/support/hostileyaml.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using model::YamlDocument;
using model::YamlError;
using model::YamlErrorKind;

Q_DECLARE_METATYPE(YamlErrorKind)

namespace {

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// A nest of `depth` flow sequences in total, counting the top-level map as one.
QByteArray nestedTo(int depth)
{
    return "a: " + QByteArray(depth - 1, '[') + QByteArray(depth - 1, ']') + "\n";
}

const QByteArray kValid = hostile::kHead + "spec:\n  type: Python\n  mainApplicationFile: local:///opt/pi.py\n";

} // namespace

class TestHostileDocs : public QObject {
    Q_OBJECT
private slots:
    void codecRefusesEachWithItsKindAndPlace_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<YamlErrorKind>("kind");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("says");
        // 9^9 nodes: refused at the alias where more than 99% of the nodes decoded come from
        // aliases (level 4, line 8: a few thousand nodes).
        QTest::newRow("alias bomb") << hostile::aliasBomb() << YamlErrorKind::TooManyAliases << 8 << "alias bomb";
        QTest::newRow("alias bomb behind merge keys") << (hostile::aliasBomb(3) + "x:\n  <<: [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]\n")
                                                      << YamlErrorKind::TooManyAliases << 9 << "write the repeated values out";
        QTest::newRow("alias inside its anchor") << (hostile::kHead + "spec: &s\n  again: [*s]\n") << YamlErrorKind::TooManyAliases << 6
                                                 << "repeat without end";
        QTest::newRow("deep flow") << hostile::deepFlow() << YamlErrorKind::TooDeep << 5 << "remove the extra nesting";
        QTest::newRow("deep block") << hostile::deepBlock() << YamlErrorKind::TooDeep << 6 << "nested more than 256 levels";
        QTest::newRow("deep block maps") << hostile::deepBlockMaps() << YamlErrorKind::TooDeep << 5 + 256 << "nested more than";
        QTest::newRow("one level too deep") << nestedTo(model::kMaxYamlDepth + 1) << YamlErrorKind::TooDeep << 1 << "nested";
        QTest::newRow("too large") << (kValid + "# " + QByteArray(model::kMaxYamlBytes, 'x') + "\n") << YamlErrorKind::TooLarge << 0
                                   << "more than 4.0 MiB";
    }

    void codecRefusesEachWithItsKindAndPlace()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(YamlErrorKind, kind);
        QFETCH(int, line);
        QFETCH(QString, says);
        const QString text = QString::fromUtf8(yaml);
        YamlError error;
        QVERIFY(!YamlDocument::parse(text, &error));
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.line, line);
        QVERIFY2(error.message.contains(says), qPrintable(error.message));
        QCOMPARE(model::checkYamlLimits(yaml.toStdString()).value_or(YamlError{}).kind, kind);
        // The same text as a form field's YAML block: refused, the document unchanged.
        auto doc = YamlDocument::parse(QString::fromUtf8(kValid), nullptr);
        QVERIFY(doc);
        const QString before = doc->toYaml();
        YamlError blockError;
        QVERIFY(!doc->setYaml(QStringLiteral("spec.driver.affinity"), text, &blockError));
        QCOMPARE(blockError.kind, kind);
        QCOMPARE(doc->toYaml(), before);
    }

    // What is within the limits still reads: aliases used as people use them (729 nodes from 3
    // levels of 9), a merge key, nesting exactly at the limit.
    void withinTheLimitsReads()
    {
        YamlError error;
        const auto bomb3 = YamlDocument::parse(QString::fromUtf8(hostile::aliasBomb(3) + "x:\n  <<: {a: 1}\n"), &error);
        QVERIFY2(bomb3, qPrintable(error.toString()));
        QCOMPARE(bomb3->toJson().value(QLatin1String("l3")).toArray().size(), 9);
        QCOMPARE(bomb3->toJson().value(QLatin1String("l3")).toArray().at(8).toArray().at(8).toArray().at(8).toString(),
                 QStringLiteral("lol"));
        const auto deepest = YamlDocument::parse(QString::fromUtf8(nestedTo(model::kMaxYamlDepth)), &error);
        QVERIFY2(deepest, qPrintable(error.toString()));
    }

    void notUtf8IsFoundAtItsByte_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("offset");
        const int head = int(hostile::kHead.size());
        QTest::newRow("latin-1") << hostile::notUtf8() << 6 << 12 << head + 17;
        QTest::newRow("overlong slash") << QByteArray("a: b\nc: \xc0\xaf\n") << 2 << 4 << 8;
        QTest::newRow("surrogate") << QByteArray("a: \xed\xa0\x80\n") << 1 << 4 << 3;
        QTest::newRow("above U+10FFFF") << QByteArray("a: \xf4\x90\x80\x80\n") << 1 << 4 << 3;
        QTest::newRow("cut at the end") << QByteArray("a: \xc3\xa9\xe2\x82") << 1 << 5 << 5;
        QTest::newRow("lone continuation") << QByteArray("a: x\x80") << 1 << 5 << 4;
    }

    void notUtf8IsFoundAtItsByte()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(int, offset);
        YamlError error;
        QVERIFY(!model::decodeYamlBytes(bytes, &error));
        QCOMPARE(error.kind, YamlErrorKind::NotUtf8);
        QCOMPARE(error.line, line);
        QCOMPARE(error.column, column);
        QVERIFY2(error.message.contains(QStringLiteral("byte %1 ").arg(offset)), qPrintable(error.message));
        QVERIFY2(error.message.contains(QLatin1String("save the file as UTF-8")), qPrintable(error.message));
        // Well-formed UTF-8 of every length reads, byte-order mark included.
        const QByteArray good = "\xef\xbb\xbf" "a: \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n";
        QCOMPARE(model::decodeYamlBytes(good, &error), QString::fromUtf8(good));
    }

    // Characters YAML does not allow in a stream (YAML 1.2 §5.1 c-printable) are refused at their
    // place, as go-yaml refuses them; TAB, NEL, U+FFFD and the byte-order mark are allowed.
    void controlCharactersAreRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("character");
        QTest::newRow("C0 in a key") << QStringLiteral("a: b\nk\x10" "ey: c\n") << 2 << 2 << QStringLiteral("U+0010");
        QTest::newRow("NUL in a value") << QStringLiteral("a: \u00e9b") + QChar(0) + QStringLiteral("c\n") << 1 << 6 << QStringLiteral("U+0000");
        QTest::newRow("DEL") << QStringLiteral("a: x\x7f\n") << 1 << 5 << QStringLiteral("U+007F");
        QTest::newRow("C1") << QStringLiteral("a: \u0083\n") << 1 << 4 << QStringLiteral("U+0083");
        QTest::newRow("U+FFFF") << QStringLiteral("a: \uffff\n") << 1 << 4 << QStringLiteral("U+FFFF");
    }

    void controlCharactersAreRefused()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, character);
        YamlError error;
        QVERIFY(!model::YamlDocument::parse(text, &error));
        QCOMPARE(error.kind, YamlErrorKind::NotPrintable);
        QCOMPARE(error.line, line);
        QCOMPARE(error.column, column);
        QVERIFY2(error.message.contains(character), qPrintable(error.message));
        const QString allowed = QStringLiteral("\ufeffa: \"x\ty\"\nb: \u0085 \ufffd\n");
        QVERIFY2(model::YamlDocument::parse(allowed, &error), qPrintable(error.toString()));
    }

    // A file larger than the limit is refused from its size, before it is read; a stream (standard
    // input) is read up to one byte past the limit and no further.
    void tooLargeIsRefusedBeforeReading()
    {
        QTemporaryDir dir;
        const QString huge = dir.filePath(QStringLiteral("huge.yaml"));
        QVERIFY(hostile::writeHugeFile(huge));
        YamlError error;
        QVERIFY(!model::readYamlFile(huge, &error));
        QCOMPARE(error.kind, YamlErrorKind::TooLarge);
        QCOMPARE(error.line, 0);
        QVERIFY2(error.message.contains(QLatin1String("100.0 MiB")), qPrintable(error.message));
        QVERIFY2(error.message.contains(QLatin1String("split it")), qPrintable(error.message));
        QCOMPARE(error.located(QStringLiteral("huge.yaml")), QStringLiteral("huge.yaml: ") + error.message);

        QByteArray bytes(4096, ' ');
        QBuffer buffer(&bytes);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        QVERIFY(!model::readYamlBytes(&buffer, &error, 1024));
        QCOMPARE(error.kind, YamlErrorKind::TooLarge);
        QCOMPARE(buffer.pos(), 0); // refused from its size
        // (A stream of unknown size, standard input, is read one byte past the limit: tst_cli_hostile.)

        QVERIFY(!model::readYamlFile(dir.filePath(QStringLiteral("missing.yaml")), &error));
        QCOMPARE(error.kind, YamlErrorKind::Unreadable);
    }

    // The job document: a file beyond the limits is refused and the text shown stays; an alias
    // bomb or deep nesting opens as the text it is, with the error, and Save writes it back as is.
    void jobDocumentKeepsTheText()
    {
        QTemporaryDir dir;
        session::JobDocument doc;
        doc.setText(QString::fromUtf8(kValid));
        const QString typed = doc.text();
        QSignalSpy replaced(&doc, &session::JobDocument::textChanged);

        const QString huge = dir.filePath(QStringLiteral("huge.yaml"));
        QVERIFY(hostile::writeHugeFile(huge));
        QString error;
        QVERIFY(!doc.openFile(huge, &error));
        QVERIFY2(error.contains(QLatin1String("100.0 MiB")) && error.contains(QLatin1String("keeps the text")), qPrintable(error));
        const QString latin1 = dir.filePath(QStringLiteral("latin1.yaml"));
        QVERIFY(writeFile(latin1, hostile::notUtf8()));
        QVERIFY(!doc.openFile(latin1, &error));
        QVERIFY2(error.contains(latin1 + QStringLiteral(":6:12: byte ")), qPrintable(error));
        QCOMPARE(doc.text(), typed);
        QCOMPARE(replaced.count(), 0);

        for (const QByteArray& yaml : {hostile::aliasBomb(), hostile::deepFlow(), hostile::deepBlock()}) {
            const QString path = dir.filePath(QStringLiteral("hostile.yaml"));
            QVERIFY(writeFile(path, yaml));
            QVERIFY2(doc.openFile(path, &error), qPrintable(error));
            QCOMPARE(doc.text().toUtf8(), yaml);
            QVERIFY(doc.hasSyntaxError());
            QVERIFY(doc.syntaxError().kind == YamlErrorKind::TooManyAliases || doc.syntaxError().kind == YamlErrorKind::TooDeep);
            QVERIFY(doc.saveFile(path, &error));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), yaml);
        }

        model::YamlError e;
        QVERIFY(!session::JobDocument::normalizedFileText(QString::fromUtf8(kValid + "---\n" + hostile::aliasBomb()), &e));
        QCOMPARE(e.kind, YamlErrorKind::TooManyAliases);
        QCOMPARE(e.line, 9 + 8 - 1); // the second document starts on line 9
    }

    void kubeconfigRefusesEach_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("says");
        const QByteArray head = "apiVersion: v1\nkind: Config\n";
        QByteArray bomb = head + "a: &a [x, x, x, x, x, x, x, x, x]\n";
        for (char l = 'b'; l <= 'i'; ++l)
            bomb += QByteArray(1, l) + ": &" + l + " [" + QByteArray("*") + char(l - 1) + ", *" + char(l - 1) + ", *" + char(l - 1)
                    + ", *" + char(l - 1) + ", *" + char(l - 1) + ", *" + char(l - 1) + ", *" + char(l - 1) + ", *" + char(l - 1)
                    + ", *" + char(l - 1) + "]\n";
        bomb += "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:6443', extensions: [{name: x, extension: *i}]}}]\n";
        QTest::newRow("alias bomb") << bomb << "line 6, column" << "alias bomb";
        QTest::newRow("deep flow") << head + "clusters: " + QByteArray(20'000, '[') + QByteArray(20'000, ']') + "\n"
                                   << "line 3, column" << "nested more than 256 levels";
        QTest::newRow("not UTF-8") << head + "current-context: caf\xe9\n" << "line 3, column 21" << "is not UTF-8";
        QTest::newRow("too large") << head + "# " + QByteArray(kube::kMaxKubeconfigBytes, 'x') + "\n" << "" << "more than 16.0 MiB";
    }

    void kubeconfigRefusesEach()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, field);
        QFETCH(QString, says);
        kube::KubeconfigError error;
        QVERIFY(!kube::Kubeconfig::parse(yaml, QStringLiteral("/tmp/config"), &error));
        QCOMPARE(error.file, QStringLiteral("/tmp/config"));
        QVERIFY2(field.isEmpty() ? error.field.isEmpty() : error.field.startsWith(field), qPrintable(error.toString()));
        QVERIFY2(error.message.contains(says), qPrintable(error.toString()));
    }

    void kubeconfigFileTooLargeIsNotRead()
    {
        QTemporaryDir dir;
        const QString huge = dir.filePath(QStringLiteral("config"));
        QVERIFY(hostile::writeHugeFile(huge));
        kube::KubeconfigError error;
        QVERIFY(!kube::Kubeconfig::load({huge}, true, &error));
        QCOMPARE(error.file, huge);
        QVERIFY2(error.message.contains(QLatin1String("100.0 MiB, more than 16.0 MiB")), qPrintable(error.toString()));
    }
};

QTEST_GUILESS_MAIN(TestHostileDocs)
#include "tst_hostiledocs.moc"
