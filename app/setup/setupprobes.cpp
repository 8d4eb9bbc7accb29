#include "app/setup/setupprobes.h"

#include "app/kube/kubectlcommand.h"
#include "app/process/toolpath.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace setup {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("setup::SetupProbes", text);
}
} // namespace

bool PullProgress::feed(const QString& line)
{
    static const QRegularExpression layerLine(QStringLiteral("^([0-9a-f]{12}): (.+)$"));
    const QString text = line.trimmed();
    if (text.contains(QLatin1String(": Pulling from "))) {
        *this = PullProgress();
        return true;
    }
    if (text.startsWith(QLatin1String("Status: "))) {
        const bool changed = !finished || done != total;
        finished = true;
        done = total;
        return changed;
    }
    const QRegularExpressionMatch m = layerLine.match(text);
    if (!m.hasMatch())
        return false;
    const QString id = m.captured(1);
    const QString status = m.captured(2);
    bool changed = false;
    if (!m_layers.contains(id)) {
        m_layers << id;
        total = int(m_layers.size());
        changed = true;
    }
    if ((status == QLatin1String("Pull complete") || status == QLatin1String("Already exists")) && !m_done.contains(id)) {
        m_done << id;
        done = int(m_done.size());
        changed = true;
    }
    return changed;
}

QList<LocalImage> parseDockerImages(const QByteArray& output)
{
    QList<LocalImage> images;
    for (const QByteArray& line : output.split('\n')) {
        const QJsonObject image = QJsonDocument::fromJson(line).object();
        if (image.isEmpty())
            continue;
        const QString ref = image.value(QLatin1String("Repository")).toString() + QLatin1Char(':')
            + image.value(QLatin1String("Tag")).toString();
        if (ref.startsWith(QLatin1String("kindest/node")))
            continue;
        images << LocalImage{ref, image.value(QLatin1String("Size")).toString(), ref.startsWith(QLatin1String("spark"))};
    }
    return images;
}

bool clusterListed(const QByteArray& output, const QString& name)
{
    for (const QByteArray& line : output.split('\n'))
        if (!name.isEmpty() && line.trimmed() == name.toUtf8())
            return true;
    return false;
}

PrerequisiteStatus describePrerequisite(const Command& check, const StepResult& r)
{
    // The command's own output: the log without its "$ command" line.
    const QString output = r.output.section(QLatin1Char('\n'), 1).trimmed();
    PrerequisiteStatus s;
    s.ok = r.ok;
    switch (r.outcome) {
    case Outcome::Succeeded:
        s.status = tr("✓ found");
        s.detail = output.section(QLatin1Char('\n'), 0, 0);
        if (const QString tools = proc::toolsDirectory();
            QFileInfo(proc::resolveProgram(check.program)).absolutePath() == QDir(tools).absolutePath())
            s.detail += tr(" (downloaded by SparkDeck into %1)").arg(QDir::toNativeSeparators(tools));
        break;
    case Outcome::NotStarted:
        s.status = tr("✗ missing");
        s.missing = true;
        s.detail = installHint(check.program);
        break;
    case Outcome::TimedOut:
        s.status = tr("✗ no answer");
        s.detail = r.explanation.title + QStringLiteral(": ") + r.explanation.fix;
        break;
    default:
        s.status = tr("✗ failed (exit code %1)").arg(r.exitCode);
        s.detail = r.explanation.title.isEmpty() ? output.section(QLatin1Char('\n'), 0, 0)
                                                 : r.explanation.title + QStringLiteral(": ") + r.explanation.fix;
        break;
    }
    s.toolTip = r.ok || r.outcome == Outcome::NotStarted ? s.detail : output;
    return s;
}

QString smokeTestName(qint64 secsSinceEpoch)
{
    return QStringLiteral("sparkdeck-smoke-%1").arg(secsSinceEpoch % 100000);
}

QList<Command> smokeTestCommands(const SetupOptions& o, const QString& name, const QByteArray& manifest)
{
    const QString ns = o.jobNamespaces.value(0, QStringLiteral("default"));
    const kube::KubectlCommand kubectl({}, o.context(), ns);
    const QString program = kube::KubectlCommand::program();
    return {Command{program, kubectl.arguments({QStringLiteral("create"), QStringLiteral("--filename=-")}), manifest},
            Command{program,
                    kubectl.arguments({QStringLiteral("wait"), QStringLiteral("--for=jsonpath={.status.applicationState.state}=COMPLETED"),
                                       QStringLiteral("sparkapplication/") + name, QStringLiteral("--timeout=300s")}),
                    {}},
            Command{program,
                    kubectl.arguments({QStringLiteral("logs"), name + QStringLiteral("-driver"),
                                       QStringLiteral("--container=spark-kubernetes-driver"), QStringLiteral("--tail=30")}),
                    {}}};
}

QList<Command> clusterStepCommands(const SetupOptions& o, bool clusterExists, bool reuse, const QString& kindConfigFile)
{
    if (clusterExists && reuse)
        return {Command{QStringLiteral("kind"), {QStringLiteral("get"), QStringLiteral("kubeconfig"), QStringLiteral("--name"), o.clusterName}, {}}};
    QList<Command> commands;
    if (clusterExists)
        commands << commandsFor(StepId::DeleteCluster, o);
    return commands + commandsFor(StepId::Cluster, o, kindConfigFile);
}

QList<Command> operatorStepCommands(const SetupOptions& o, bool releaseExists, bool keep)
{
    return releaseExists && keep ? probesFor(StepId::Operator, o) : commandsFor(StepId::Operator, o);
}

} // namespace setup
