#include "app/setup/setupsession.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

namespace setup {

SetupSession::SetupSession(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<setup::StepResult>();
    qRegisterMetaType<setup::PrerequisiteStatus>();
    for (StepId step : {StepId::Prerequisites, StepId::Cluster, StepId::Operator, StepId::ServiceAccount, StepId::Images, StepId::Verify})
        m_runners.insert(int(step), new StepRunner(this));
    // ended(): the run panel showing this runner has shown the check's end; then the next starts.
    connect(runner(StepId::Prerequisites), &StepRunner::ended, this, &SetupSession::onPrerequisiteFinished);
    m_kindConfigFile = QDir::tempPath() + QStringLiteral("/sparkdeck-kind-config-%1.yaml").arg(QCoreApplication::applicationPid());
}

SetupSession::~SetupSession()
{
    removeKindConfig();
}

void SetupSession::removeKindConfig()
{
    QFile::remove(m_kindConfigFile);
}

StepRunner* SetupSession::runner(StepId step) const
{
    return m_runners.value(int(step));
}

QStringList SetupSession::prerequisiteTools()
{
    QStringList tools;
    for (const Command& check : commandsFor(StepId::Prerequisites, SetupOptions{}))
        tools << check.program;
    return tools;
}

void SetupSession::checkPrerequisites(const SetupOptions& options, int timeoutMs)
{
    StepRunner* checks = runner(StepId::Prerequisites);
    if (m_checking || checks->isRunning())
        return;
    m_checks = commandsFor(StepId::Prerequisites, options);
    for (Command& check : m_checks)
        check.timeoutMs = timeoutMs;
    m_checkIndex = 0;
    m_problems.clear();
    m_checking = true;
    checks->run({m_checks.first()});
    emit prerequisitesProgress(0, int(m_checks.size()));
}

void SetupSession::onPrerequisiteFinished(const StepResult& r)
{
    if (!m_checking)
        return;
    const int index = m_checkIndex;
    const int total = int(m_checks.size());
    const QString tool = prerequisiteTools().value(index);
    if (r.cancelled) {
        m_checking = false;
        emit prerequisitesProgress(index, total);
        emit prerequisitesFinished(m_problems, true, index);
        return;
    }
    const PrerequisiteStatus status = describePrerequisite(m_checks.at(index), r);
    if (!status.ok)
        m_problems << tool;
    emit prerequisiteChecked(index, tool, status);
    m_checkIndex = index + 1;
    if (m_checkIndex < total) {
        runner(StepId::Prerequisites)->run({m_checks.at(m_checkIndex)}, true); // one clock for all the checks
        emit prerequisitesProgress(m_checkIndex, total); // of all the checks, not of this one
        return;
    }
    m_checking = false;
    emit prerequisitesProgress(total, total);
    emit prerequisitesFinished(m_problems, false, total);
}

CommandRunner* SetupSession::probe(const QString& kind)
{
    // One runner per kind of probe: a new probe replaces the one still running.
    CommandRunner*& runner = m_probes[kind];
    if (!runner)
        runner = new CommandRunner(this);
    runner->disconnect(this);
    return runner;
}

void SetupSession::probeCluster(const SetupOptions& options)
{
    CommandRunner* runner = probe(QStringLiteral("cluster"));
    const QString name = options.clusterName;
    connect(runner, &CommandRunner::finished, this, [this, runner, name](int code, bool cancelled) {
        if (!cancelled)
            emit clusterProbed(name, code == 0 && clusterListed(runner->standardOutput(), name));
    });
    runner->start(probesFor(StepId::Cluster, options).first());
}

void SetupSession::probeRelease(const SetupOptions& options)
{
    CommandRunner* runner = probe(QStringLiteral("release"));
    const QString release = options.release;
    connect(runner, &CommandRunner::finished, this, [this, release](int code, bool cancelled) {
        if (!cancelled)
            emit releaseProbed(release, code == 0);
    });
    runner->start(probesFor(StepId::Operator, options).first());
}

void SetupSession::listImages(const SetupOptions& options)
{
    CommandRunner* runner = probe(QStringLiteral("images"));
    connect(runner, &CommandRunner::finished, this, [this, runner](int, bool cancelled) {
        if (!cancelled)
            emit imagesListed(parseDockerImages(runner->standardOutput()));
    });
    runner->start(probesFor(StepId::Images, options).first());
}

QString SetupSession::writeKindConfig(const SetupOptions& options)
{
    QFile f(m_kindConfigFile);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    f.write(kindConfig(options).toUtf8());
    return m_kindConfigFile;
}

void SetupSession::cancelAll()
{
    for (StepRunner* r : std::as_const(m_runners))
        r->cancel();
    for (CommandRunner* p : std::as_const(m_probes)) {
        p->disconnect(this);
        p->cancel();
    }
}

StepRunner* SetupSession::deleteCluster(const QString& name, QObject* owner)
{
    auto* runner = new StepRunner(owner);
    connect(runner, &StepRunner::finished, runner, &QObject::deleteLater);
    SetupOptions o;
    o.clusterName = name;
    runner->run(commandsFor(StepId::DeleteCluster, o));
    return runner;
}

} // namespace setup
