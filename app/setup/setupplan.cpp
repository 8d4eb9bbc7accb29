#include "app/setup/setupplan.h"

#include "app/kube/kubectlcommand.h"

#include <QFile>
#include <QRegularExpression>
#include <QSysInfo>
#include <QThread>

namespace setup {

namespace {
const QRegularExpression kName(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
const QRegularExpression kLabel(QStringLiteral(R"(^[A-Za-z0-9./_-]+=[A-Za-z0-9._-]*$)"));
const QRegularExpression kTaint(QStringLiteral(R"(^[A-Za-z0-9./_-]+=[A-Za-z0-9._-]*:(NoSchedule|PreferNoSchedule|NoExecute)$)"));
const QRegularExpression kPort(QStringLiteral(R"(^(\d{1,5}):(\d{1,5})$)"));

/// kubectl's global flags for the cluster being set up (its Kind context), then `verb`.
QStringList kubectlArgs(const SetupOptions& o, const QStringList& verb)
{
    return kube::KubectlCommand({}, o.context()).arguments(verb);
}
} // namespace

QString validateOptions(const SetupOptions& o)
{
    if (!kName.match(o.clusterName).hasMatch())
        return QObject::tr("Cluster name \"%1\": use lower-case letters, digits and '-'.").arg(o.clusterName);
    if (o.workers < 0 || o.workers > 10)
        return QObject::tr("Workers: 0 to 10 (each is a container on this machine).");
    for (const QString& l : o.workerLabels)
        if (!kLabel.match(l).hasMatch())
            return QObject::tr("Worker label \"%1\": write key=value, e.g. type=spark-worker.").arg(l);
    for (const QString& t : o.workerTaints)
        if (!kTaint.match(t).hasMatch())
            return QObject::tr("Worker taint \"%1\": write key=value:Effect, e.g. type=spark-worker:NoSchedule.").arg(t);
    for (const QString& p : o.portMappings) {
        const auto m = kPort.match(p);
        if (!m.hasMatch() || m.captured(1).toInt() < 1 || m.captured(1).toInt() > 65535 || m.captured(2).toInt() > 65535)
            return QObject::tr("Port mapping \"%1\": write hostPort:containerPort, e.g. 8080:30080.").arg(p);
    }
    if (o.jobNamespaces.isEmpty())
        return QObject::tr("Name at least one namespace for Spark jobs (default is fine).");
    for (const QString& ns : o.jobNamespaces)
        if (!kName.match(ns).hasMatch())
            return QObject::tr("Namespace \"%1\" is not a valid name.").arg(ns);
    if (!kName.match(o.release).hasMatch() || !kName.match(o.operatorNamespace).hasMatch())
        return QObject::tr("Release and operator namespace must be valid Kubernetes names.");
    return {};
}

QString kindConfig(const SetupOptions& o)
{
    QString y = QStringLiteral("kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: %1\nnodes:\n  - role: control-plane\n")
                    .arg(o.clusterName);
    if (!o.portMappings.isEmpty()) {
        y += QStringLiteral("    extraPortMappings:\n");
        for (const QString& p : o.portMappings) {
            const auto m = kPort.match(p);
            y += QStringLiteral("      - hostPort: %1\n        containerPort: %2\n        protocol: TCP\n").arg(m.captured(1), m.captured(2));
        }
    }
    for (int i = 0; i < o.workers; ++i) {
        y += QStringLiteral("  - role: worker\n");
        if (o.workerLabels.isEmpty() && o.workerTaints.isEmpty())
            continue;
        // Labels and taints go to the kubelet when the node joins (per Kind's docs on kubeadm patches).
        y += QStringLiteral("    kubeadmConfigPatches:\n      - |\n        kind: JoinConfiguration\n        nodeRegistration:\n"
                            "          kubeletExtraArgs:\n");
        if (!o.workerLabels.isEmpty())
            y += QStringLiteral("            node-labels: \"%1\"\n").arg(o.workerLabels.join(QLatin1Char(',')));
        if (!o.workerTaints.isEmpty())
            y += QStringLiteral("            register-with-taints: \"%1\"\n").arg(o.workerTaints.join(QLatin1Char(',')));
    }
    return y;
}

QList<Command> probesFor(StepId step, const SetupOptions& o)
{
    switch (step) {
    case StepId::Cluster:
    case StepId::DeleteCluster:
        return {{QStringLiteral("kind"), {QStringLiteral("get"), QStringLiteral("clusters")}, {}}};
    case StepId::Operator:
        return {{QStringLiteral("helm"),
                 {QStringLiteral("status"), o.release, QStringLiteral("--namespace"), o.operatorNamespace, QStringLiteral("--kube-context"),
                  o.context()},
                 {}}};
    case StepId::ServiceAccount: {
        QList<Command> probes;
        for (const QString& ns : o.jobNamespaces)
            probes << Command{kube::KubectlCommand::program(),
                              kubectlArgs(o, {QStringLiteral("auth"), QStringLiteral("can-i"), QStringLiteral("create"),
                               QStringLiteral("pods"), QStringLiteral("--namespace"), ns,
                               QStringLiteral("--as=system:serviceaccount:%1:%2").arg(ns, o.serviceAccount())}),
                              {}};
        return probes;
    }
    case StepId::Images:
        return {{QStringLiteral("docker"), {QStringLiteral("images"), QStringLiteral("--format"), QStringLiteral("{{json .}}")}, {}}};
    default:
        return {};
    }
}

QList<Command> commandsFor(StepId step, const SetupOptions& o, const QString& kindConfigFile)
{
    QList<Command> c;
    switch (step) {
    case StepId::Prerequisites:
        c << Command{QStringLiteral("docker"), {QStringLiteral("version"), QStringLiteral("--format"), QStringLiteral("{{.Server.Version}}")}, {}}
          << Command{QStringLiteral("kind"), {QStringLiteral("version")}, {}}
          << Command{kube::KubectlCommand::program(), {QStringLiteral("version"), QStringLiteral("--client")}, {}}
          << Command{QStringLiteral("helm"), {QStringLiteral("version"), QStringLiteral("--short")}, {}};
        for (Command& check : c)
            check.timeoutMs = kPrerequisiteTimeoutMs;
        break;
    case StepId::Cluster:
        c << Command{QStringLiteral("kind"),
                     {QStringLiteral("create"), QStringLiteral("cluster"), QStringLiteral("--name"), o.clusterName, QStringLiteral("--config"),
                      kindConfigFile, QStringLiteral("--image"), o.nodeImage, QStringLiteral("--wait"), QStringLiteral("60s")},
                     {}};
        break;
    case StepId::Operator: {
        for (const QString& ns : o.jobNamespaces)
            c << Command{kube::KubectlCommand::program(),
                         kubectlArgs(o, {QStringLiteral("create"), QStringLiteral("namespace"), ns, QStringLiteral("--dry-run=client"),
                          QStringLiteral("--output=yaml")}),
                         {}}
              << Command{kube::KubectlCommand::program(), kubectlArgs(o, {QStringLiteral("apply"), QStringLiteral("--filename=-")}), {}, true};
        if (!o.chartIsLocal()) {
            c << Command{QStringLiteral("helm"),
                         {QStringLiteral("repo"), QStringLiteral("add"), QStringLiteral("spark-operator"), o.helmRepoUrl,
                          QStringLiteral("--force-update")},
                         {}}
              << Command{QStringLiteral("helm"), {QStringLiteral("repo"), QStringLiteral("update"), QStringLiteral("spark-operator")}, {}};
        }
        QStringList args{QStringLiteral("upgrade"), QStringLiteral("--install"), o.release, o.chart, QStringLiteral("--namespace"),
                         o.operatorNamespace, QStringLiteral("--create-namespace"), QStringLiteral("--kube-context"), o.context(),
                         QStringLiteral("--set"), QStringLiteral("spark.jobNamespaces={%1}").arg(o.jobNamespaces.join(QLatin1Char(','))),
                         QStringLiteral("--set"), QStringLiteral("webhook.enable=%1").arg(o.webhook ? QStringLiteral("true") : QStringLiteral("false"))};
        if (!o.chartVersion.isEmpty() && !o.chartIsLocal())
            args << QStringLiteral("--version") << o.chartVersion;
        else if (!o.chartIsLocal())
            args << QStringLiteral("--version") << QStringLiteral(">=2.0.0 <3.0.0"); // the latest 2.x
        c << Command{QStringLiteral("helm"), args, {}};
        break;
    }
    case StepId::ServiceAccount:
        // Repairs what the chart should have made: the job service account and its right to run pods.
        for (const QString& ns : o.jobNamespaces) {
            c << Command{kube::KubectlCommand::program(),
                         kubectlArgs(o, {QStringLiteral("create"), QStringLiteral("serviceaccount"), o.serviceAccount(),
                          QStringLiteral("--namespace"), ns, QStringLiteral("--dry-run=client"), QStringLiteral("--output=yaml")}),
                         {}}
              << Command{kube::KubectlCommand::program(), kubectlArgs(o, {QStringLiteral("apply"), QStringLiteral("--filename=-")}), {}, true}
              << Command{kube::KubectlCommand::program(),
                         kubectlArgs(o, {QStringLiteral("create"), QStringLiteral("role"), o.serviceAccount(), QStringLiteral("--namespace"), ns,
                          QStringLiteral("--verb=get,list,watch,create,update,patch,delete,deletecollection"),
                          QStringLiteral("--resource=pods,services,configmaps,persistentvolumeclaims"), QStringLiteral("--dry-run=client"),
                          QStringLiteral("--output=yaml")}),
                         {}}
              << Command{kube::KubectlCommand::program(), kubectlArgs(o, {QStringLiteral("apply"), QStringLiteral("--filename=-")}), {}, true}
              << Command{kube::KubectlCommand::program(),
                         kubectlArgs(o, {QStringLiteral("create"), QStringLiteral("rolebinding"), o.serviceAccount(), QStringLiteral("--namespace"),
                          ns, QStringLiteral("--role=") + o.serviceAccount(),
                          QStringLiteral("--serviceaccount=%1:%2").arg(ns, o.serviceAccount()), QStringLiteral("--dry-run=client"),
                          QStringLiteral("--output=yaml")}),
                         {}}
              << Command{kube::KubectlCommand::program(), kubectlArgs(o, {QStringLiteral("apply"), QStringLiteral("--filename=-")}), {}, true};
        }
        break;
    case StepId::Images:
        for (const QString& image : o.pullImages)
            c << Command{QStringLiteral("docker"), {QStringLiteral("pull"), image}, {}};
        if (!o.images.isEmpty())
            for (const QString& image : o.images)
                c << Command{QStringLiteral("kind"),
                             {QStringLiteral("load"), QStringLiteral("docker-image"), image, QStringLiteral("--name"), o.clusterName}, {}};
        break;
    case StepId::Verify:
        c << Command{kube::KubectlCommand::program(),
                     kubectlArgs(o, {QStringLiteral("get"), QStringLiteral("crd"), QStringLiteral("sparkapplications.sparkoperator.k8s.io"),
                      QStringLiteral("scheduledsparkapplications.sparkoperator.k8s.io")}),
                     {}}
          << Command{kube::KubectlCommand::program(),
                     kubectlArgs(o, {QStringLiteral("rollout"), QStringLiteral("status"), QStringLiteral("deployment"),
                      QStringLiteral("--namespace"), o.operatorNamespace,
                      QStringLiteral("--selector=app.kubernetes.io/instance=") + o.release, QStringLiteral("--timeout=120s")}),
                     {}};
        break;
    case StepId::DeleteCluster:
        c << Command{QStringLiteral("kind"), {QStringLiteral("delete"), QStringLiteral("cluster"), QStringLiteral("--name"), o.clusterName}, {}};
        break;
    }
    return c;
}

Explanation explainFailure(const Command& command, const QString& output, int exitCode)
{
    auto has = [&](const char* text) { return output.contains(QLatin1String(text), Qt::CaseInsensitive); };
    if (exitCode == -1 && output.contains(QLatin1String("not found on PATH")))
        return {QObject::tr("%1 is not installed").arg(command.program),
                QObject::tr("SparkDeck could not find %1 on the PATH.").arg(command.program), installHint(command.program), false};
    if (has("Cannot connect to the Docker daemon"))
        return {QObject::tr("Docker is not running"),
                QObject::tr("The docker command is installed, but the Docker daemon does not answer. Kind runs every node as a "
                            "Docker container, so it needs the daemon."),
                QObject::tr("Start Docker (Linux: sudo systemctl start docker; macOS and Windows: open Docker Desktop and wait "
                            "until it says it is running), then press Re-check."),
                false};
    if (has("permission denied while trying to connect to the Docker daemon"))
        return {QObject::tr("No permission to use Docker"),
                QObject::tr("Your user may not talk to the Docker daemon's socket (/var/run/docker.sock)."),
                QObject::tr("Add yourself to the docker group: sudo usermod -aG docker $USER, then log out and in again (or run "
                            "newgrp docker) and press Re-check."),
                false};
    if (has("port is already allocated") || has("address already in use"))
        return {QObject::tr("A port is already in use"),
                QObject::tr("Another program (or another Kind cluster) already listens on a host port this cluster maps."),
                QObject::tr("Change or remove the port mapping on the Cluster page, or stop the program that uses the port "
                            "(Linux: sudo ss -ltnp; macOS: lsof -iTCP -sTCP:LISTEN)."),
                false};
    if ((has("failed to pull image") || has("pull access denied") || has("no such host")) && command.program == QLatin1String("kind"))
        return {QObject::tr("The node image cannot be downloaded"),
                QObject::tr("Kind needs the node image; this machine looks offline or cannot reach the registry."),
                QObject::tr("Connect to the internet and retry, or pick a node image that is already on this machine "
                            "(docker images kindest/node)."),
                true};
    if (command.program == QLatin1String("docker") && command.arguments.value(0) == QLatin1String("pull")) {
        const QString image = command.arguments.value(1);
        if (has("pull access denied") || has("manifest unknown") || has("not found"))
            return {QObject::tr("The image %1 does not exist in the registry").arg(image),
                    QObject::tr("The registry has no image of this name and tag (or it needs a docker login)."),
                    QObject::tr("Check the name and tag, or log in to the registry (docker login), then run the step again."), false};
        if (has("no such host") || has("dial tcp") || has("i/o timeout") || has("connection refused") || has("TLS handshake timeout"))
            return {QObject::tr("The image %1 cannot be downloaded").arg(image),
                    QObject::tr("Docker could not reach the registry: this machine looks offline, or a proxy is in the way."),
                    QObject::tr("Connect to the internet and run the step again (what was downloaded is kept), or pull it in a "
                                "terminal: docker pull %1")
                        .arg(image),
                    true};
    }
    if (has("node(s) already exist for a cluster with the name"))
        return {QObject::tr("The cluster already exists"),
                QObject::tr("A Kind cluster with this name is already there."),
                QObject::tr("Choose \"Reuse the existing cluster\", or \"Recreate it\" to delete and create it again."), false};
    if (has("is not a valid chart repository or cannot be reached") || (command.program == QLatin1String("helm") && has("no such host")))
        return {QObject::tr("The Helm repository cannot be reached"),
                QObject::tr("Helm could not download the Spark Operator chart index (offline, or a proxy in the way)."),
                QObject::tr("Connect to the internet and retry, or use a local copy of the chart (Chart: a directory)."), true};
    if (has("failed calling webhook") || (has("webhook") && has("connection refused")))
        return {QObject::tr("The operator's webhook is not ready yet"),
                QObject::tr("The API server called the Spark Operator's webhook before its pod was ready."),
                QObject::tr("Wait a few seconds and retry; the webhook starts shortly after the operator."), true};
    if (has("timed out waiting for the condition") || has("exceeded its progress deadline"))
        return {QObject::tr("The operator is not ready"),
                QObject::tr("Its pods did not become ready in time (slow image pulls are common on the first run)."),
                QObject::tr("Retry; check the pods with kubectl -n spark-operator get pods and their events."), true};
    if (has("Kubernetes cluster unreachable") || has("connection refused") || has("was refused"))
        return {QObject::tr("The cluster does not answer"),
                QObject::tr("kubectl or Helm could not reach the cluster's API server."),
                QObject::tr("Check that the Kind cluster runs (kind get clusters; docker ps) and retry."), true};
    return {};
}

Explanation explainTimeout(const Command& command)
{
    const QString after = QString::number(command.timeoutMs / 1000.0, 'g', 3);
    if (command.program == QLatin1String("docker"))
        return {QObject::tr("Docker does not answer"),
                QObject::tr("docker was still waiting for the Docker daemon after %1 s: the daemon is stuck or still starting.").arg(after),
                QObject::tr("Restart Docker (Linux: sudo systemctl restart docker; macOS and Windows: quit and reopen Docker Desktop), "
                            "check that docker info answers in a terminal, then press Re-check."),
                false};
    return {QObject::tr("%1 does not answer").arg(command.program),
            QObject::tr("%1 was still running after %2 s and was stopped.").arg(command.display(), after),
            QObject::tr("Run %1 in a terminal to see what it waits for (a prompt, a proxy, a server that does not answer), "
                        "fix that, then retry.").arg(command.display()),
            true};
}

QString installHint(const QString& tool, const QString& os)
{
    QString family = os;
    if (family.isEmpty()) {
        const QString type = QSysInfo::productType();
        family = type == QLatin1String("macos") || type == QLatin1String("osx") ? QStringLiteral("macos")
            : type == QLatin1String("windows")                                   ? QStringLiteral("windows")
                                                                                 : QStringLiteral("linux");
    }
    if (tool == QLatin1String("docker")) {
        if (family == QLatin1String("macos"))
            return QObject::tr("Install Docker Desktop (https://docs.docker.com/desktop/) or Colima (brew install colima docker).");
        if (family == QLatin1String("windows"))
            return QObject::tr("Install Docker Desktop with the WSL 2 backend: winget install Docker.DockerDesktop.");
        return QObject::tr("Debian/Ubuntu: sudo apt-get install docker.io && sudo usermod -aG docker $USER (then log out and in).");
    }
    if (tool == QLatin1String("kind")) {
        if (family == QLatin1String("macos"))
            return QObject::tr("brew install kind");
        if (family == QLatin1String("windows"))
            return QObject::tr("winget install Kubernetes.kind");
        return QObject::tr("go install sigs.k8s.io/kind@latest, or download the release binary from https://kind.sigs.k8s.io/.");
    }
    if (tool == QLatin1String("kubectl")) {
        if (family == QLatin1String("macos"))
            return QObject::tr("brew install kubectl");
        if (family == QLatin1String("windows"))
            return QObject::tr("winget install Kubernetes.kubectl");
        return QObject::tr("Install kubectl from https://kubernetes.io/docs/tasks/tools/ (or your distribution's kubernetes-client package).");
    }
    if (tool == QLatin1String("helm")) {
        if (family == QLatin1String("macos"))
            return QObject::tr("brew install helm");
        if (family == QLatin1String("windows"))
            return QObject::tr("winget install Helm.Helm");
        return QObject::tr("Install Helm 3 from https://helm.sh/docs/intro/install/ (Ubuntu: sudo snap install helm --classic).");
    }
    return {};
}

Resources machineResources()
{
    Resources r;
    r.cpus = QThread::idealThreadCount();
    QFile meminfo(QStringLiteral("/proc/meminfo"));
    if (meminfo.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : meminfo.readAll().split('\n')) {
            if (line.startsWith("MemAvailable:")) {
                r.freeMemoryMiB = line.mid(13).trimmed().split(' ').value(0).toLongLong() / 1024;
                break;
            }
        }
    }
    return r;
}

} // namespace setup
