#include "models/diagnosis.h"

#include "models/sparkapplication.h"
#include "models/sparkrequests.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

namespace model {

namespace {

QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

QJsonObject obj(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toObject();
}

/// "driver" or "executor" (the spark-role label, else the name Spark gives the pod), "" when unknown.
QString roleOfPod(const QJsonObject& pod)
{
    const QString role = str(obj(obj(pod, "metadata"), "labels"), model::spark::kRoleLabel);
    if (!role.isEmpty())
        return role;
    const QString name = str(obj(pod, "metadata"), "name");
    if (name.endsWith(QLatin1String("-driver")))
        return QStringLiteral("driver");
    if (name.contains(QLatin1String("-exec-")))
        return QStringLiteral("executor");
    return {};
}

class Diagnoser {
public:
    explicit Diagnoser(const DiagnosisInput& in)
        : m_in(in)
        , m_spec(obj(in.application, "spec"))
        , m_requests(sparkRequests(m_spec))
    {
        const QJsonObject state = obj(obj(in.application, "status"), "applicationState");
        m_state = str(state, "state");
        m_error = str(state, "errorMessage");
        // Newest event first: the current problem before an old one.
        m_events = in.events;
        std::stable_sort(m_events.begin(), m_events.end(), [](const QJsonObject& a, const QJsonObject& b) {
            return eventTime(a) > eventTime(b);
        });
        // The driver first: its problem is the application's.
        m_pods = in.pods;
        std::stable_sort(m_pods.begin(), m_pods.end(), [](const QJsonObject& a, const QJsonObject& b) {
            return (roleOfPod(a) == QLatin1String("driver")) > (roleOfPod(b) == QLatin1String("driver"));
        });
    }

    Diagnosis run()
    {
        if (m_state == QLatin1String("COMPLETED") || m_state == QLatin1String("SUCCEEDING"))
            return {};
        for (auto rule : {&Diagnoser::serviceAccount, &Diagnoser::mainClass, &Diagnoser::mainFile, &Diagnoser::pullSecret,
                          &Diagnoser::imagePull, &Diagnoser::mount, &Diagnoser::oomKilled, &Diagnoser::outOfMemoryError,
                          &Diagnoser::evicted, &Diagnoser::scheduling, &Diagnoser::crashLoop}) {
            if (std::optional<Diagnosis> d = (this->*rule)())
                return *d;
        }
        if (!failed())
            return {};
        for (auto rule : {&Diagnoser::driverPodNotFound, &Diagnoser::submissionFailed, &Diagnoser::driverFailed}) {
            if (std::optional<Diagnosis> d = (this->*rule)())
                return *d;
        }
        Diagnosis d{QStringLiteral("Failed"),
                    m_error.isEmpty() ? QStringLiteral("The application failed without saying why.")
                                      : QStringLiteral("The application failed: %1").arg(sentence(m_error)),
                    QStringLiteral("Read the driver log and the events for the cause."), {}, {}};
        addError(d);
        return d;
    }

private:
    static QString eventTime(const QJsonObject& e)
    {
        for (const char* key : {"lastTimestamp", "eventTime", "firstTimestamp"}) {
            const QString t = str(e, key);
            if (!t.isEmpty())
                return t;
        }
        return str(obj(e, "metadata"), "creationTimestamp");
    }

    static QString message(const QJsonObject& e)
    {
        const QString m = str(e, "message");
        return m.isEmpty() ? str(e, "note") : m;
    }

    /// "Warning FailedScheduling pod/x-driver: message (×3)".
    static QString eventLine(const QJsonObject& e)
    {
        QJsonObject involved = obj(e, "involvedObject");
        if (involved.isEmpty())
            involved = obj(e, "regarding");
        const int count = e.value(QLatin1String("count")).toInt(1);
        QString line = QStringLiteral("%1 %2 %3/%4: %5")
                           .arg(str(e, "type"), str(e, "reason"), str(involved, "kind").toLower(), str(involved, "name"),
                                message(e).trimmed());
        if (count > 1)
            line += QStringLiteral(" (×%1)").arg(count);
        return line;
    }

    static QString involvedName(const QJsonObject& e)
    {
        QJsonObject involved = obj(e, "involvedObject");
        if (involved.isEmpty())
            involved = obj(e, "regarding");
        return str(involved, "name");
    }

    /// A message as the end of a sentence: trimmed, with a final full stop.
    static QString sentence(QString text)
    {
        text = text.trimmed();
        if (const qsizetype nl = text.indexOf(QLatin1Char('\n')); nl >= 0)
            text = text.left(nl).trimmed();
        if (!text.isEmpty() && !text.endsWith(QLatin1Char('.')))
            text += QLatin1Char('.');
        return text;
    }

    /// The line of `text` that `re` matches (else its first line), at most 400 characters.
    static QString lineOf(const QString& text, const QRegularExpression& re = {})
    {
        QString line = text.trimmed().section(QLatin1Char('\n'), 0, 0);
        if (!re.pattern().isEmpty()) {
            for (const QString& l : text.split(QLatin1Char('\n'))) {
                if (re.match(l).hasMatch()) {
                    line = l.trimmed();
                    break;
                }
            }
        }
        return line.size() > 400 ? line.left(399) + QStringLiteral("…") : line;
    }

    bool failed() const
    {
        return m_state == QLatin1String("FAILED") || m_state == QLatin1String("SUBMISSION_FAILED")
            || m_state == QLatin1String("FAILING") || m_state == QLatin1String("INVALIDATING");
    }

    void addError(Diagnosis& d) const
    {
        if (!m_error.isEmpty())
            d.evidence << QStringLiteral("errorMessage: ") + lineOf(m_error);
    }

    void addException(Diagnosis& d) const
    {
        if (!m_in.firstException.trimmed().isEmpty())
            d.evidence << QStringLiteral("driver log: ") + lineOf(m_in.firstException);
    }

    const QJsonObject* podNamed(const QString& name) const
    {
        for (const QJsonObject& p : m_pods) {
            if (str(obj(p, "metadata"), "name") == name)
                return &p;
        }
        return nullptr;
    }

    /// The role of the pod named `name`: from the pod when listed, else from its name.
    QString roleOf(const QString& name) const
    {
        if (const QJsonObject* p = podNamed(name))
            return roleOfPod(*p);
        if (name.endsWith(QLatin1String("-driver")) || name == str(obj(m_spec, "driver"), "podName"))
            return QStringLiteral("driver");
        if (name.contains(QLatin1String("-exec-")))
            return QStringLiteral("executor");
        return {};
    }

    const SparkPodResources& resources(const QString& role) const
    {
        return role == QLatin1String("executor") ? m_requests.executor : m_requests.driver;
    }

    /// "spec.driver.memory 1g + 384Mi overhead = 1408Mi".
    QString memoryText(const QString& role) const
    {
        const QString r = role == QLatin1String("executor") ? role : QStringLiteral("driver");
        const QJsonValue memory = obj(m_spec, r.toLatin1().constData()).value(QLatin1String("memory"));
        const QString heap = memory.isString() ? memory.toString()
            : memory.isDouble()                ? QString::number(qint64(memory.toDouble()))
                                               : QStringLiteral("1g (default)");
        const SparkPodResources& res = resources(r);
        return QStringLiteral("spec.%1.memory %2 + %3 overhead = %4")
            .arg(r, heap, formatBytes(res.memoryOverhead), formatBytes(res.memory()));
    }

    /// Every text that may carry a failure: errorMessage, the first exception, warning events' messages.
    QStringList texts() const
    {
        QStringList out{m_error, m_in.firstException};
        for (const QJsonObject& e : m_events) {
            if (str(e, "type") != QLatin1String("Normal"))
                out << message(e);
        }
        return out;
    }

    /// The evidence line of the first text matching `re`.
    QString evidenceFor(const QRegularExpression& re) const
    {
        if (re.match(m_error).hasMatch())
            return QStringLiteral("errorMessage: ") + lineOf(m_error, re);
        if (re.match(m_in.firstException).hasMatch())
            return QStringLiteral("driver log: ") + lineOf(m_in.firstException, re);
        for (const QJsonObject& e : m_events) {
            if (re.match(message(e)).hasMatch())
                return lineOf(eventLine(e), re);
        }
        return {};
    }

    QRegularExpressionMatch firstMatch(const QRegularExpression& re) const
    {
        for (const QString& t : texts()) {
            if (const QRegularExpressionMatch m = re.match(t); m.hasMatch())
                return m;
        }
        return {};
    }

    // --- rules -------------------------------------------------------------------------------

    std::optional<Diagnosis> serviceAccount() const
    {
        // The API server's ServiceAccount admission: `pods "x-driver" is forbidden: error looking
        // up service account default/nosa: serviceaccount "nosa" not found`.
        static const QRegularExpression missing(
            QStringLiteral(R"((?:pods? \\?"([^"\\]+)\\?" is forbidden: )?error looking up service account ([\w.-]+)/([\w.-]+): serviceaccount \\?"[^"\\]+\\?" not found)"));
        if (const QRegularExpressionMatch m = firstMatch(missing); m.hasMatch()) {
            const QString pod = m.captured(1);
            const QString account = m.captured(3);
            const QString executorAccount = str(obj(m_spec, "executor"), "serviceAccount");
            const bool executor = roleOf(pod) == QLatin1String("executor")
                || (!pod.isEmpty() && !pod.endsWith(QLatin1String("-driver")) && executorAccount == account);
            const QString role = executor ? QStringLiteral("executor") : QStringLiteral("driver");
            Diagnosis d{QStringLiteral("ServiceAccountMissing"),
                        QStringLiteral("The %1 pod was not created because its service account \"%2\" does not exist in namespace %3.")
                            .arg(role, account, m.captured(2)),
                        QStringLiteral("Set spec.%1.serviceAccount to an existing service account allowed to create pods "
                                       "(the operator's Helm chart makes spark-operator-spark), or create \"%2\".")
                            .arg(role, account),
                        QStringLiteral("spec.%1.serviceAccount").arg(role), {evidenceFor(missing)}};
            return d;
        }
        // RBAC: `pods is forbidden: User "system:serviceaccount:ns:sa" cannot create resource "pods"`.
        static const QRegularExpression forbidden(QStringLiteral(
            R"(User \\?"system:serviceaccount:([\w.-]+):([\w.-]+)\\?" cannot (\w+) resource \\?"([\w.-]+)\\?")"));
        if (const QRegularExpressionMatch m = firstMatch(forbidden); m.hasMatch()) {
            const QString account = m.captured(2);
            const bool executor = str(obj(m_spec, "executor"), "serviceAccount") == account
                && str(obj(m_spec, "driver"), "serviceAccount") != account;
            const QString role = executor ? QStringLiteral("executor") : QStringLiteral("driver");
            Diagnosis d{QStringLiteral("ServiceAccountForbidden"),
                        QStringLiteral("The service account \"%1\" may not %2 %3 in namespace %4.")
                            .arg(account, m.captured(3), m.captured(4), m.captured(1)),
                        QStringLiteral("Set spec.%1.serviceAccount to one whose Role allows pods, services and configmaps "
                                       "(e.g. spark-operator-spark), or bind such a Role to \"%2\".").arg(role, account),
                        QStringLiteral("spec.%1.serviceAccount").arg(role), {evidenceFor(forbidden)}};
            return d;
        }
        return std::nullopt;
    }

    std::optional<Diagnosis> mainClass() const
    {
        const QString main = str(m_spec, "mainClass");
        // Spark 4's SparkSubmit: "Error: Failed to load class X."; Spark 3 and user code: ClassNotFoundException.
        static const QRegularExpression re(
            QStringLiteral(R"((?:Failed to load class|ClassNotFoundException:)\s+([\w.$]+?)\.?(?:\s|$))"));
        for (const QString& t : {m_in.firstException, m_error}) {
            const QRegularExpressionMatch m = re.match(t);
            if (!m.hasMatch())
                continue;
            const QString cls = m.captured(1);
            Diagnosis d;
            d.evidence << (t == m_error ? QStringLiteral("errorMessage: ") : QStringLiteral("driver log: ")) + lineOf(t, re);
            if (!main.isEmpty() && cls == main) {
                d.cause = QStringLiteral("MainClassNotFound");
                d.summary = QStringLiteral("The driver could not load the main class %1: it is not in %2 or on the classpath.")
                                .arg(cls, mainFileText());
                d.remedy = QStringLiteral("Correct spec.mainClass (the fully qualified name, as in the jar), or add the jar "
                                          "that holds it to spec.mainApplicationFile or spec.deps.jars.");
                d.field = QStringLiteral("spec.mainClass");
            } else {
                d.cause = QStringLiteral("ClassNotFound");
                d.summary = QStringLiteral("The driver could not load the class %1.").arg(cls);
                d.remedy = QStringLiteral("Add the jar that holds %1 to spec.deps.jars (or spec.deps.packages), or build it "
                                          "into the image.").arg(cls);
                d.field = QStringLiteral("spec.deps.jars");
            }
            addError(d);
            return d;
        }
        return std::nullopt;
    }

    QString mainFileText() const
    {
        const QString file = str(m_spec, "mainApplicationFile");
        return file.isEmpty() ? QStringLiteral("the application's jar") : file;
    }

    std::optional<Diagnosis> mainFile() const
    {
        const QString file = str(m_spec, "mainApplicationFile");
        if (file.isEmpty())
            return std::nullopt;
        QString path = file;
        static const QRegularExpression scheme(QStringLiteral(R"(^[a-z][a-z0-9+.-]*://)"));
        path.remove(scheme);
        if (path.isEmpty())
            return std::nullopt;
        static const QRegularExpression notFound(QStringLiteral(
            R"(FileNotFoundException|NoSuchFileException|does not exist|No such file|can't open file|Cannot load main class from JAR|not found)"));
        for (const QString& t : {m_in.firstException, m_error}) {
            if (!t.contains(path) || !notFound.match(t).hasMatch())
                continue;
            Diagnosis d{QStringLiteral("MainFileNotFound"),
                        QStringLiteral("The main application file %1 does not exist where the driver looks for it.").arg(file),
                        QStringLiteral("Correct spec.mainApplicationFile: local:// is a path inside the image, other schemes "
                                       "must be reachable from the driver."),
                        QStringLiteral("spec.mainApplicationFile"),
                        {(t == m_error ? QStringLiteral("errorMessage: ") : QStringLiteral("driver log: ")) + lineOf(t, notFound)}};
            return d;
        }
        return std::nullopt;
    }

    std::optional<Diagnosis> pullSecret() const
    {
        // The kubelet: "Unable to retrieve some image pull secrets (regcred); attempting to pull the image may not succeed."
        static const QRegularExpression re(QStringLiteral(R"(Unable to retrieve some image pull secrets \(([^)]*)\))"));
        for (const QJsonObject& e : m_events) {
            const QRegularExpressionMatch m = re.match(message(e));
            if (str(e, "reason") != QLatin1String("FailedToRetrieveImagePullSecret") && !m.hasMatch())
                continue;
            const QString secrets = m.hasMatch() ? m.captured(1) : QString();
            Diagnosis d{QStringLiteral("ImagePullSecretMissing"),
                        QStringLiteral("The image pull secret %1 does not exist in namespace %2, so the image %3 is pulled without credentials.")
                            .arg(secrets.isEmpty() ? QStringLiteral("named in the spec") : QLatin1Char('"') + secrets + QLatin1Char('"'),
                                 namespaceOf(), imageText()),
                        QStringLiteral("Create the Secret (kubectl create secret docker-registry %1 …) in namespace %2, or "
                                       "correct spec.imagePullSecrets.").arg(secrets.isEmpty() ? QStringLiteral("NAME") : secrets, namespaceOf()),
                        QStringLiteral("spec.imagePullSecrets"), {eventLine(e)}};
            for (const QString& line : imagePullEvidence())
                d.evidence << line;
            return d;
        }
        return std::nullopt;
    }

    QString namespaceOf() const
    {
        const QString ns = str(obj(m_in.application, "metadata"), "namespace");
        return ns.isEmpty() ? QStringLiteral("default") : ns;
    }

    QString imageText() const
    {
        const QString image = str(m_spec, "image");
        return image.isEmpty() ? QStringLiteral("of the pods") : image;
    }

    /// Container statuses waiting on an image pull: "pod/x spark-kubernetes-driver: waiting ErrImagePull: message".
    QStringList imagePullEvidence() const
    {
        QStringList out;
        forEachContainer([&](const QJsonObject& pod, const QJsonObject& cs) {
            const QJsonObject waiting = obj(obj(cs, "state"), "waiting");
            const QString reason = str(waiting, "reason");
            if (reason == QLatin1String("ErrImagePull") || reason == QLatin1String("ImagePullBackOff")
                || reason == QLatin1String("InvalidImageName") || reason == QLatin1String("ErrImageNeverPull"))
                out << containerLine(pod, cs, QStringLiteral("waiting %1 (image %2): %3").arg(reason, str(cs, "image"), str(waiting, "message")));
            return false;
        });
        return out;
    }

    template<typename F>
    void forEachContainer(F f) const
    {
        for (const QJsonObject& pod : m_pods) {
            const QJsonObject status = obj(pod, "status");
            for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
                for (const QJsonValue& v : status.value(QLatin1String(list)).toArray()) {
                    if (f(pod, v.toObject()))
                        return;
                }
            }
        }
    }

    static QString containerLine(const QJsonObject& pod, const QJsonObject& cs, const QString& what)
    {
        return QStringLiteral("pod/%1 %2: %3").arg(str(obj(pod, "metadata"), "name"), str(cs, "name"), what.trimmed());
    }

    std::optional<Diagnosis> imagePull() const
    {
        const QStringList lines = imagePullEvidence();
        QString image;
        QString detail;
        forEachContainer([&](const QJsonObject&, const QJsonObject& cs) {
            const QJsonObject waiting = obj(obj(cs, "state"), "waiting");
            const QString reason = str(waiting, "reason");
            if (reason.contains(QLatin1String("Image"))) {
                image = str(cs, "image");
                detail = str(waiting, "message");
                return true;
            }
            return false;
        });
        // The kubelet's events: reason Failed "Failed to pull image "x": …", BackOff "Back-off pulling image "x"".
        static const QRegularExpression pullEvent(QStringLiteral(R"((?:Failed to pull image|Back-off pulling image) \\?"([^"\\]+)\\?"(?::\s*(.*))?)"));
        QString eventEvidence;
        for (const QJsonObject& e : m_events) {
            const QRegularExpressionMatch m = pullEvent.match(message(e));
            if (!m.hasMatch())
                continue;
            if (image.isEmpty())
                image = m.captured(1);
            if (!m.captured(2).isEmpty() && (detail.isEmpty() || detail.startsWith(QLatin1String("Back-off"))))
                detail = m.captured(2);
            if (eventEvidence.isEmpty() || str(e, "reason") == QLatin1String("Failed"))
                eventEvidence = eventLine(e);
        }
        if (lines.isEmpty() && eventEvidence.isEmpty())
            return std::nullopt;
        const bool denied = detail.contains(QLatin1String("denied"), Qt::CaseInsensitive)
            || detail.contains(QLatin1String("unauthorized"), Qt::CaseInsensitive)
            || detail.contains(QLatin1String("authentication required"), Qt::CaseInsensitive)
            || detail.contains(QLatin1String("401"));
        Diagnosis d;
        d.cause = QStringLiteral("ImagePull");
        d.evidence = lines;
        if (!eventEvidence.isEmpty())
            d.evidence << eventEvidence;
        if (denied) {
            d.summary = QStringLiteral("The registry refused to give the image %1 without credentials.").arg(image);
            d.remedy = QStringLiteral("Add a docker-registry Secret with access to it to spec.imagePullSecrets.");
            d.field = QStringLiteral("spec.imagePullSecrets");
        } else {
            d.summary = QStringLiteral("The image %1 cannot be pulled%2").arg(image, detail.isEmpty() ? QStringLiteral(".") : QStringLiteral(": ") + sentence(detail));
            d.remedy = QStringLiteral("Correct spec.image (registry, repository and tag must exist), or add credentials to spec.imagePullSecrets "
                                      "if the registry is private.");
            const QJsonObject driver = obj(m_spec, "driver");
            const QJsonObject executor = obj(m_spec, "executor");
            if (!image.isEmpty() && str(driver, "image") == image)
                d.field = QStringLiteral("spec.driver.image");
            else if (!image.isEmpty() && str(executor, "image") == image)
                d.field = QStringLiteral("spec.executor.image");
            else
                d.field = QStringLiteral("spec.image");
        }
        return d;
    }

    std::optional<Diagnosis> mount() const
    {
        // The kubelet: `MountVolume.SetUp failed for volume "v" : configmap "c" not found`.
        static const QRegularExpression re(QStringLiteral(
            R"(MountVolume\.\w+ failed for volume \\?"([^"\\]+)\\?" : (configmap|secret|persistentvolumeclaim) \\?"([^"\\]+)\\?" not found)"));
        for (const QJsonObject& e : m_events) {
            if (str(e, "reason") != QLatin1String("FailedMount"))
                continue;
            const QString pod = involvedName(e);
            if (const QJsonObject* p = podNamed(pod); p && str(obj(*p, "status"), "phase") != QLatin1String("Pending"))
                continue; // mounted in the end
            const QRegularExpressionMatch m = re.match(message(e));
            const QString kind = m.hasMatch() ? m.captured(2) : QString();
            Diagnosis d;
            d.cause = QStringLiteral("FailedMount");
            d.evidence << eventLine(e);
            if (m.hasMatch()) {
                const QString kindText = kind == QLatin1String("configmap") ? QStringLiteral("ConfigMap")
                    : kind == QLatin1String("secret")                       ? QStringLiteral("Secret")
                                                                            : QStringLiteral("PersistentVolumeClaim");
                d.summary = QStringLiteral("The %1 pod cannot start: its volume \"%2\" needs the %3 \"%4\", which does not exist in namespace %5.")
                                .arg(roleText(pod), m.captured(1), kindText, m.captured(3), namespaceOf());
                d.remedy = QStringLiteral("Create the %1 \"%2\", or correct the volume \"%3\" in spec.volumes.").arg(kindText, m.captured(3), m.captured(1));
            } else {
                d.summary = QStringLiteral("The %1 pod cannot mount a volume: %2").arg(roleText(pod), sentence(message(e)));
                d.remedy = QStringLiteral("Correct the volume in spec.volumes (and its volumeMounts), or create what it refers to.");
            }
            d.field = QStringLiteral("spec.volumes");
            return d;
        }
        // The kubelet: CreateContainerConfigError `secret "s" not found` (env from a missing Secret / ConfigMap).
        std::optional<Diagnosis> out;
        forEachContainer([&](const QJsonObject& pod, const QJsonObject& cs) {
            const QJsonObject waiting = obj(obj(cs, "state"), "waiting");
            if (str(waiting, "reason") != QLatin1String("CreateContainerConfigError"))
                return false;
            const QString role = roleOfPod(pod).isEmpty() ? QStringLiteral("driver") : roleOfPod(pod);
            out = Diagnosis{QStringLiteral("ConfigMissing"),
                            QStringLiteral("The %1 container cannot be created: %2").arg(role, sentence(str(waiting, "message"))),
                            QStringLiteral("Create what it names, or correct spec.%1.envFrom / envSecretKeyRefs / secrets.").arg(role),
                            QStringLiteral("spec.%1.envFrom").arg(role),
                            {containerLine(pod, cs, QStringLiteral("waiting CreateContainerConfigError: ") + str(waiting, "message"))}};
            return true;
        });
        return out;
    }

    QString roleText(const QString& pod) const
    {
        const QString role = roleOf(pod);
        return role.isEmpty() ? pod : role;
    }

    std::optional<Diagnosis> oomKilled() const
    {
        std::optional<Diagnosis> out;
        forEachContainer([&](const QJsonObject& pod, const QJsonObject& cs) {
            QJsonObject terminated = obj(obj(cs, "state"), "terminated");
            if (str(terminated, "reason") != QLatin1String("OOMKilled"))
                terminated = obj(obj(cs, "lastState"), "terminated");
            if (str(terminated, "reason") != QLatin1String("OOMKilled"))
                return false;
            const QString role = roleOfPod(pod).isEmpty() ? QStringLiteral("driver") : roleOfPod(pod);
            QString limit;
            for (const QJsonValue& c : obj(pod, "spec").value(QLatin1String("containers")).toArray()) {
                if (str(c.toObject(), "name") == str(cs, "name"))
                    limit = str(obj(obj(c.toObject(), "resources"), "limits"), "memory");
            }
            const SparkPodResources& res = resources(role);
            const QString limitText = limit.isEmpty() ? formatBytes(res.memory()) : formatBytes(parseKubeQuantity(limit).value_or(res.memory()));
            out = Diagnosis{QStringLiteral("OOMKilled"),
                            QStringLiteral("The %1 container was killed for using more than its memory limit of %2 (%3): the JVM heap "
                                           "fit, so off-heap, native or Python memory outgrew the overhead.")
                                .arg(role, limitText, memoryText(role)),
                            QStringLiteral("Raise spec.%1.memoryOverhead (now %2) or spec.memoryOverheadFactor; raise spec.%1.memory "
                                           "only if the heap itself is short.").arg(role, formatBytes(res.memoryOverhead)),
                            QStringLiteral("spec.%1.memoryOverhead").arg(role),
                            {containerLine(pod, cs, QStringLiteral("terminated OOMKilled (exit code %1), memory limit %2")
                                                        .arg(terminated.value(QLatin1String("exitCode")).toInt()).arg(limitText))}};
            addError(*out);
            return true;
        });
        if (out)
            return out;
        // The operator's event when the executor pod is gone: "Executor x failed with ExitCode: 137, Reason: OOMKilled, …".
        for (const QJsonObject& e : m_events) {
            const QString m = message(e);
            if (!m.contains(QLatin1String("Reason: OOMKilled")))
                continue;
            const QString role = str(e, "reason").contains(QLatin1String("Executor")) ? QStringLiteral("executor") : QStringLiteral("driver");
            Diagnosis d{QStringLiteral("OOMKilled"),
                        QStringLiteral("The %1 container was killed for using more than its memory limit (%2).").arg(role, memoryText(role)),
                        QStringLiteral("Raise spec.%1.memoryOverhead (now %2) or spec.%1.memory.").arg(role, formatBytes(resources(role).memoryOverhead)),
                        QStringLiteral("spec.%1.memoryOverhead").arg(role), {eventLine(e)}};
            addError(d);
            return d;
        }
        if (m_error.contains(QLatin1String("Reason: OOMKilled"))) {
            Diagnosis d{QStringLiteral("OOMKilled"),
                        QStringLiteral("The driver container was killed for using more than its memory limit (%1).").arg(memoryText(QStringLiteral("driver"))),
                        QStringLiteral("Raise spec.driver.memoryOverhead (now %1) or spec.driver.memory.").arg(formatBytes(m_requests.driver.memoryOverhead)),
                        QStringLiteral("spec.driver.memoryOverhead"), {}};
            addError(d);
            return d;
        }
        return std::nullopt;
    }

    std::optional<Diagnosis> outOfMemoryError() const
    {
        if (!m_in.firstException.contains(QLatin1String("java.lang.OutOfMemoryError")))
            return std::nullopt;
        Diagnosis d{QStringLiteral("OutOfMemoryError"),
                    QStringLiteral("The driver's JVM ran out of heap (%1).").arg(memoryText(QStringLiteral("driver"))),
                    QStringLiteral("Raise spec.driver.memory, or collect less to the driver."), QStringLiteral("spec.driver.memory"), {}};
        addException(d);
        addError(d);
        return d;
    }

    std::optional<Diagnosis> evicted() const
    {
        for (const QJsonObject& pod : m_pods) {
            const QJsonObject status = obj(pod, "status");
            if (str(status, "reason") != QLatin1String("Evicted"))
                continue;
            const QString name = str(obj(pod, "metadata"), "name");
            const QString role = roleOfPod(pod).isEmpty() ? QStringLiteral("driver") : roleOfPod(pod);
            const QString msg = str(status, "message");
            Diagnosis d;
            d.cause = QStringLiteral("Evicted");
            d.evidence << QStringLiteral("pod/%1: Evicted: %2").arg(name, msg.trimmed());
            if (msg.contains(QLatin1String("low on resource: memory"))) {
                d.summary = QStringLiteral("The node ran short of memory and evicted the %1 pod, which used more than it requested (%2).")
                                .arg(role, memoryText(role));
                d.remedy = QStringLiteral("Request what the %1 really uses: raise spec.%1.memoryOverhead (or spec.%1.memory), so the "
                                          "scheduler places it where that fits.").arg(role);
                d.field = QStringLiteral("spec.%1.memoryOverhead").arg(role);
            } else if (msg.contains(QLatin1String("ephemeral-storage"))) {
                d.summary = QStringLiteral("The node ran short of disk and evicted the %1 pod: %2").arg(role, sentence(msg));
                d.remedy = QStringLiteral("Give Spark's local directories a volume (spark.local.dir on an emptyDir or PVC in spec.volumes) "
                                          "or use nodes with more disk.");
                d.field = QStringLiteral("spec.volumes");
            } else {
                d.summary = QStringLiteral("The %1 pod was evicted: %2").arg(role, sentence(msg.isEmpty() ? QStringLiteral("no reason given") : msg));
                d.remedy = QStringLiteral("Run it again; if it recurs, request more resources for the %1.").arg(role);
            }
            addError(d);
            return d;
        }
        return std::nullopt;
    }

    /// Whether `pod` has been scheduled since (then an earlier FailedScheduling no longer matters).
    bool scheduled(const QString& pod) const
    {
        const QJsonObject* p = podNamed(pod);
        return p && !str(obj(*p, "spec"), "nodeName").isEmpty();
    }

    std::optional<Diagnosis> scheduling() const
    {
        QString pod;
        QString why;
        QString evidence;
        for (const QJsonObject& e : m_events) {
            if (str(e, "reason") != QLatin1String("FailedScheduling") || scheduled(involvedName(e)))
                continue;
            if (!podNamed(involvedName(e)) && !failed() && !m_pods.isEmpty())
                continue; // a pod of an earlier run
            pod = involvedName(e);
            why = message(e);
            evidence = eventLine(e);
            break;
        }
        if (pod.isEmpty()) {
            for (const QJsonObject& p : m_pods) {
                for (const QJsonValue& c : obj(p, "status").value(QLatin1String("conditions")).toArray()) {
                    const QJsonObject cond = c.toObject();
                    if (str(cond, "type") == QLatin1String("PodScheduled") && str(cond, "status") == QLatin1String("False")
                        && str(cond, "reason") == QLatin1String("Unschedulable")) {
                        pod = str(obj(p, "metadata"), "name");
                        why = str(cond, "message");
                        evidence = QStringLiteral("pod/%1: PodScheduled=False Unschedulable: %2").arg(pod, why.trimmed());
                        break;
                    }
                }
                if (!pod.isEmpty())
                    break;
            }
        }
        if (pod.isEmpty())
            return std::nullopt;
        const QString role = roleOf(pod).isEmpty() ? QStringLiteral("driver") : roleOf(pod);
        // The scheduler's first sentence ("0/3 nodes are available: 3 Insufficient memory."), without
        // what follows it (preemption, claims).
        const qsizetype stop = why.indexOf(QLatin1String(". "));
        QString reason = (stop > 0 ? why.left(stop) : why.section(QLatin1String(" preemption:"), 0, 0)).trimmed();
        while (reason.endsWith(QLatin1Char('.')) || reason.endsWith(QLatin1Char(',')))
            reason.chop(1);
        Diagnosis d;
        d.evidence << evidence;
        if (why.contains(QLatin1String("Insufficient memory"))) {
            d.cause = QStringLiteral("InsufficientMemory");
            d.summary = QStringLiteral("The %1 pod cannot be scheduled: it asks for %2 of memory (%3) and no node has that much free (%4).")
                            .arg(role, requestedMemory(pod, role), memoryText(role), reason);
            const QString largest = largestAllocatable();
            d.remedy = QStringLiteral("Lower spec.%1.memory so that it plus the overhead (max(384 MiB, %2 of it)) fits a node's free "
                                      "allocatable memory%3, or free or add nodes.")
                           .arg(role, factorText(), largest.isEmpty() ? QString() : QStringLiteral(" (largest node: %1)").arg(largest));
            d.field = QStringLiteral("spec.%1.memory").arg(role);
        } else if (why.contains(QLatin1String("Insufficient cpu"))) {
            d.cause = QStringLiteral("InsufficientCpu");
            d.summary = QStringLiteral("The %1 pod cannot be scheduled: it asks for %2 CPU and no node has that much free (%3).")
                            .arg(role, formatCpu(resources(role).cpuRequest), reason);
            d.remedy = QStringLiteral("Lower spec.%1.cores (or spec.%1.coreRequest), or free or add nodes.").arg(role);
            d.field = QStringLiteral("spec.%1.cores").arg(role);
        } else if (why.contains(QLatin1String("untolerated taint"))) {
            static const QRegularExpression taint(QStringLiteral(R"(untolerated taint\(?s?\)? ?(\{[^}]*\}))"));
            const QString t = taint.match(why).captured(1);
            d.cause = QStringLiteral("Taint");
            d.summary = QStringLiteral("The %1 pod cannot be scheduled: every node has a taint it does not tolerate%2 (%3).")
                            .arg(role, t.isEmpty() ? QString() : QStringLiteral(" ") + t, reason);
            d.remedy = QStringLiteral("Add a matching toleration to spec.%1.tolerations, or remove the taint from a node.").arg(role);
            d.field = QStringLiteral("spec.%1.tolerations").arg(role);
        } else if (why.contains(QLatin1String("node affinity/selector")) || why.contains(QLatin1String("node selector"))) {
            d.cause = QStringLiteral("NodeSelector");
            const bool own = !obj(obj(m_spec, role.toLatin1().constData()), "nodeSelector").isEmpty();
            const bool shared = !obj(m_spec, "nodeSelector").isEmpty();
            d.summary = QStringLiteral("The %1 pod cannot be scheduled: no node matches its node selector or affinity (%2).").arg(role, reason);
            d.remedy = QStringLiteral("Correct the node selector (or affinity) so it matches a node's labels, or label a node to match.");
            d.field = own ? QStringLiteral("spec.%1.nodeSelector").arg(role)
                : shared  ? QStringLiteral("spec.nodeSelector")
                          : QStringLiteral("spec.%1.affinity").arg(role);
        } else if (why.contains(QLatin1String("persistentvolumeclaim"))) {
            d.cause = QStringLiteral("Unschedulable");
            d.summary = QStringLiteral("The %1 pod cannot be scheduled: %2").arg(role, sentence(reason));
            d.remedy = QStringLiteral("Create the PersistentVolumeClaim, or correct spec.volumes.");
            d.field = QStringLiteral("spec.volumes");
        } else {
            d.cause = QStringLiteral("Unschedulable");
            d.summary = QStringLiteral("The %1 pod cannot be scheduled: %2").arg(role, sentence(reason));
            d.remedy = QStringLiteral("Change what the scheduler names, or free or add nodes.");
        }
        addError(d);
        return d;
    }

    QString factorText() const
    {
        const QString type = str(m_spec, "type");
        const QJsonValue given = m_spec.value(QLatin1String("memoryOverheadFactor"));
        double factor = (type == QLatin1String("Python") || type == QLatin1String("R")) ? 0.4 : 0.1;
        if (given.isDouble() || given.isString())
            factor = given.isDouble() ? given.toDouble() : given.toString().toDouble();
        return QStringLiteral("%1 %").arg(factor * 100, 0, 'g', 3);
    }

    /// The memory the pod's containers request, as the scheduler counts it; Spark's sum when unknown.
    QString requestedMemory(const QString& pod, const QString& role) const
    {
        if (const QJsonObject* p = podNamed(pod)) {
            double sum = 0;
            for (const QJsonValue& c : obj(*p, "spec").value(QLatin1String("containers")).toArray())
                sum += parseKubeQuantity(str(obj(obj(c.toObject(), "resources"), "requests"), "memory")).value_or(0);
            if (sum > 0)
                return formatBytes(sum);
        }
        return formatBytes(resources(role).memory());
    }

    QString largestAllocatable() const
    {
        double largest = 0;
        for (const QJsonObject& n : m_in.nodes)
            largest = std::max(largest, parseKubeQuantity(str(obj(obj(n, "status"), "allocatable"), "memory")).value_or(0));
        return largest > 0 ? formatBytes(largest) : QString();
    }

    std::optional<Diagnosis> crashLoop() const
    {
        std::optional<Diagnosis> out;
        forEachContainer([&](const QJsonObject& pod, const QJsonObject& cs) {
            const QJsonObject waiting = obj(obj(cs, "state"), "waiting");
            if (str(waiting, "reason") != QLatin1String("CrashLoopBackOff"))
                return false;
            const QString role = roleOfPod(pod).isEmpty() ? QStringLiteral("driver") : roleOfPod(pod);
            const QJsonObject last = obj(obj(cs, "lastState"), "terminated");
            const int restarts = cs.value(QLatin1String("restartCount")).toInt();
            out = Diagnosis{QStringLiteral("CrashLoopBackOff"),
                            QStringLiteral("The %1 container keeps crashing (exit code %2, %3 restarts)%4")
                                .arg(role).arg(last.value(QLatin1String("exitCode")).toInt()).arg(restarts)
                                .arg(m_in.firstException.isEmpty() ? QStringLiteral(".") : QStringLiteral(": ") + sentence(m_in.firstException)),
                            QStringLiteral("Read its log for the cause; the kubelet restarts it with growing back-off until it is fixed."),
                            {},
                            {containerLine(pod, cs, QStringLiteral("waiting CrashLoopBackOff: %1; last terminated %2 (exit code %3)")
                                                        .arg(str(waiting, "message"), str(last, "reason"))
                                                        .arg(last.value(QLatin1String("exitCode")).toInt()))}};
            addException(*out);
            return true;
        });
        return out;
    }

    std::optional<Diagnosis> driverPodNotFound() const
    {
        if (!m_error.contains(QLatin1String("driver pod not found")))
            return std::nullopt;
        Diagnosis d{QStringLiteral("DriverPodNotFound"),
                    QStringLiteral("The driver pod disappeared (deleted, or evicted and removed) before the operator saw it finish."),
                    QStringLiteral("Look for what deleted it (kubectl get events); run it again."), {}, {}};
        addError(d);
        for (const QJsonObject& e : m_events) {
            if (str(e, "type") == QLatin1String("Warning")) {
                d.evidence << eventLine(e);
                break;
            }
        }
        return d;
    }

    std::optional<Diagnosis> submissionFailed() const
    {
        if (m_state != QLatin1String("SUBMISSION_FAILED") && !m_error.startsWith(QLatin1String("failed to run spark-submit")))
            return std::nullopt;
        // spark-submit's output: the Kubernetes client's "Message: …" or the last exception line.
        static const QRegularExpression messageRe(QStringLiteral(R"(Message: ([^\n]+?)(?:\. Received status|$))"));
        QString why = messageRe.match(m_error).captured(1);
        if (why.isEmpty()) {
            static const QRegularExpression exception(QStringLiteral(R"(([\w$]+\.)+[\w$]*(?:Exception|Error)(?::[^\n]*)?)"));
            why = exception.match(m_error).captured(0);
        }
        if (why.isEmpty())
            why = m_error.section(QLatin1Char('\n'), 0, 0).remove(QStringLiteral("failed to run spark-submit: "));
        Diagnosis d{QStringLiteral("SubmissionFailed"),
                    QStringLiteral("spark-submit could not start the driver: %1").arg(sentence(why.isEmpty() ? QStringLiteral("no reason given") : why)),
                    QStringLiteral("Correct what spark-submit names, then submit again."), {}, {}};
        addError(d);
        return d;
    }

    std::optional<Diagnosis> driverFailed() const
    {
        static const QRegularExpression re(QStringLiteral(R"(driver container failed with ExitCode: (-?\d+), Reason: (\w*))"));
        const QRegularExpressionMatch m = re.match(m_error);
        if (!m.hasMatch() && m_in.firstException.isEmpty())
            return std::nullopt;
        Diagnosis d;
        d.cause = QStringLiteral("DriverFailed");
        const QString exit = m.hasMatch() ? QStringLiteral(" with exit code %1").arg(m.captured(1)) : QString();
        d.summary = m_in.firstException.isEmpty()
            ? QStringLiteral("The driver failed%1 without an exception in its log.").arg(exit)
            : QStringLiteral("The driver failed%1: %2").arg(exit, sentence(m_in.firstException));
        d.remedy = m_in.firstException.isEmpty() ? QStringLiteral("Read the whole driver log for the cause.")
                                                 : QStringLiteral("Fix the cause of that exception in the application, its arguments or its configuration.");
        addException(d);
        addError(d);
        return d;
    }

    const DiagnosisInput& m_in;
    QJsonObject m_spec;
    SparkRequests m_requests;
    QString m_state;
    QString m_error;
    QList<QJsonObject> m_events;
    QList<QJsonObject> m_pods;
};

} // namespace

Diagnosis diagnose(const DiagnosisInput& input)
{
    return Diagnoser(input).run();
}

QStringList diagnosisLines(const Diagnosis& d)
{
    if (d.isEmpty())
        return {};
    QStringList out{d.summary, QStringLiteral("Change: ") + d.remedy};
    if (!d.field.isEmpty())
        out << QStringLiteral("Field: ") + d.field;
    if (!d.evidence.isEmpty()) {
        out << QStringLiteral("Evidence:");
        for (const QString& e : d.evidence)
            out << QStringLiteral("  ") + e;
    }
    return out;
}

} // namespace model
