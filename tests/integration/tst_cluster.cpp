// End to end against the local control plane started by tests/integration/fixture: a real
// kube-apiserver + etcd with the Spark Operator's real CRD; the operator and kubelet are stand-ins
// that move states and serve logs like the real ones (see tests/cluster/README.md).
//
// Submit from the form → the object exists (kubectl) → the stand-in operator's state changes appear
// in the live table → the driver log shows in the log pane. Every preset passes the CRD's validation
// (dryRun=All), and the CRD's own errors come back typed.

#include "models/applicationsmodel.h"
#include "ui/applicationsview.h"
#include "app/kube/informer.h"
#include "ui/jobeditor.h"
#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"
#include "ui/logviewer.h"
#include "ui/detailspane.h"
#include "ui/mainwindow.h"
#include "ui/stateicons.h"
#include "app/kube/sparkapi.h"
#include "models/sparkapplication.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QScopeGuard>
#include <QTest>

#include "tests/support/clusterfixture.h"
#include "tests/support/messagebox.h"
#include "tests/support/process.h"

namespace {
using Run = ProcessResult;

QString uniqueName(const QString& prefix)
{
    return prefix + QLatin1Char('-') + QString::number(QRandomGenerator::global()->generate() % 0xFFFFFF, 16);
}

} // namespace

class TestCluster : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        ui::installLooks(); // the State column's colour is checked
        const ClusterFixture fixture = readClusterFixture();
        QVERIFY2(!fixture.kubeconfig.isEmpty(), qPrintable(fixture.error + QStringLiteral(" (label integration)")));
        m_kubeconfig = fixture.kubeconfig;
        m_kubectl = fixture.kubectl;
        kube::KubeconfigError error;
        const auto config = kube::Kubeconfig::load({m_kubeconfig}, true, &error);
        QVERIFY2(config, qPrintable(error.toString()));
        QVERIFY(config->currentContext().startsWith(QLatin1String("kind-"))); // shaped like Kind's
        const auto connection = config->connection({}, &error);
        QVERIFY2(connection, qPrintable(error.toString()));
        m_client = new kube::KubeClient(*connection, this);
    }

    void presetsPassTheRealCrdValidation()
    {
        const QList<model::Preset> presets = model::presets();
        QVERIFY(!presets.isEmpty());
        for (const model::Preset& preset : presets) {
            model::YamlError yamlError;
            auto doc = model::YamlDocument::parse(preset.yaml, &yamlError);
            QVERIFY(doc);
            const QString name = uniqueName(preset.id);
            doc->setValue(QStringLiteral("metadata.name"), model::ValueType::String, name);
            doc->setValue(QStringLiteral("metadata.namespace"), model::ValueType::String, QStringLiteral("default"));
            std::optional<kube::SubmitResult> result;
            kube::submitSparkApplication(m_client, doc->toJson(), true, this,
                                         [&](const kube::SubmitResult& r) { result = r; });
            QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
            QVERIFY2(!result->status.error().isError(), qPrintable(preset.id + QStringLiteral(": ") + result->status.error().details()));
            QCOMPARE(result->object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString(), name);
            // A dry run creates nothing.
            const Run get = kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"),
                                     QStringLiteral("default")},
                                    Exit::MayFail);
            QVERIFY(get.exitCode != 0);
            QVERIFY2(get.err.contains(QStringLiteral("NotFound")) || get.err.contains(QStringLiteral("not found")), qPrintable(get.err));
        }
    }

    void crdErrorsComeBackTyped()
    {
        model::YamlError yamlError;
        auto doc = model::YamlDocument::parse(model::presets().first().yaml, &yamlError);
        QVERIFY(doc);
        doc->setValue(QStringLiteral("metadata.namespace"), model::ValueType::String, QStringLiteral("default"));
        QJsonObject json = doc->toJson();
        QJsonObject spec = json.value(QLatin1String("spec")).toObject();
        spec.insert(QStringLiteral("arguments"), QJsonArray{5000}); // a number where the CRD wants strings
        json.insert(QStringLiteral("spec"), spec);
        std::optional<kube::SubmitResult> result;
        kube::submitSparkApplication(m_client, json, true, this, [&](const kube::SubmitResult& r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        QCOMPARE(result->status.error().httpStatus, 422);
        QCOMPARE(result->status.error().reason, QStringLiteral("Invalid"));
        QVERIFY(!result->status.error().causes.isEmpty());
        QCOMPARE(result->status.error().causes.first().field, QStringLiteral("spec.arguments[0]"));

        // fieldValidation=Strict turns an unknown field into an error instead of dropping it.
        spec.insert(QStringLiteral("arguments"), QJsonArray{QStringLiteral("5000")});
        spec.insert(QStringLiteral("executorr"), QJsonObject{{QStringLiteral("instances"), 1}});
        json.insert(QStringLiteral("spec"), spec);
        result.reset();
        kube::submitSparkApplication(m_client, json, true, this, [&](const kube::SubmitResult& r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        QVERIFY(result->status.error().isError());
        QVERIFY2(result->status.error().details().contains(QStringLiteral("executorr")), qPrintable(result->status.error().details()));
    }

    void corpusPassesDryRunThroughSparkDeck_data()
    {
        QTest::addColumn<QString>("file");
        const QDir corpus(qEnvironmentVariable("SPARKDECK_SOURCE_DIR") + QStringLiteral("/tests/golden/corpus"));
        const QStringList files = corpus.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 15, qPrintable(corpus.path()));
        for (const QString& f : files)
            QTest::newRow(qPrintable(f)) << corpus.filePath(f);
    }

    void corpusPassesDryRunThroughSparkDeck()
    {
        // What Save writes (the normalized document) is what the CRD accepts: submitted through
        // SparkDeck's own client with dryRun=All and fieldValidation=Strict.
        QFETCH(QString, file);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        model::YamlError error;
        const auto doc = model::YamlDocument::parse(QString::fromUtf8(f.readAll()), &error);
        QVERIFY2(doc, qPrintable(error.toString()));
        const auto normalized = model::YamlDocument::parse(doc->toYaml(), &error);
        QVERIFY(normalized);
        QJsonObject json = normalized->toJson();
        QJsonObject meta = json.value(QLatin1String("metadata")).toObject();
        meta.insert(QStringLiteral("namespace"), QStringLiteral("default"));
        json.insert(QStringLiteral("metadata"), meta);
        std::optional<kube::SubmitResult> result;
        kube::submitSparkApplication(m_client, json, true, this, [&](const kube::SubmitResult& r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        QVERIFY2(!result->status.error().isError(), qPrintable(result->status.error().details()));
        QVERIFY2(result->warnings.isEmpty(), qPrintable(result->warnings.join(QLatin1Char('\n'))));
    }

    void serverCausesShowUnderTheirFields()
    {
        ui::JobEditor editor;
        editor.setClient(m_client);
        editor.setDefaultNamespace(QStringLiteral("default"));
        QVERIFY(editor.loadPreset(QStringLiteral("spark-pi")));
        // Valid for the form, invalid for the CRD: monitoring needs both expose flags.
        editor.setYaml(editor.yamlText().replace(QStringLiteral("  restartPolicy:"),
                                                 QStringLiteral("  monitoring:\n    exposeDriverMetrics: true\n  restartPolicy:")));
        QTRY_VERIFY(editor.submitButton()->isEnabled());
        editor.submit();
        QTRY_VERIFY_WITH_TIMEOUT(!editor.messageText().isEmpty(), 15000);
        QVERIFY2(editor.messageText().contains(QStringLiteral("nothing was created")), qPrintable(editor.messageText()));
        QVERIFY2(editor.fieldProblem(QStringLiteral("spec.monitoring.exposeExecutorMetrics")).contains(QStringLiteral("API server")),
                 qPrintable(editor.messageText()));
        // Editing the field clears the server's complaint.
        editor.setYaml(editor.yamlText().replace(QStringLiteral("exposeDriverMetrics: true\n"),
                                                 QStringLiteral("exposeDriverMetrics: true\n    exposeExecutorMetrics: false\n")));
        QVERIFY(editor.fieldProblem(QStringLiteral("spec.monitoring.exposeExecutorMetrics")).isEmpty());
    }

    void inlineCredentialsMoveIntoASecret()
    {
        ui::JobEditor editor;
        editor.setClient(m_client);
        editor.setDefaultNamespace(QStringLiteral("default"));
        QVERIFY(editor.loadPreset(QStringLiteral("spark-pi")));
        const QString name = uniqueName(QStringLiteral("creds"));
        QString yaml = editor.yamlText().replace(QStringLiteral("name: spark-pi"), QStringLiteral("name: ") + name);
        yaml += QStringLiteral("  hadoopConf:\n    fs.s3a.endpoint: http://minio.minio.svc:9000\n"
                               "    fs.s3a.access.key: AKIAEXAMPLE\n    fs.s3a.secret.key: wJalrXUtnFEMI\n");
        editor.setYaml(yaml);
        QVERIFY(editor.moveSecretsButton()->isEnabled());
        answerNextMessageBox(this, QStringLiteral("Create the Secret"));
        QTest::mouseClick(editor.moveSecretsButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(editor.messageText().contains(QStringLiteral("Moved 2 credential")), 15000);
        QVERIFY(!editor.yamlText().contains(QStringLiteral("wJalrXUtnFEMI")));
        QVERIFY(editor.yamlText().contains(QStringLiteral("secretKeyRef")));
        const Run secret = kubectl({QStringLiteral("get"), QStringLiteral("secret"), name + QStringLiteral("-credentials"),
                                    QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-o"),
                                    QStringLiteral("jsonpath={.data.aws-secret-access-key}")});
        QVERIFY2(secret.exitCode == 0, qPrintable(secret.err));
        QCOMPARE(QByteArray::fromBase64(secret.out.toUtf8()), QByteArray("wJalrXUtnFEMI"));
        // Moving again updates the same Secret instead of failing.
        editor.setYaml(editor.yamlText() + QStringLiteral("  sparkConf:\n    spark.my.api.token: t0k3n\n"));
        answerNextMessageBox(this, QStringLiteral("Create the Secret"));
        QTest::mouseClick(editor.moveSecretsButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(editor.messageText().contains(QStringLiteral("Moved 1 credential")), 15000);
        const Run keys = kubectl({QStringLiteral("get"), QStringLiteral("secret"), name + QStringLiteral("-credentials"),
                                  QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-o"),
                                  QStringLiteral("jsonpath={.data}")});
        QVERIFY2(keys.out.contains(QStringLiteral("aws-access-key-id")) && keys.out.contains(QStringLiteral("sparkdeck-spark-my-api-token")),
                 qPrintable(keys.out));
        // The rewritten application is still valid.
        std::optional<kube::SubmitResult> result;
        QJsonObject json = editor.document().toJson();
        QJsonObject meta = json.value(QLatin1String("metadata")).toObject();
        meta.insert(QStringLiteral("namespace"), QStringLiteral("default"));
        json.insert(QStringLiteral("metadata"), meta);
        kube::submitSparkApplication(m_client, json, true, this, [&](const kube::SubmitResult& r) { result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 15000);
        QVERIFY2(!result->status.error().isError(), qPrintable(result->status.error().details()));
    }

    void operatorTrapsAreCalledOut()
    {
        // A Deployment shaped like the Helm chart's controller (nothing runs it: only its spec is read).
        QTemporaryFile file(QDir::tempPath() + QStringLiteral("/sparkdeck-XXXXXX.yaml"));
        QVERIFY(file.open());
        file.write("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: spark-operator\n---\n"
                   "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: spark-operator-controller\n"
                   "  namespace: spark-operator\n  labels:\n    app.kubernetes.io/name: spark-operator\n"
                   "    app.kubernetes.io/component: controller\n"
                   "spec:\n  replicas: 0\n  selector:\n    matchLabels: {app.kubernetes.io/component: controller}\n"
                   "  template:\n    metadata:\n      labels: {app.kubernetes.io/component: controller}\n"
                   "    spec:\n      containers:\n      - name: spark-operator-controller\n"
                   "        image: ghcr.io/kubeflow/spark-operator/controller:2.5.2\n"
                   "        args: [controller, start, --namespaces=default, --controller-threads=10]\n");
        file.close();
        QVERIFY2(kubectl({QStringLiteral("apply"), QStringLiteral("-f"), file.fileName()}).exitCode == 0, "could not create the Deployment");
        auto cleanup = qScopeGuard([&] {
            kubectl({QStringLiteral("delete"), QStringLiteral("deployment"), QStringLiteral("spark-operator-controller"),
                     QStringLiteral("-n"), QStringLiteral("spark-operator")},
                    Exit::MayFail); // also after a failure
        });

        ui::JobEditor editor;
        editor.setClient(m_client);
        editor.setDefaultNamespace(QStringLiteral("default"));
        QVERIFY(editor.loadPreset(QStringLiteral("spot-executors")));
        // The webhook is off (no MutatingWebhookConfiguration): tolerations and affinity do nothing.
        QTRY_VERIFY_WITH_TIMEOUT(editor.fieldProblem(QStringLiteral("spec.executor.tolerations")).contains(QStringLiteral("webhook")), 10000);
        QVERIFY(editor.fieldProblem(QStringLiteral("spec.driver.serviceAccount")).isEmpty()); // spark-operator-spark exists

        // A namespace the operator does not watch, and a service account that does not exist there.
        editor.setYaml(editor.yamlText().replace(QStringLiteral("metadata:\n"), QStringLiteral("metadata:\n  namespace: kube-system\n")));
        QTRY_VERIFY_WITH_TIMEOUT(editor.fieldProblem(QStringLiteral("metadata.namespace")).contains(QStringLiteral("silently ignored")), 10000);
        QVERIFY(editor.fieldProblem(QStringLiteral("metadata.namespace")).contains(QStringLiteral("spark.jobNamespaces={default,kube-system}")));
        QTRY_VERIFY_WITH_TIMEOUT(editor.fieldProblem(QStringLiteral("spec.driver.serviceAccount")).contains(QStringLiteral("does not exist")), 10000);
        // The job would not run: the header says so; the user may still submit, after a question.
        auto* status = editor.findChild<QLabel*>(QStringLiteral("editorStatus"));
        QVERIFY2(status->text() == QStringLiteral("2 problems will stop the job from running"), qPrintable(status->text()));
        QVERIFY(status->toolTip().contains(QStringLiteral("does not exist")));
        QVERIFY(editor.submitButton()->isEnabled());
        QString question;
        answerNextMessageBox(this, QStringLiteral("Cancel"), &question);
        editor.submit(); // looks at the cluster again first
        QTRY_VERIFY_WITH_TIMEOUT(!question.isEmpty(), 10000);
        QVERIFY2(question.contains(QStringLiteral("silently ignored")), qPrintable(question));
        QVERIFY(editor.messageText().isEmpty()); // nothing was sent
    }

    void missingNamespaceIsCalledOutAndCreatedAfterAsking()
    {
        const QString ns = uniqueName(QStringLiteral("no-such-ns"));
        auto cleanup = qScopeGuard([&] { kubectl({QStringLiteral("delete"), QStringLiteral("namespace"), ns, QStringLiteral("--wait=false")}, Exit::MayFail); });
        ui::JobEditor editor;
        editor.setClient(m_client);
        QVERIFY(editor.loadPreset(QStringLiteral("spark-pi")));
        editor.setYaml(editor.yamlText().replace(QStringLiteral("metadata:\n"), QStringLiteral("metadata:\n  namespace: %1\n").arg(ns)));
        auto* status = editor.findChild<QLabel*>(QStringLiteral("editorStatus"));
        // (An operator Deployment left by another test may add "not watched": then the header counts both.)
        QTRY_VERIFY_WITH_TIMEOUT(status->toolTip().contains(QStringLiteral("Namespace %1 does not exist").arg(ns)), 10000);
        QVERIFY2(status->text() == QStringLiteral("Namespace %1 does not exist").arg(ns)
                     || status->text() == QStringLiteral("2 problems will stop the job from running"),
                 qPrintable(status->text()));
        QVERIFY(editor.fieldProblem(QStringLiteral("metadata.namespace")).contains(QStringLiteral("kubectl create namespace %1").arg(ns)));
        QVERIFY(editor.fieldProblem(QStringLiteral("spec.driver.serviceAccount")).isEmpty());

        // What the API server itself answers (Submit anyway) is explained the same way.
        QString question;
        answerNextMessageBox(this, QStringLiteral("Submit anyway"), &question);
        editor.submit();
        QTRY_VERIFY_WITH_TIMEOUT(!editor.messageText().isEmpty(), 10000);
        QVERIFY2(question.contains(QStringLiteral("Namespace %1 does not exist").arg(ns)), qPrintable(question));
        QVERIFY2(editor.messageText().contains(QStringLiteral("Namespace %1 does not exist").arg(ns)), qPrintable(editor.messageText()));
        QVERIFY2(!editor.messageText().contains(QStringLiteral("HTTP 404")), qPrintable(editor.messageText()));

        // "Create namespace" creates it, then checks again: the chart's service account is not there.
        question.clear();
        answerNextMessageBox(this, QStringLiteral("Create namespace %1").arg(ns), &question);
        editor.submit();
        QTRY_VERIFY_WITH_TIMEOUT(!question.isEmpty(), 10000);
        QString next;
        answerNextMessageBox(this, QStringLiteral("Cancel"), &next);
        QTRY_VERIFY_WITH_TIMEOUT(!next.isEmpty(), 10000);
        QVERIFY(kubectl({QStringLiteral("get"), QStringLiteral("namespace"), ns}).exitCode == 0);
        QVERIFY2(next.contains(QStringLiteral("Service account \"spark-operator-spark\" does not exist in namespace %1").arg(ns)), qPrintable(next));
        QVERIFY2(!next.contains(QStringLiteral("Namespace %1 does not exist").arg(ns)), qPrintable(next));
        QVERIFY2(status->toolTip().contains(QStringLiteral("Service account \"spark-operator-spark\" does not exist")), qPrintable(status->toolTip()));
        QVERIFY(!status->toolTip().contains(QStringLiteral("Namespace %1 does not exist").arg(ns)));
    }

    void resourceNotServedIsRecognised()
    {
        // What a cluster without the operator's CRD answers for SparkApplications.
        kube::Informer informer(m_client, {QStringLiteral("sparkoperator.k8s.io"), QStringLiteral("v1"),
                                           QStringLiteral("sparkapplications")},
                                QStringLiteral("default"));
        informer.start();
        QTRY_COMPARE_WITH_TIMEOUT(informer.state(), kube::Informer::State::Reconnecting, 10000);
        QVERIFY2(informer.lastError().isResourceNotServed(), qPrintable(informer.lastError().summary()));
        QVERIFY(kube::explainSparkError(informer.lastError()).message.contains(QStringLiteral("Spark Operator CRD not installed")));
    }

    void submitFromTheFormAndWatchItRun()
    {
        ui::MainWindow window(fixtureSessionOptions(m_kubeconfig));
        window.resize(1400, 860);
        window.show();
        QVERIFY(window.isConnected());
        QAbstractItemModelTester tester(window.applicationsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 15000);
        QTRY_VERIFY(window.connectionText().contains(QStringLiteral("Live")));

        // Record every state the table shows for our application.
        const QString name = uniqueName(QStringLiteral("form-pi"));
        const QString key = QStringLiteral("default/") + name;
        QStringList seen;
        recordStates(window.applicationsModel(), key, &seen, &window);

        // Fill the form like a user (preset, then the name) and submit.
        submitPresetFromEditor(window, QStringLiteral("spark-pi"), name);
        if (QTest::currentTestFailed())
            return;
        ui::JobEditor* editor = window.jobEditor();

        // The object exists on the server.
        QVERIFY(pollEvery(500, 15000, [&] {
            return kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"), QStringLiteral("default")},
                           Exit::MayFail)
                       .exitCode
                == 0;
        }));
        QTRY_VERIFY2(editor->messageText().contains(QStringLiteral("Created SparkApplication default/") + name), qPrintable(editor->messageText()));
        // The window switched to the table and selected the new application.
        QTRY_COMPARE(window.applicationsView()->currentKey(), key);

        // The stand-in operator moves it SUBMITTED → RUNNING → SUCCEEDING → COMPLETED; the table follows.
        QTRY_VERIFY_WITH_TIMEOUT(seen.contains(QStringLiteral("COMPLETED")), 90000);
        QVERIFY2(seen.contains(QStringLiteral("RUNNING")), qPrintable(seen.join(QStringLiteral(" → "))));
        QVERIFY2(seen.indexOf(QStringLiteral("RUNNING")) < seen.indexOf(QStringLiteral("COMPLETED")),
                 qPrintable(seen.join(QStringLiteral(" → "))));
        const QString serverState = kubectl({QStringLiteral("get"), QStringLiteral("sparkapplication"), name,
                                             QStringLiteral("-n"), QStringLiteral("default"), QStringLiteral("-o"),
                                             QStringLiteral("jsonpath={.status.applicationState.state}")})
                                        .out;
        QCOMPARE(serverState, QStringLiteral("COMPLETED"));
        const int row = window.applicationsModel()->rowOf(key);
        QCOMPARE(window.applicationsModel()->index(row, model::ApplicationsModel::Attempts).data().toString(),
                 QStringLiteral("1 / 1"));
        QVERIFY(!window.applicationsModel()->index(row, model::ApplicationsModel::Finish).data().toString().isEmpty());

        // The driver log streamed into the log pane.
        QCOMPARE(window.logViewer()->target(), QStringLiteral("default/%1-driver/spark-kubernetes-driver").arg(name));
        QTRY_VERIFY_WITH_TIMEOUT(window.logViewer()->text().contains(QStringLiteral("Pi is roughly 3.14")), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(window.logViewer()->streamState(), kube::LogStream::State::Ended, 30000);
        // No line twice: the stream was followed, not re-fetched.
        const QStringList lines = window.logViewer()->text().split(QLatin1Char('\n'));
        QCOMPARE(lines.filter(QStringLiteral("Pi is roughly")).size(), 1);
        const QString kubectlLog = kubectl({QStringLiteral("logs"), name + QStringLiteral("-driver"), QStringLiteral("-n"),
                                            QStringLiteral("default"), QStringLiteral("-c"),
                                            QStringLiteral("spark-kubernetes-driver")})
                                       .out;
        QCOMPARE(window.logViewer()->text().trimmed(), kubectlLog.trimmed());
    }

    void failureAndDeletionShowInTheTable()
    {
        ui::SessionOptions options;
        options.kubeconfigFiles = {m_kubeconfig};
        options.explicitKubeconfig = true;
        options.ns = QString(); // all namespaces
        ui::MainWindow window(options);
        QAbstractItemModelTester tester(window.applicationsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY_WITH_TIMEOUT(window.informer() && window.informer()->hasSynced(), 15000);
        QCOMPARE(window.currentNamespace(), QString());

        const QString name = uniqueName(QStringLiteral("doomed"));
        QTemporaryFile file(QDir::tempPath() + QStringLiteral("/sparkdeck-XXXXXX.yaml"));
        QVERIFY(file.open());
        file.write(QStringLiteral("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\n"
                                  "metadata:\n  name: %1\n  namespace: default\n"
                                  "  annotations:\n    sparkdeck.dev/standin-outcome: failed\n"
                                  "spec:\n  type: Scala\n  mode: cluster\n  image: spark:3.5.3\n"
                                  "  mainClass: org.apache.spark.examples.SparkPi\n"
                                  "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples_2.12-3.5.3.jar\n"
                                  "  sparkVersion: 3.5.3\n  driver:\n    serviceAccount: spark-operator-spark\n"
                                  "  executor:\n    instances: 1\n")
                       .arg(name)
                       .toUtf8());
        file.close();
        const Run create = kubectl({QStringLiteral("create"), QStringLiteral("-f"), file.fileName()});
        QVERIFY2(create.exitCode == 0, qPrintable(create.err));

        const QString key = QStringLiteral("default/") + name;
        auto cell = [&](int column, int role = Qt::DisplayRole) {
            const int row = window.applicationsModel()->rowOf(key);
            return row < 0 ? QVariant() : window.applicationsModel()->index(row, column).data(role);
        };
        QTRY_COMPARE_WITH_TIMEOUT(cell(model::ApplicationsModel::State).toString(), QStringLiteral("FAILED"), 90000);
        QVERIFY2(cell(model::ApplicationsModel::State, Qt::ToolTipRole).toString().contains(QStringLiteral("ExitCode: 1")),
                 qPrintable(cell(model::ApplicationsModel::State, Qt::ToolTipRole).toString()));
        QCOMPARE(cell(model::ApplicationsModel::State, Qt::ForegroundRole).value<QColor>(),
                 ui::stateColor(QStringLiteral("FAILED")));

        const Run del = kubectl({QStringLiteral("delete"), QStringLiteral("sparkapplication"), name, QStringLiteral("-n"),
                                 QStringLiteral("default"), QStringLiteral("--wait=true")});
        QVERIFY2(del.exitCode == 0, qPrintable(del.err));
        QTRY_COMPARE_WITH_TIMEOUT(window.applicationsModel()->rowOf(key), -1, 15000);

        // The table equals the server's truth.
        const Run names = kubectl({QStringLiteral("get"), QStringLiteral("sparkapplications"), QStringLiteral("-A"),
                                   QStringLiteral("-o"),
                                   QStringLiteral("jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}")});
        QStringList expected = names.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QStringList shown;
        for (int row = 0; row < window.applicationsModel()->rowCount(); ++row)
            shown << window.applicationsModel()->keyAt(row);
        expected.sort();
        shown.sort();
        QCOMPARE(shown, expected);
    }

private:
    // kubectl with the cluster's kubeconfig; a nonzero exit fails the test unless `exit` is MayFail.
    Run kubectl(const QStringList& args, Exit exit = Exit::MustSucceed)
    {
        return runChecked(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), m_kubeconfig} + args, exit);
    }

    QString m_kubeconfig;
    QString m_kubectl;
    kube::KubeClient* m_client = nullptr;
};

QTEST_MAIN(TestCluster)
#include "tst_cluster.moc"
