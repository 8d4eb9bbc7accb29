// `sparkdeck lint` and `sparkdeck fmt`, run as a user runs them (tests/support/cli.h): the golden
// corpus is clean, each broken file in tests/cli/lint/ is reported at its exact line and column
// with its rule, -o json parses, exit codes; fmt prints, checks and rewrites as the job editor saves.

#include "tests/support/cli.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString sourceDir()
{
    return qEnvironmentVariable("SPARKDECK_SOURCE_DIR");
}

QString lintFile(const QString& name)
{
    return sourceDir() + QStringLiteral("/tests/cli/lint/") + name;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// The finding lines of lint's text output ("FILE:LINE:COL: severity: message [rule]").
QStringList findingLines(const CliResult& r)
{
    return r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QJsonArray lintJson(const QStringList& files, int* exitCode, QByteArray input = {})
{
    const CliResult r = runCli(QStringList{QStringLiteral("lint"), QStringLiteral("-o"), QStringLiteral("json")} + files, input);
    *exitCode = r.exitCode;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        qWarning("not a JSON array: %s\n%s", qPrintable(error.errorString()), describe(r).constData());
    return doc.array();
}

} // namespace

class TestCliLint : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(lintFile(QStringLiteral("clean.yaml"))), "SPARKDECK_SOURCE_DIR must name the source tree");
    }

    // Every golden corpus file and job preset passes the real CRD (tests/golden/check-crd) and the
    // webhook's rules (tests/golden/README.md), and none types a credential inline (their secrets
    // come from Secrets): no errors and no warnings at all.
    void goldenCorpusHasNoErrors()
    {
        QStringList files;
        for (const QString& dir : {QStringLiteral("/tests/golden/corpus"), QStringLiteral("/manifests/presets")}) {
            const QDir d(sourceDir() + dir);
            for (const QString& f : d.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
                files << d.filePath(f);
        }
        QVERIFY(files.size() > 25);
        int code = -1;
        const QJsonArray findings = lintJson(files, &code);
        QStringList got;
        for (const QJsonValue& v : findings) {
            const QJsonObject f = v.toObject();
            got << QStringLiteral("%1:%2:%3: %4 [%5]")
                       .arg(QFileInfo(f.value(QLatin1String("file")).toString()).fileName())
                       .arg(f.value(QLatin1String("line")).toInt())
                       .arg(f.value(QLatin1String("column")).toInt())
                       .arg(f.value(QLatin1String("severity")).toString(), f.value(QLatin1String("rule")).toString());
        }
        QCOMPARE(got, QStringList());
        QCOMPARE(code, 0);
        // The same files one by one in text form: exit 0 and nothing but the warnings above.
        const CliResult r = runCli(QStringList{QStringLiteral("lint")} + files);
        QVERIFY2(r.exitCode == 0, describe(r));
        QVERIFY2(r.out.isEmpty() && r.err.isEmpty(), describe(r));
    }

    void brokenFile_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("finding"); // the one line lint prints after "FILE:"
        QTest::newRow("unknown-field") << "unknown-field.yaml" << 1
                                       << "19:5: error: unknown field \"spec.executor.instance\" [unknown-field]";
        QTest::newRow("bad-enum") << "bad-enum.yaml" << 1
                                  << "7:9: error: spec.type: Unsupported value: \"scala\": supported values: \"Java\", \"Python\", "
                                     "\"Scala\", \"R\" [enum]";
        QTest::newRow("wrong-type") << "wrong-type.yaml" << 1
                                    << "18:12: error: spec.executor.cores in body must be of type integer: \"string\" [type]";
        QTest::newRow("missing-required") << "missing-required.yaml" << 1
                                          << "6:1: error: spec.mainApplicationFile: Required value [required]";
        QTest::newRow("duplicate-field") << "duplicate-field.yaml" << 0
                                         << "9:3: warning: duplicate field \"spec.type\": only the last one counts (kubectl's YAML "
                                            "reading keeps it) [duplicate-field]";
        QTest::newRow("yaml-syntax") << "yaml-syntax.yaml" << 1 << "13:14: error: this '[' is never closed; add the matching ']' [yaml]";
        QTest::newRow("rejected-sparkconf") << "rejected-sparkconf.yaml" << 1
                                            << "15:5: error: sparkConf key \"spark.master\" is not allowed: this value is managed by the "
                                               "operator [webhook]";
        QTest::newRow("node-selector-conflict") << "node-selector-conflict.yaml" << 1
                                                << "13:3: error: node selector cannot be defined at both SparkApplication and "
                                                   "Driver/Executor [webhook]";
        QTest::newRow("memory-gi") << "memory-gi.yaml" << 1 << "15:13: error: \"2Gi\" is not a Spark memory size: Spark accepts a whole number with b, k, m, g, t or p (e.g. "
                                      "512m, 2g); write 2g. [form]";
        QTest::newRow("inline-password") << "inline-password.yaml" << 0
                                         << "15:5: warning: fs.s3a.secret.key looks like a credential typed inline; anyone who can "
                                            "read the application sees it. Move it into a Secret: kubectl create secret generic NAME "
                                            "--from-literal=aws-secret-access-key=…, give driver and executor the env variable "
                                            "AWS_SECRET_ACCESS_KEY from it (valueFrom.secretKeyRef) and remove this key (S3A reads "
                                            "AWS_SECRET_ACCESS_KEY from the environment) (the job editor's \"Move to a Secret\" does "
                                            "this) [inline-credential]";
        QTest::newRow("multi-document") << "multi-document.yaml" << 1
                                        << "16:9: error: spec.mode: Unsupported value: \"batch\": supported values: \"cluster\", "
                                           "\"client\" [enum]";
    }

    // Each broken file: exactly one finding, at the line and column of the offending key or value.
    void brokenFile()
    {
        QFETCH(QString, file);
        QFETCH(int, exitCode);
        QFETCH(QString, finding);
        const QString path = lintFile(file);
        const CliResult r = runCli({QStringLiteral("lint"), path});
        QVERIFY2(r.exitCode == exitCode, describe(r));
        QCOMPARE(findingLines(r), QStringList{path + QLatin1Char(':') + finding});
        QVERIFY2(r.err.contains(QLatin1String("1 file(s)")), describe(r));
    }

    void cleanFileHasNoFindings()
    {
        const CliResult r = runCli({QStringLiteral("lint"), lintFile(QStringLiteral("clean.yaml"))});
        QVERIFY2(r.exitCode == 0 && r.out.isEmpty() && r.err.isEmpty(), describe(r));
    }

    // A ScheduledSparkApplication: the template is checked against the schedule's CRD, every
    // finding in document order.
    void scheduledTemplateFindings()
    {
        const QString path = lintFile(QStringLiteral("scheduled-template.yaml"));
        const CliResult r = runCli({QStringLiteral("lint"), path});
        QVERIFY2(r.exitCode == 1, describe(r));
        const QStringList want{
            path + QStringLiteral(":17:13: error: spec.template.restartPolicy.type: Unsupported value: \"Sometimes\": supported "
                                  "values: \"Never\", \"Always\", \"OnFailure\" [enum]"),
            path + QStringLiteral(":23:7: error: unknown field \"spec.template.driver.labelz\" [unknown-field]"),
            path + QStringLiteral(":28:15: error: \"1Gi\" is not a Spark memory size: Spark accepts a whole number with b, k, m, g, t "
                                  "or p (e.g. 512m, 2g); write 1g. [form]"),
        };
        QCOMPARE(findingLines(r), want);
    }

    void jsonOutputParses()
    {
        int code = -1;
        const QJsonArray all = lintJson({lintFile(QStringLiteral("inline-password.yaml")), lintFile(QStringLiteral("multi-document.yaml"))}, &code);
        QCOMPARE(code, 1);
        QCOMPARE(all.size(), 2);
        const QJsonObject warning = all.at(0).toObject();
        QCOMPARE(warning.value(QLatin1String("file")).toString(), lintFile(QStringLiteral("inline-password.yaml")));
        QCOMPARE(warning.value(QLatin1String("line")).toInt(), 15);
        QCOMPARE(warning.value(QLatin1String("column")).toInt(), 5);
        QCOMPARE(warning.value(QLatin1String("severity")).toString(), QStringLiteral("warning"));
        QCOMPARE(warning.value(QLatin1String("rule")).toString(), QStringLiteral("inline-credential"));
        QVERIFY(warning.value(QLatin1String("message")).toString().startsWith(QLatin1String("fs.s3a.secret.key looks like")));
        QCOMPARE(warning.value(QLatin1String("path")).toString(), QStringLiteral("spec.hadoopConf.fs.s3a.secret.key"));
        const QJsonObject error = all.at(1).toObject();
        QCOMPARE(error.value(QLatin1String("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(error.value(QLatin1String("line")).toInt(), 16);
        QCOMPARE(error.value(QLatin1String("column")).toInt(), 9);
        QCOMPARE(error.value(QLatin1String("rule")).toString(), QStringLiteral("enum"));
        QCOMPARE(error.value(QLatin1String("document")).toInt(), 1);
        QCOMPARE(error.value(QLatin1String("path")).toString(), QStringLiteral("spec.mode"));

        // No findings: an empty array, exit 0.
        const QJsonArray none = lintJson({lintFile(QStringLiteral("clean.yaml"))}, &code);
        QCOMPARE(code, 0);
        QVERIFY(none.isEmpty());
    }

    void readsStandardInput()
    {
        const CliResult r = runCli({QStringLiteral("lint"), QStringLiteral("-")}, readAll(lintFile(QStringLiteral("bad-enum.yaml"))));
        QVERIFY2(r.exitCode == 1, describe(r));
        QVERIFY2(r.out.startsWith(QLatin1String("<stdin>:7:9: error: spec.type: Unsupported value")), describe(r));
    }

    void warningsFailOnlyWithStrict()
    {
        const QString file = lintFile(QStringLiteral("inline-password.yaml"));
        CliResult r = runCli({QStringLiteral("lint"), file});
        QVERIFY2(r.exitCode == 0 && r.out.contains(QLatin1String(": warning: ")), describe(r));
        r = runCli({QStringLiteral("lint"), QStringLiteral("--strict"), file});
        QVERIFY2(r.exitCode == 1, describe(r));
    }

    // An unreadable file: exit 2 after the other files were still checked.
    void unreadableFileExitsTwo()
    {
        const CliResult r = runCli({QStringLiteral("lint"), QStringLiteral("/nonexistent/app.yaml"), lintFile(QStringLiteral("bad-enum.yaml"))});
        QVERIFY2(r.exitCode == 2, describe(r));
        QVERIFY2(r.err.contains(QLatin1String("error: cannot read /nonexistent/app.yaml")), describe(r));
        QVERIFY2(r.out.contains(QLatin1String("bad-enum.yaml:7:9: error:")), describe(r));
    }

    void badFlagsAreUsageErrors()
    {
        CliResult r = runCli({QStringLiteral("lint")});
        QVERIFY2(r.exitCode == 2, describe(r));
        r = runCli({QStringLiteral("lint"), QStringLiteral("-o"), QStringLiteral("yaml"), lintFile(QStringLiteral("clean.yaml"))});
        QVERIFY2(r.exitCode == 2 && r.err.contains(QLatin1String("json")), describe(r));
        r = runCli({QStringLiteral("fmt"), QStringLiteral("--write"), QStringLiteral("--check"), lintFile(QStringLiteral("clean.yaml"))});
        QVERIFY2(r.exitCode == 2, describe(r));
        r = runCli({QStringLiteral("fmt"), QStringLiteral("--write"), QStringLiteral("-")}, "kind: X\n");
        QVERIFY2(r.exitCode == 2 && r.err.contains(QLatin1String("standard input")), describe(r));
    }

    // The webhook compares spark.kubernetes.namespace with the application's namespace: the file's,
    // else -n; with neither it can only warn.
    void sparkConfNamespace()
    {
        QByteArray text = readAll(lintFile(QStringLiteral("clean.yaml")));
        text.replace("  namespace: default\n", "");
        text += "  sparkConf:\n    spark.kubernetes.namespace: spark-jobs\n";
        CliResult r = runCli({QStringLiteral("lint"), QStringLiteral("-")}, text);
        QVERIFY2(r.exitCode == 0 && r.out.startsWith(QLatin1String("<stdin>:21:5: warning: sparkConf key \"spark.kubernetes.namespace\"")),
                 describe(r));
        r = runCli({QStringLiteral("lint"), QStringLiteral("-n"), QStringLiteral("spark-jobs"), QStringLiteral("-")}, text);
        QVERIFY2(r.exitCode == 0 && r.out.isEmpty(), describe(r));
        r = runCli({QStringLiteral("lint"), QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-")}, text);
        QVERIFY2(r.exitCode == 1, describe(r));
        QCOMPARE(findingLines(r), QStringList{QStringLiteral("<stdin>:21:5: error: sparkConf key \"spark.kubernetes.namespace\" is not "
                                                             "allowed: must equal the application namespace \"default\", got "
                                                             "\"spark-jobs\" [webhook]")});
    }

    // The kubectl plugin has the same command.
    void pluginLints()
    {
        const CliResult r = runCli({QStringLiteral("lint"), lintFile(QStringLiteral("wrong-type.yaml"))}, {}, {}, 120'000,
                                   qEnvironmentVariable("SPARKDECK_PLUGIN"));
        QVERIFY2(r.exitCode == 1 && r.out.contains(QLatin1String(":18:12: error: ")), describe(r));
    }

    // ---- fmt

    void fmtPrintsWhatSaveWrites()
    {
        const QString corpus = sourceDir() + QStringLiteral("/tests/golden/corpus/flow-style-with-comments.yaml");
        const CliResult r = runCli({QStringLiteral("fmt"), corpus});
        QVERIFY2(r.exitCode == 0, describe(r));
        QCOMPARE(r.out.toUtf8(), readAll(sourceDir() + QStringLiteral("/tests/golden/expected/flow-style-with-comments.yaml")));
    }

    void fmtCheckAndWrite()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString messy = dir.filePath(QStringLiteral("messy.yaml"));
        const QString tidy = dir.filePath(QStringLiteral("tidy.yaml"));
        QByteArray clean = readAll(lintFile(QStringLiteral("clean.yaml")));
        clean.replace("metadata:\n", "metadata:  # who and where\n");
        QVERIFY(writeFile(tidy, clean));
        QByteArray withBlanks = clean;
        withBlanks.replace("  type: Scala\n", "  type: Scala   \n").replace("  driver:\n", "  driver:\t\n");
        withBlanks += "\n\n";
        QVERIFY(writeFile(messy, withBlanks));
        QVERIFY(QFile::setPermissions(messy, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));

        CliResult r = runCli({QStringLiteral("fmt"), QStringLiteral("--check"), tidy, messy});
        QVERIFY2(r.exitCode == 1, describe(r));
        QCOMPARE(r.out, messy + QLatin1Char('\n'));
        r = runCli({QStringLiteral("fmt"), QStringLiteral("--check"), tidy});
        QVERIFY2(r.exitCode == 0 && r.out.isEmpty(), describe(r));

        const QDateTime old = QDateTime::currentDateTimeUtc().addDays(-1);
        {
            QFile f(tidy);
            QVERIFY(f.open(QIODevice::ReadWrite) && f.setFileTime(old, QFileDevice::FileModificationTime));
        }
        r = runCli({QStringLiteral("fmt"), QStringLiteral("--write"), tidy, messy});
        QVERIFY2(r.exitCode == 0 && r.out.isEmpty(), describe(r));
        QCOMPARE(readAll(messy), clean); // trailing blanks gone, the comment kept
        QVERIFY(readAll(messy).contains("metadata:  # who and where\n"));
        QCOMPARE(QFileInfo(messy).permissions() & 0x7077, // owner, group, others: 0640
                 QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup);
        QCOMPARE(QFileInfo(tidy).lastModified().toSecsSinceEpoch(), old.toSecsSinceEpoch()); // unchanged: not written
        r = runCli({QStringLiteral("fmt"), QStringLiteral("--check"), tidy, messy});
        QVERIFY2(r.exitCode == 0 && r.out.isEmpty(), describe(r));
    }

    // --write through a symbolic link rewrites the file it points to and keeps the link.
    void fmtWriteFollowsSymlinks()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString target = dir.filePath(QStringLiteral("app.yaml"));
        const QString link = dir.filePath(QStringLiteral("link.yaml"));
        QVERIFY(writeFile(target, "kind: X   \nspec: {}\n"));
        QVERIFY(QFile::link(target, link));
        const CliResult r = runCli({QStringLiteral("fmt"), QStringLiteral("--write"), link});
        QVERIFY2(r.exitCode == 0, describe(r));
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(readAll(target), QByteArray("kind: X\nspec: {}\n"));
    }

    void fmtYamlErrorExitsTwo()
    {
        const QString file = lintFile(QStringLiteral("yaml-syntax.yaml"));
        for (const QStringList& flags : {QStringList{}, QStringList{QStringLiteral("--check")}, QStringList{QStringLiteral("--write")}}) {
            const CliResult r = runCli(QStringList{QStringLiteral("fmt")} + flags + QStringList{file});
            QVERIFY2(r.exitCode == 2, describe(r));
            QVERIFY2(r.err.startsWith(file + QStringLiteral(":13:14: ")), describe(r));
            QVERIFY(r.out.isEmpty());
        }
        const CliResult r = runCli({QStringLiteral("fmt"), QStringLiteral("/nonexistent/app.yaml")});
        QVERIFY2(r.exitCode == 2 && r.err.contains(QLatin1String("cannot read")), describe(r));
    }

    void fmtReadsStandardInput()
    {
        const CliResult r = runCli({QStringLiteral("fmt"), QStringLiteral("-")}, "kind: X   \r\nspec: {a: 1}\r\n\r\n");
        QVERIFY2(r.exitCode == 0, describe(r));
        QCOMPARE(r.out, QStringLiteral("kind: X\nspec: {a: 1}\n"));
    }
};

QTEST_GUILESS_MAIN(TestCliLint)
#include "tst_cli_lint.moc"
