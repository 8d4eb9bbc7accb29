#include "app/session/jobdocument.h"

#include "app/kube/kubeclient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace session {

using model::FieldSpec;
using model::ValueType;

namespace {

// Fields the operator applies to the pods through its mutating webhook only (operator 2.x); with
// the webhook off they are silently ignored.
bool needsWebhook(const QString& path)
{
    static const QStringList podFields{
        QStringLiteral("env"), QStringLiteral("envFrom"), QStringLiteral("configMaps"), QStringLiteral("ports"),
        QStringLiteral("hostNetwork"), QStringLiteral("hostAliases"), QStringLiteral("initContainers"), QStringLiteral("sidecars"),
        QStringLiteral("dnsConfig"), QStringLiteral("priorityClassName"), QStringLiteral("schedulerName"),
        QStringLiteral("nodeSelector"), QStringLiteral("affinity"), QStringLiteral("tolerations"), QStringLiteral("memoryLimit"),
        QStringLiteral("gpu.name"), QStringLiteral("podSecurityContext"), QStringLiteral("securityContext"),
        QStringLiteral("terminationGracePeriodSeconds"), QStringLiteral("lifecycle"), QStringLiteral("shareProcessNamespace"),
        QStringLiteral("volumeMounts")};
    if (path == QLatin1String("spec.volumes") || path == QLatin1String("spec.sparkConfigMap")
        || path == QLatin1String("spec.hadoopConfigMap") || path.startsWith(QLatin1String("spec.monitoring.prometheus.")))
        return true;
    for (const QString& pod : {QStringLiteral("spec.driver."), QStringLiteral("spec.executor.")})
        if (path.startsWith(pod) && podFields.contains(path.mid(pod.size())))
            return true;
    return false;
}

// The autosaved draft: text this class wrote from what was typed (UTF-8), read back whole. Typed
// text can exceed model::kMaxYamlBytes (parsing then says so), so its limit is larger.
std::optional<QString> readDraft(const QString& path)
{
    return model::readYamlFile(path, nullptr, 4 * model::kMaxYamlBytes);
}

} // namespace

JobDocument::JobDocument(QObject* parent)
    : QObject(parent)
{
    m_parseTimer.setSingleShot(true);
    m_parseTimer.setInterval(250);
    connect(&m_parseTimer, &QTimer::timeout, this, &JobDocument::parseNow);
    m_draftTimer.setSingleShot(true);
    m_draftTimer.setInterval(1000);
    connect(&m_draftTimer, &QTimer::timeout, this, &JobDocument::writeDraft);
    m_probeTimer.setSingleShot(true);
    m_probeTimer.setInterval(600);
    connect(&m_probeTimer, &QTimer::timeout, this, [this] {
        if (!m_busy) // Submit looks up the checks itself
            checkCluster();
    });
    recomputeProblems();
}

void JobDocument::setClient(kube::KubeClient* client)
{
    m_client = client;
    m_busy = false;  // an operation in flight on the old client will not answer
    ++m_probeSerial; // nor will its lookups
    m_facts.reset();
    m_probedFor.clear();
    recomputeProblems();
    scheduleClusterCheck();
}

void JobDocument::setDefaultNamespace(const QString& ns)
{
    m_defaultNamespace = ns.isEmpty() ? QStringLiteral("default") : ns;
    recomputeProblems();
    scheduleClusterCheck();
}

QString JobDocument::targetNamespace() const
{
    const QString ns = m_doc.text(QStringLiteral("metadata.namespace"));
    return ns.isEmpty() ? m_defaultNamespace : ns;
}

void JobDocument::setText(const QString& text)
{
    m_text = text;
    m_templateId.clear();
    m_serverProblems.clear();
    setDirty(false);
    emit textChanged(TextChange::Replaced);
    parseNow();
}

void JobDocument::editText(const QString& text)
{
    m_text = text;
    markDirty();
    m_parseTimer.start();
}

bool JobDocument::parseNow()
{
    m_parseTimer.stop();
    model::YamlError error;
    auto doc = model::YamlDocument::parse(m_text, &error);
    if (!doc) {
        m_hasSyntaxError = true;
        m_syntaxError = error;
        emit syntaxChecked();
        return false;
    }
    m_hasSyntaxError = false;
    m_syntaxError = {};
    m_doc = std::move(*doc);
    emit syntaxChecked();
    afterReplace();
    return true;
}

bool JobDocument::takePendingText()
{
    if (!m_parseTimer.isActive())
        return !m_hasSyntaxError;
    return parseNow();
}

bool JobDocument::loadPreset(const QString& id)
{
    for (const model::Preset& p : model::presets()) {
        if (p.id == id) {
            setText(p.yaml);
            m_templateId = id;
            m_filePath.clear();
            m_fileDocuments.clear();
            m_fileIndex = -1;
            emit fileChanged(m_filePath);
            return true;
        }
    }
    return false;
}

void JobDocument::afterReplace()
{
    m_blockErrors.clear();
    m_scheduled = model::isScheduled(m_doc);
    emit documentReplaced();
    recomputeProblems();
    scheduleClusterCheck();
}

void JobDocument::afterEdit(bool wholeDocument)
{
    m_text = m_doc.toYaml();
    m_parseTimer.stop(); // the text is now exactly m_doc
    emit textChanged(TextChange::Edited);
    if (wholeDocument) {
        afterReplace();
    } else {
        recomputeProblems();
    }
    markDirty();
}

bool JobDocument::setFieldValue(const FieldSpec& field, const QVariant& value, model::YamlError* blockError)
{
    const QString path = model::documentPath(field, m_scheduled);
    if (field.type == ValueType::Yaml) {
        model::YamlError error;
        if (!m_doc.setYaml(path, value.toString(), &error)) {
            // The block's text stays as typed where it was typed; the document keeps its last valid value.
            m_blockErrors.insert(field.path,
                                 tr("YAML error at line %1, column %2: %3").arg(error.line).arg(error.column).arg(error.message));
            if (blockError)
                *blockError = error;
            recomputeProblems();
            markDirty();
            return false;
        }
        m_blockErrors.remove(field.path);
    } else {
        m_doc.setValue(path, field.type, value);
    }
    m_serverProblems.remove(field.path);
    const bool scheduleChanged = m_scheduled != model::isScheduled(m_doc);
    afterEdit(scheduleChanged);
    if (field.path == QLatin1String("metadata.namespace") || field.path == QLatin1String("spec.driver.serviceAccount"))
        scheduleClusterCheck();
    return true;
}

void JobDocument::setScheduled(bool scheduled)
{
    if (!takePendingText() || scheduled == m_scheduled)
        return;
    model::YamlDocument doc = m_doc;
    if (scheduled) {
        const QString spec = doc.yaml(QStringLiteral("spec"));
        doc.remove(QStringLiteral("spec"));
        doc.setValue(QStringLiteral("spec.schedule"), ValueType::String, QStringLiteral("@daily"));
        doc.setYaml(QStringLiteral("spec.template"), spec, nullptr);
        doc.setValue(QStringLiteral("kind"), ValueType::String, QStringLiteral("ScheduledSparkApplication"));
    } else {
        const QString spec = doc.yaml(QStringLiteral("spec.template"));
        doc.remove(QStringLiteral("spec"));
        doc.setYaml(QStringLiteral("spec"), spec, nullptr);
        doc.setValue(QStringLiteral("kind"), ValueType::String, QStringLiteral("SparkApplication"));
    }
    m_doc = doc;
    afterEdit(true);
}

void JobDocument::applySizing(const QString& id)
{
    if (!takePendingText())
        return;
    for (const model::SizingPreset& p : model::sizingPresets()) {
        if (p.id != id)
            continue;
        model::applySizing(m_doc, p);
        m_text = m_doc.toYaml();
        m_parseTimer.stop();
        emit textChanged(TextChange::Edited);
        emit documentReplaced();
        recomputeProblems();
        markDirty();
        return;
    }
}

bool JobDocument::openFile(const QString& path, QString* error, const std::function<int(const QStringList&)>& choose)
{
    model::YamlError readError;
    const auto read = model::readYamlFile(path, &readError);
    if (!read) {
        *error = readError.kind == model::YamlErrorKind::Unreadable
                     ? tr("Cannot open %1: %2").arg(path, readError.message)
                     : tr("Cannot open %1\nThe editor keeps the text it had.").arg(readError.located(path));
        return false;
    }
    const QString& text = *read;
    const QList<model::YamlChunk> chunks = model::splitYamlDocuments(text);
    QStringList documents;
    QStringList labels;
    for (const model::YamlChunk& c : chunks) {
        documents << c.text;
        model::YamlError e;
        const auto doc = model::YamlDocument::parse(c.text, &e);
        labels << (doc ? QStringLiteral("%1 %2").arg(doc->text(QStringLiteral("kind")), doc->text(QStringLiteral("metadata.name")))
                       : tr("document at line %1 (YAML error at %2:%3)").arg(c.firstLine).arg(c.firstLine + e.line - 1).arg(e.column));
    }
    int index = 0;
    if (documents.isEmpty()) {
        documents << text;
    } else if (documents.size() > 1) {
        index = choose ? choose(labels) : 0;
        if (index < 0 || index >= documents.size()) {
            *error = tr("No document picked from %1").arg(path);
            return false;
        }
    }
    setText(documents.at(index));
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_fileDocuments = documents;
    m_fileIndex = index;
    emit fileChanged(m_filePath);
    return true;
}

bool JobDocument::saveFile(const QString& path, QString* error)
{
    if (m_parseTimer.isActive())
        parseNow(); // text typed in the last 250 ms
    QStringList documents = m_fileDocuments;
    const bool sameFile = QFileInfo(path).absoluteFilePath() == m_filePath;
    const QString text = m_hasSyntaxError ? m_text : m_doc.toYaml();
    if (sameFile && m_fileIndex >= 0 && m_fileIndex < documents.size())
        documents[m_fileIndex] = text;
    else
        documents = {text};
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.write((documents.size() == 1 ? documents.first() : model::joinYamlDocuments(documents)).toUtf8());
    if (!f.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_fileDocuments = documents;
    m_fileIndex = sameFile ? m_fileIndex : 0;
    if (m_fileIndex < 0)
        m_fileIndex = 0;
    // The file has the work now; the autosaved draft is no longer needed.
    setDirty(false);
    removeDraft();
    emit fileChanged(m_filePath);
    return true;
}

std::optional<QString> JobDocument::normalizedFileText(const QString& text, model::YamlError* error)
{
    QStringList out;
    for (const model::YamlChunk& chunk : model::splitYamlDocuments(text)) {
        model::YamlError e;
        const auto doc = model::YamlDocument::parse(chunk.text, &e);
        if (!doc) {
            if (e.line > 0)
                e.line += chunk.firstLine - 1;
            if (error)
                *error = e;
            return std::nullopt;
        }
        out << doc->toYaml();
    }
    if (out.isEmpty()) {
        if (error)
            *error = {1, 1, tr("the file holds no YAML document")};
        return std::nullopt;
    }
    return model::joinYamlDocuments(out);
}

void JobDocument::markDirty()
{
    setDirty(true);
    if (!m_draftPath.isEmpty())
        m_draftTimer.start();
}

void JobDocument::setDirty(bool dirty)
{
    if (dirty == m_dirty)
        return;
    m_dirty = dirty;
    emit modificationChanged(dirty);
}

bool JobDocument::setDraftFile(const QString& path)
{
    m_draftPath = path;
    m_draftOffered = false;
    m_draftTime = {};
    const auto read = path.isEmpty() ? std::nullopt : readDraft(path);
    if (!read)
        return false;
    const QString& draft = *read;
    if (draft.trimmed().isEmpty() || draft == m_text)
        return false;
    m_draftOffered = true;
    m_draftTime = QFileInfo(path).lastModified();
    return true;
}

void JobDocument::restoreDraft()
{
    if (const auto draft = readDraft(m_draftPath))
        setText(*draft);
    setDirty(true);
    m_draftOffered = false;
}

void JobDocument::discardDraft()
{
    m_draftTimer.stop();
    if (!m_draftPath.isEmpty())
        QFile::remove(m_draftPath);
    m_draftOffered = false;
}

void JobDocument::removeDraft()
{
    if (!m_draftPath.isEmpty())
        QFile::remove(m_draftPath);
}

void JobDocument::writeDraft()
{
    if (m_draftPath.isEmpty() || !m_dirty)
        return;
    QDir().mkpath(QFileInfo(m_draftPath).absolutePath());
    QSaveFile f(m_draftPath);
    if (f.open(QIODevice::WriteOnly)) {
        f.write(m_text.toUtf8());
        f.commit();
    }
}

QList<model::InlineSecret> JobDocument::inlineSecrets() const
{
    return model::findInlineSecrets(m_doc);
}

QString JobDocument::secretName() const
{
    QString appName = m_doc.text(QStringLiteral("metadata.name"));
    if (appName.isEmpty())
        appName = QStringLiteral("spark-app");
    return appName + QStringLiteral("-credentials");
}

void JobDocument::recomputeProblems()
{
    QHash<QString, FieldProblems> problems;
    QStringList errors;
    for (const model::FieldProblem& p : model::validate(m_doc)) {
        (p.warning ? problems[p.path].warnings : problems[p.path].errors) << p.message;
        if (!p.warning)
            errors << p.message;
    }
    for (auto it = m_blockErrors.cbegin(); it != m_blockErrors.cend(); ++it) {
        problems[it.key()].errors << it.value();
        errors << it.value();
    }
    for (auto it = m_serverProblems.cbegin(); it != m_serverProblems.cend(); ++it) {
        const QString message = tr("API server: %1").arg(it.value());
        problems[it.key()].errors << message;
        errors << message;
    }

    // Cluster checks (known only when connected and the probe has answered for this target). A
    // missing namespace or service account or an ignored namespace means the job will not run.
    m_fatal.clear();
    m_fatalSummary.clear();
    m_missingNamespace.clear();
    const QString sa = m_doc.text(model::appFieldPath(QStringLiteral("spec.driver.serviceAccount"), m_scheduled));
    const QString ns = targetNamespace();
    if (m_facts && m_probedFor == ns + QLatin1Char('/') + sa) {
        const bool namespaceMissing = m_facts->namespaceChecked && !m_facts->namespaceExists;
        if (namespaceMissing) {
            const QString message = tr("Namespace %1 does not exist: the application cannot be created there. Create it "
                                       "(kubectl create namespace %1; Submit offers to do it) or pick another namespace.")
                                        .arg(ns);
            problems[QStringLiteral("metadata.namespace")].warnings << message;
            m_fatal << message;
            m_missingNamespace = ns;
            m_fatalSummary = tr("Namespace %1 does not exist").arg(ns);
        }
        // In a missing namespace the service account is missing too; the namespace is the cause.
        if (!namespaceMissing && !sa.isEmpty() && m_facts->serviceAccountChecked && !m_facts->serviceAccountExists) {
            const QString message =
                tr("Service account \"%1\" does not exist in namespace %2: the driver pod cannot be created and the "
                   "application ends SUBMISSION_FAILED. Create it, or use the one the Helm chart creates in each job "
                   "namespace (spark-operator-spark).")
                    .arg(sa, ns);
            problems[QStringLiteral("spec.driver.serviceAccount")].warnings << message;
            m_fatal << message;
            m_fatalSummary = tr("Will fail: service account %1 is missing").arg(sa);
        }
        if (m_facts->ignoresNamespace(ns)) {
            const QString message =
                tr("The Spark Operator (%1) watches only %2: an application in %3 is silently ignored. Add %3 to the "
                   "chart's spark.jobNamespaces (helm upgrade … --reuse-values --set 'spark.jobNamespaces={%4}').")
                    .arg(m_facts->operatorDeployment, m_facts->watchedNamespaces.join(QStringLiteral(", ")), ns,
                         (m_facts->watchedNamespaces + QStringList{ns}).join(QLatin1Char(',')));
            problems[QStringLiteral("metadata.namespace")].warnings << message;
            m_fatal << message;
            m_fatalSummary = tr("Will not run: the operator does not watch %1").arg(ns);
        }
        // Only when both lookups answered: a forbidden one says nothing about the webhook.
        if (m_facts->operatorPresence == kube::OperatorPresence::Found && m_facts->webhookChecked && !m_facts->webhookFound) {
            for (const FieldSpec& f : model::sparkApplicationFields())
                if (needsWebhook(f.path) && m_doc.contains(model::documentPath(f, m_scheduled)))
                    problems[f.path].warnings << tr("The operator's webhook is off, so this is not applied to the pods. Enable "
                                                    "it (Helm value webhook.enable=true) or use a pod template.");
        }
    }
    m_problems = std::move(problems);
    m_errors = errors;
    emit problemsChanged();
}

void JobDocument::scheduleClusterCheck()
{
    if (m_client)
        m_probeTimer.start();
}

void JobDocument::checkCluster(std::function<void()> then)
{
    if (!m_client)
        return;
    m_probeTimer.stop();
    const QString ns = targetNamespace();
    const QString sa = m_doc.text(model::appFieldPath(QStringLiteral("spec.driver.serviceAccount"), m_scheduled));
    const QString key = ns + QLatin1Char('/') + sa;
    const int serial = ++m_probeSerial;
    kube::probeOperator(m_client, ns, sa, this, [this, key, serial, then = std::move(then)](const kube::Result<kube::OperatorFacts>& facts) {
        if (serial != m_probeSerial)
            return;
        m_facts = facts.valueOr(kube::OperatorFacts{}); // unreachable cluster: nothing is known
        m_probedFor = key;
        recomputeProblems();
        if (then)
            then();
    });
}

bool JobDocument::checkBeforeSubmit(std::function<void()> then)
{
    if (!m_client || m_busy)
        return false;
    parseNow();
    if (m_hasSyntaxError || !m_blockErrors.isEmpty())
        return false;
    for (const model::FieldProblem& p : model::validate(m_doc))
        if (!p.warning)
            return false;
    // The cluster may have changed since the last look (a namespace or service account created or
    // deleted meanwhile): look again, so that what the caller asks and the problems say the same.
    m_busy = true;
    checkCluster([this, then = std::move(then)] {
        m_busy = false;
        recomputeProblems();
        if (then)
            then();
    });
    return true;
}

bool JobDocument::createMissingNamespace(std::function<void(const kube::KubeError&)> done)
{
    if (!m_client || m_busy || m_missingNamespace.isEmpty())
        return false;
    m_busy = true;
    QPointer<kube::KubeClient> client = m_client;
    kube::createNamespace(m_client, m_missingNamespace, this, [this, client, done = std::move(done)](const kube::Status& created) {
        if (client != m_client)
            return; // another client meanwhile
        m_busy = false;
        kube::KubeError error = created.error();
        if (error.isError() && error.reason == QLatin1String("AlreadyExists"))
            error = {};
        if (!error.isError())
            scheduleClusterCheck();
        recomputeProblems();
        if (done)
            done(error);
    });
    return true;
}

SubmitTarget JobDocument::submitTarget() const
{
    SubmitTarget target;
    target.ns = targetNamespace();
    target.name = m_doc.text(QStringLiteral("metadata.name"));
    target.kind = m_doc.text(QStringLiteral("kind"));
    return target;
}

QString JobDocument::namespaceNotFound(const kube::KubeError& error)
{
    return kube::missingNamespace(error);
}

bool JobDocument::submit()
{
    if (!m_client || m_busy)
        return false;
    model::YamlDocument doc = m_doc;
    if (doc.text(QStringLiteral("metadata.namespace")).isEmpty())
        doc.setValue(QStringLiteral("metadata.namespace"), ValueType::String, m_defaultNamespace);
    const SubmitTarget target = submitTarget();
    m_busy = true;
    m_serverProblems.clear();
    QPointer<kube::KubeClient> client = m_client;
    kube::submitSparkApplication(m_client, doc.toJson(), false, this, [this, client, target](const kube::SubmitResult& r) {
        if (client != m_client)
            return; // another client meanwhile: this answer is for a view that is gone
        m_busy = false;
        const kube::KubeError& error = r.status.error();
        const QString missing = kube::missingNamespace(error);
        if (!missing.isEmpty() && missing == targetNamespace()) {
            // The same verdict as the cluster check would give.
            const QString sa = m_doc.text(model::appFieldPath(QStringLiteral("spec.driver.serviceAccount"), m_scheduled));
            if (!m_facts)
                m_facts = kube::OperatorFacts{};
            m_facts->namespaceChecked = true;
            m_facts->namespaceExists = false;
            m_probedFor = missing + QLatin1Char('/') + sa;
        }
        if (missing.isEmpty() && error.isError()) {
            for (const kube::StatusCause& c : error.causes) {
                if (const FieldSpec* f = model::fieldForApiPath(c.field, m_scheduled)) {
                    QString& text = m_serverProblems[f->path];
                    text += (text.isEmpty() ? QString() : QStringLiteral("; ")) + c.message;
                }
            }
        }
        recomputeProblems();
        if (error.isError()) {
            // A failed submit keeps the draft, so the work survives a crash or a restart.
            setDirty(true);
            writeDraft();
            emit submitFinished(r, target);
            return;
        }
        setDirty(false);
        removeDraft();
        emit submitFinished(r, target);
        emit submitted(target.ns, target.name, target.kind);
    });
    return true;
}

bool JobDocument::moveSecrets()
{
    if (!m_client || m_busy)
        return false;
    const QList<model::InlineSecret> secrets = inlineSecrets();
    if (secrets.isEmpty())
        return false;
    const QString ns = targetNamespace();
    const QString name = secretName();
    model::YamlDocument rewritten = m_doc;
    QMap<QString, QString> data;
    model::moveSecretsToSecret(rewritten, secrets, name, &data);
    m_busy = true;
    QPointer<kube::KubeClient> client = m_client;
    const int count = int(secrets.size());
    kube::applySecret(m_client, ns, name, data, this, [this, client, rewritten, ns, name, count](const kube::Status& applied) {
        if (client != m_client)
            return;
        m_busy = false;
        const kube::KubeError& error = applied.error();
        if (error.isError()) {
            recomputeProblems();
            emit secretsMoved(error, ns, name, count);
            return;
        }
        m_doc = rewritten;
        afterEdit(true);
        emit secretsMoved(error, ns, name, count);
    });
    return true;
}

} // namespace session
