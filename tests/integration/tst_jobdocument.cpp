// session::JobDocument without any widget (QCoreApplication): multi-document files saved byte for
// byte, typed text and its syntax errors, the autosaved draft, problems per field, and, against the
// local control plane, Submit (created, dry run rejected, namespace missing and created) and moving
// inline credentials into a Secret.

#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "app/session/jobdocument.h"
#include "tests/support/clusterpaths.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using session::JobDocument;

// The cluster tests need the fixture (ctest label integration); without it they fail with what to do.
#define REQUIRE_CLUSTER()                                                                                              \
    do {                                                                                                               \
        if (!connectToCluster())                                                                                       \
            return;                                                                                                    \
    } while (false)

namespace {

QString uniqueName(const QString& prefix)
{
    return prefix + QLatin1Char('-') + QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
}

const model::FieldSpec* fieldSpec(const QString& path)
{
    for (const model::FieldSpec& f : model::sparkApplicationFields())
        if (f.path == path)
            return &f;
    return nullptr;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

const QByteArray kConfigMap = "# settings for the job\napiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                              "  name: settings   # keep me\ndata: {a: \"1\", b: 'two'}\n";
const QByteArray kApplication = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n"
                                "  name: spark-pi # the name\nspec:\n  type: Scala\n  mode: cluster\n"
                                "  image: spark:4.0.0\n  mainClass: org.apache.spark.examples.SparkPi\n"
                                "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar\n"
                                "  sparkVersion: 4.0.0\n  driver:\n    cores: 1\n    memory: 512m\n"
                                "    serviceAccount: spark-operator-spark\n  executor:\n    instances: 1\n"
                                "    cores: 1\n    memory: 512m\n";
const QByteArray kService = "kind: Service\napiVersion: v1\nmetadata: {name: ui}\n# trailing comment\n";

} // namespace

class TestJobDocument : public QObject {
    Q_OBJECT
private slots:
    void openEditSaveKeepsTheOtherDocumentsByteForByte()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bundle.yaml"));
        QVERIFY(writeAll(path, kConfigMap + "---\n" + kApplication + "---\n" + kService));
        JobDocument doc;
        QSignalSpy files(&doc, &JobDocument::fileChanged);
        QStringList offered;
        QString error;
        QVERIFY2(doc.openFile(path, &error, [&](const QStringList& labels) {
            offered = labels;
            return 1;
        }),
                 qPrintable(error));
        QCOMPARE(offered, (QStringList{QStringLiteral("ConfigMap settings"), QStringLiteral("SparkApplication spark-pi"),
                                       QStringLiteral("Service ui")}));
        QCOMPARE(doc.filePath(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(doc.fileIndex(), 1);
        QCOMPARE(files.count(), 1);
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.document().text(QStringLiteral("metadata.name")), QStringLiteral("spark-pi"));

        QSignalSpy texts(&doc, &JobDocument::textChanged);
        QVERIFY(doc.setFieldValue(*fieldSpec(QStringLiteral("metadata.name")), QStringLiteral("renamed")));
        QCOMPARE(texts.count(), 1);
        QCOMPARE(texts.first().first().value<JobDocument::TextChange>(), JobDocument::TextChange::Edited);
        QVERIFY(doc.isModified());
        QVERIFY(doc.text().contains(QStringLiteral("  name: renamed # the name\n")));

        QVERIFY2(doc.saveFile(path, &error), qPrintable(error));
        QVERIFY(!doc.isModified());
        QByteArray edited = kApplication;
        edited.replace("name: spark-pi", "name: renamed");
        QCOMPARE(readAll(path), kConfigMap + "---\n" + edited + "---\n" + kService);

        // Save as: another file gets this document alone; the first file is left as it was.
        const QString other = dir.filePath(QStringLiteral("alone.yaml"));
        QVERIFY(doc.setFieldValue(*fieldSpec(QStringLiteral("spec.image")), QStringLiteral("spark:4.0.1")));
        QVERIFY2(doc.saveFile(other, &error), qPrintable(error));
        QCOMPARE(doc.filePath(), QFileInfo(other).absoluteFilePath());
        QVERIFY(!readAll(other).contains("ConfigMap"));
        QVERIFY(readAll(other).contains("image: spark:4.0.1\n"));
        QCOMPARE(readAll(path), kConfigMap + "---\n" + edited + "---\n" + kService);
    }

    void normalizedFileTextIsWhatSaveWrites()
    {
        model::YamlError error;
        const auto out = JobDocument::normalizedFileText(QString::fromUtf8(kConfigMap + "---\n" + kApplication), &error);
        QVERIFY(out);
        QCOMPARE(*out, QString::fromUtf8(kConfigMap + "---\n" + kApplication));
        // The error of the second document is placed in the whole text.
        model::YamlError alone;
        QVERIFY(!JobDocument::normalizedFileText(QStringLiteral("kind: X\nspec: [\n"), &alone));
        QVERIFY(!JobDocument::normalizedFileText(QString::fromUtf8(kConfigMap + "---\nkind: X\nspec: [\n"), &error));
        QCOMPARE(error.line, alone.line + 7); // after the ConfigMap's 6 lines and the separator
        QCOMPARE(error.column, alone.column);
    }

    void unreadableFileLeavesTheDocument()
    {
        QTemporaryDir dir;
        JobDocument doc;
        QVERIFY(doc.loadPreset(QStringLiteral("spark-pi")));
        const QString before = doc.text();
        QString error;
        QVERIFY(!doc.openFile(dir.filePath(QStringLiteral("missing.yaml")), &error));
        QVERIFY(error.contains(QStringLiteral("missing.yaml")));
        const QString path = dir.filePath(QStringLiteral("two.yaml"));
        QVERIFY(writeAll(path, kConfigMap + "---\n" + kApplication));
        QVERIFY(!doc.openFile(path, &error, [](const QStringList&) { return -1; }));
        QCOMPARE(doc.text(), before);
        QVERIFY(doc.filePath().isEmpty());
    }

    void typedTextWaitsAndSyntaxErrorsKeepIt()
    {
        JobDocument doc;
        QVERIFY(doc.loadPreset(QStringLiteral("spark-pi")));
        const QString valid = doc.text();
        QSignalSpy replaced(&doc, &JobDocument::documentReplaced);
        const QString broken = valid + QStringLiteral("  sparkConf: [\n");
        doc.editText(broken);
        QVERIFY(doc.isModified());
        QVERIFY(doc.parsePending());
        QTRY_VERIFY(!doc.parsePending());
        QVERIFY(doc.hasSyntaxError());
        QVERIFY(doc.syntaxError().line > 0);
        QCOMPARE(doc.text(), broken);           // kept as typed
        QVERIFY(doc.document().contains(QStringLiteral("spec.mainClass"))); // the last valid document
        QCOMPARE(replaced.count(), 0);
        QVERIFY(!doc.takePendingText());
        // Changes from elsewhere do not replace the broken text.
        doc.applySizing(model::sizingPresets().last().id);
        doc.setScheduled(true);
        QCOMPARE(doc.text(), broken);
        // Save writes the text as typed, so nothing is lost.
        QTemporaryDir dir;
        QString error;
        QVERIFY(doc.saveFile(dir.filePath(QStringLiteral("broken.yaml")), &error));
        QCOMPARE(QString::fromUtf8(readAll(dir.filePath(QStringLiteral("broken.yaml")))), broken);
        // Fixed, it parses again.
        doc.editText(valid);
        QVERIFY(doc.parseNow());
        QVERIFY(!doc.hasSyntaxError());
        QCOMPARE(replaced.count(), 1);
    }

    void draftIsAutosavedAndRestored()
    {
        QTemporaryDir dir;
        const QString draft = dir.filePath(QStringLiteral("drafts/draft.yaml"));
        QString typed;
        {
            JobDocument doc;
            QVERIFY(doc.loadPreset(QStringLiteral("spark-pi")));
            QVERIFY(!doc.setDraftFile(draft)); // nothing to offer yet
            typed = doc.text().replace(QStringLiteral("name: spark-pi"), QStringLiteral("name: unsent-work"));
            doc.editText(typed);
            QTRY_COMPARE(QString::fromUtf8(readAll(draft)), typed);
        }
        JobDocument next;
        QVERIFY(next.loadPreset(QStringLiteral("spark-pi")));
        QVERIFY(next.setDraftFile(draft));
        QVERIFY(next.draftOffered());
        QVERIFY(next.draftTime().isValid());
        next.restoreDraft();
        QCOMPARE(next.text(), typed);
        QVERIFY(next.isModified());
        QVERIFY(!next.draftOffered());
        QCOMPARE(next.document().text(QStringLiteral("metadata.name")), QStringLiteral("unsent-work"));
        // Saving puts the work into a file: the draft goes.
        QString error;
        QVERIFY(next.saveFile(dir.filePath(QStringLiteral("job.yaml")), &error));
        QVERIFY(!QFileInfo::exists(draft));
        // A draft that equals the document is not offered; discarding removes it.
        QVERIFY(writeAll(draft, next.text().toUtf8()));
        QVERIFY(!next.setDraftFile(draft));
        next.discardDraft();
        QVERIFY(!QFileInfo::exists(draft));
    }

    void problemsArePerField()
    {
        JobDocument doc;
        QVERIFY(doc.loadPreset(QStringLiteral("spark-pi")));
        QVERIFY(doc.errors().isEmpty());
        QSignalSpy changed(&doc, &JobDocument::problemsChanged);
        QVERIFY(doc.setFieldValue(*fieldSpec(QStringLiteral("metadata.name")), QStringLiteral("Not_A_Name")));
        QVERIFY(changed.count() >= 1);
        QVERIFY(!doc.problems().value(QStringLiteral("metadata.name")).errors.isEmpty());
        QCOMPARE(doc.errors().size(), 1);
        QVERIFY(!doc.checkBeforeSubmit({})); // offline, and an error besides
        // A YAML block that does not parse: an error under its field, the document unchanged.
        const model::FieldSpec* volumes = fieldSpec(QStringLiteral("spec.volumes"));
        QVERIFY(volumes);
        model::YamlError blockError;
        QVERIFY(!doc.setFieldValue(*volumes, QStringLiteral("- name: [\n"), &blockError));
        QVERIFY(blockError.line > 0);
        QVERIFY(doc.problems().value(QStringLiteral("spec.volumes")).errors.first().contains(QStringLiteral("YAML error")));
        QVERIFY(!doc.document().contains(QStringLiteral("spec.volumes")));
        QVERIFY(doc.setFieldValue(*volumes, QStringLiteral("- name: data\n  emptyDir: {}\n"), &blockError));
        QVERIFY(doc.problems().value(QStringLiteral("spec.volumes")).errors.isEmpty());
        QVERIFY(doc.setFieldValue(*fieldSpec(QStringLiteral("metadata.name")), QStringLiteral("fine-name")));
        QVERIFY(doc.errors().isEmpty());
        // Inline credentials are found; the Secret is named after the application.
        doc.setText(doc.text() + QStringLiteral("  hadoopConf:\n    fs.s3a.secret.key: wJalrXUtnFEMI\n"));
        QCOMPARE(doc.inlineSecrets().size(), 1);
        QCOMPARE(doc.secretName(), QStringLiteral("fine-name-credentials"));
    }

    void kindAndSizingEditTheText()
    {
        JobDocument doc;
        QVERIFY(doc.loadPreset(QStringLiteral("spark-pi")));
        doc.setScheduled(true);
        QVERIFY(doc.isScheduled());
        QCOMPARE(doc.document().text(QStringLiteral("kind")), QStringLiteral("ScheduledSparkApplication"));
        QCOMPARE(doc.document().text(QStringLiteral("spec.schedule")), QStringLiteral("@daily"));
        doc.setScheduled(false);
        QVERIFY(!doc.isScheduled());
        const QList<model::SizingPreset> sizes = model::sizingPresets();
        QVERIFY(!sizes.isEmpty());
        doc.applySizing(sizes.last().id);
        for (const auto& [path, value] : sizes.last().values)
            QCOMPARE(doc.document().text(path), value.toString());
    }

    // ---- Against the local control plane

    void submitDryRunsThenCreates()
    {
        REQUIRE_CLUSTER();
        JobDocument doc;
        doc.setClient(m_client);
        QVERIFY(doc.loadPreset(QStringLiteral("spark-pi")));
        const QString name = uniqueName(QStringLiteral("doc-pi"));
        QVERIFY(doc.setFieldValue(*fieldSpec(QStringLiteral("metadata.name")), name));
        QVERIFY(doc.isModified());
        bool checked = false;
        QVERIFY(doc.checkBeforeSubmit([&] { checked = true; }));
        QVERIFY(doc.isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(checked, 15000);
        QVERIFY2(doc.fatalProblems().isEmpty(), qPrintable(doc.fatalProblems().join(QLatin1Char('\n'))));
        QSignalSpy finished(&doc, &JobDocument::submitFinished);
        QSignalSpy submitted(&doc, &JobDocument::submitted);
        QVERIFY(doc.submit());
        QVERIFY(!doc.submit()); // one at a time
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        const auto result = finished.first().first().value<kube::SubmitResult>();
        QVERIFY2(!result.status.error().isError(), qPrintable(result.status.error().details()));
        QCOMPARE(result.stage, kube::SubmitResult::Stage::Create);
        QCOMPARE(submitted.count(), 1);
        QCOMPARE(submitted.first(), (QVariantList{QStringLiteral("default"), name, QStringLiteral("SparkApplication")}));
        QVERIFY(!doc.isModified());
        QVERIFY(!doc.isBusy());
        QCOMPARE(kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default")})
                     .exitCode,
                 0);
        kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default"),
                 QStringLiteral("--wait=false")});
    }

    void dryRunFailureCreatesNothingAndKeepsTheWork()
    {
        REQUIRE_CLUSTER();
        QTemporaryDir dir;
        const QString draft = dir.filePath(QStringLiteral("draft.yaml"));
        JobDocument doc;
        doc.setClient(m_client);
        doc.setDraftFile(draft);
        QVERIFY(doc.loadPreset(QStringLiteral("spark-pi")));
        const QString name = uniqueName(QStringLiteral("doc-bad"));
        // Valid for the form, invalid for the CRD: monitoring needs both expose flags.
        doc.setText(doc.text()
                        .replace(QStringLiteral("name: spark-pi"), QStringLiteral("name: ") + name)
                        .replace(QStringLiteral("  restartPolicy:"), QStringLiteral("  monitoring:\n    exposeDriverMetrics: true\n  restartPolicy:")));
        QVERIFY(doc.errors().isEmpty());
        QSignalSpy finished(&doc, &JobDocument::submitFinished);
        QSignalSpy submitted(&doc, &JobDocument::submitted);
        QVERIFY(doc.submit());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        const auto result = finished.first().first().value<kube::SubmitResult>();
        QVERIFY(result.status.error().isError());
        QCOMPARE(result.stage, kube::SubmitResult::Stage::DryRun);
        QCOMPARE(submitted.count(), 0);
        QVERIFY(doc.problems().value(QStringLiteral("spec.monitoring.exposeExecutorMetrics")).errors.join(QString()).contains(
            QStringLiteral("API server")));
        QVERIFY(doc.isModified());                  // the work is kept…
        QVERIFY(QFileInfo::exists(draft));           // …in the draft too
        QVERIFY(kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default")},
                        Exit::MayFail)
                    .exitCode
                != 0);
        // Editing the field clears the server's complaint.
        QVERIFY(doc.setFieldValue(*fieldSpec(QStringLiteral("spec.monitoring.exposeExecutorMetrics")), false));
        QVERIFY(doc.problems().value(QStringLiteral("spec.monitoring.exposeExecutorMetrics")).errors.isEmpty());
    }

    void missingNamespaceIsFoundAndCreated()
    {
        REQUIRE_CLUSTER();
        const QString ns = uniqueName(QStringLiteral("doc-no-ns"));
        auto cleanup = qScopeGuard([&] { kubectl({QStringLiteral("delete"), QStringLiteral("namespace"), ns, QStringLiteral("--wait=false")}, Exit::MayFail); });
        JobDocument doc;
        doc.setClient(m_client);
        QVERIFY(doc.loadPreset(QStringLiteral("spark-pi")));
        QVERIFY(doc.setFieldValue(*fieldSpec(QStringLiteral("metadata.namespace")), ns));
        // Submitting without looking first: the API server's NotFound names the namespace.
        QSignalSpy finished(&doc, &JobDocument::submitFinished);
        QVERIFY(doc.submit());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        const auto result = finished.first().first().value<kube::SubmitResult>();
        QCOMPARE(JobDocument::namespaceNotFound(result.status.error()), ns);
        QCOMPARE(doc.missingNamespace(), ns);
        QVERIFY(doc.problems().value(QStringLiteral("metadata.namespace")).warnings.join(QString()).contains(
            QStringLiteral("kubectl create namespace %1").arg(ns)));
        QVERIFY(!doc.fatalProblems().isEmpty());
        QVERIFY(doc.isModified());

        // The cluster check says the same; creating the namespace leaves the chart's service account missing.
        bool checked = false;
        QVERIFY(doc.checkBeforeSubmit([&] { checked = true; }));
        QTRY_VERIFY_WITH_TIMEOUT(checked, 15000);
        QCOMPARE(doc.missingNamespace(), ns);
        std::optional<kube::KubeError> created;
        QVERIFY(doc.createMissingNamespace([&](const kube::KubeError& e) { created = e; }));
        QTRY_VERIFY_WITH_TIMEOUT(created.has_value(), 15000);
        QVERIFY2(!created->isError(), qPrintable(created->details()));
        QCOMPARE(kubectl({QStringLiteral("get"), QStringLiteral("namespace"), ns}).exitCode, 0);
        checked = false;
        QVERIFY(doc.checkBeforeSubmit([&] { checked = true; }));
        QTRY_VERIFY_WITH_TIMEOUT(checked, 15000);
        QVERIFY(doc.missingNamespace().isEmpty());
        QVERIFY2(doc.fatalProblems().join(QString()).contains(
                     QStringLiteral("Service account \"spark-operator-spark\" does not exist in namespace %1").arg(ns)),
                 qPrintable(doc.fatalProblems().join(QLatin1Char('\n'))));
    }

    void inlineCredentialsMoveIntoASecret()
    {
        REQUIRE_CLUSTER();
        JobDocument doc;
        doc.setClient(m_client);
        QVERIFY(doc.loadPreset(QStringLiteral("spark-pi")));
        const QString name = uniqueName(QStringLiteral("doc-creds"));
        doc.setText(doc.text().replace(QStringLiteral("name: spark-pi"), QStringLiteral("name: ") + name)
                    + QStringLiteral("  hadoopConf:\n    fs.s3a.access.key: AKIAEXAMPLE\n    fs.s3a.secret.key: wJalrXUtnFEMI\n"));
        QCOMPARE(doc.inlineSecrets().size(), 2);
        QSignalSpy moved(&doc, &JobDocument::secretsMoved);
        QVERIFY(doc.moveSecrets());
        QTRY_COMPARE_WITH_TIMEOUT(moved.count(), 1, 15000);
        const auto error = moved.first().at(0).value<kube::KubeError>();
        QVERIFY2(!error.isError(), qPrintable(error.details()));
        QCOMPARE(moved.first().at(1).toString(), QStringLiteral("default"));
        QCOMPARE(moved.first().at(2).toString(), name + QStringLiteral("-credentials"));
        QCOMPARE(moved.first().at(3).toInt(), 2);
        QVERIFY(!doc.text().contains(QStringLiteral("wJalrXUtnFEMI")));
        QVERIFY(doc.text().contains(QStringLiteral("secretKeyRef")));
        QVERIFY(doc.inlineSecrets().isEmpty());
        QVERIFY(doc.isModified());
        const ProcessResult secret = kubectl({QStringLiteral("get"), QStringLiteral("secret"), name + QStringLiteral("-credentials"),
                                              QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-o"),
                                              QStringLiteral("jsonpath={.data.aws-secret-access-key}")});
        QVERIFY2(secret.exitCode == 0, qPrintable(secret.err));
        QCOMPARE(QByteArray::fromBase64(secret.out.toUtf8()), QByteArray("wJalrXUtnFEMI"));
        kubectl({QStringLiteral("delete"), QStringLiteral("secret"), name + QStringLiteral("-credentials"), QStringLiteral("-n"),
                 QStringLiteral("default")});
    }

private:
    /// Connects to the fixture's cluster once; false (test failed) when it is not there.
    bool connectToCluster()
    {
        if (m_client)
            return true;
        m_fixture = readClusterFixture();
        if (m_fixture.kubeconfig.isEmpty()) {
            QTest::qFail(qPrintable(m_fixture.error + QStringLiteral(" (label integration)")), __FILE__, __LINE__);
            return false;
        }
        kube::KubeconfigError error;
        const auto config = kube::Kubeconfig::load({m_fixture.kubeconfig}, true, &error);
        const auto connection = config ? config->connection({}, &error) : std::nullopt;
        if (!connection) {
            QTest::qFail(qPrintable(error.toString()), __FILE__, __LINE__);
            return false;
        }
        m_client = new kube::KubeClient(*connection, this);
        return true;
    }

    ProcessResult kubectl(const QStringList& args, Exit exit = Exit::MustSucceed) { return runKubectl(m_fixture, args, exit); }

    ClusterFixture m_fixture;
    kube::KubeClient* m_client = nullptr;
};

QTEST_GUILESS_MAIN(TestJobDocument)
#include "tst_jobdocument.moc"
