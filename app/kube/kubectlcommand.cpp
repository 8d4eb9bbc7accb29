#include "app/kube/kubectlcommand.h"

#include "app/process/shellquote.h"

namespace kube {

KubectlCommand::KubectlCommand(QStringList kubeconfigFiles, QString context, QString ns)
    : m_kubeconfigFiles(std::move(kubeconfigFiles))
    , m_context(std::move(context))
    , m_namespace(std::move(ns))
{
}

QString KubectlCommand::program()
{
    const QString fromEnv = qEnvironmentVariable("SPARKDECK_KUBECTL");
    return fromEnv.isEmpty() ? QStringLiteral("kubectl") : fromEnv;
}

KubectlCommand& KubectlCommand::setKubeconfigFiles(const QStringList& files)
{
    m_kubeconfigFiles = files;
    return *this;
}

KubectlCommand& KubectlCommand::setContext(const QString& context)
{
    m_context = context;
    return *this;
}

KubectlCommand& KubectlCommand::setNamespace(const QString& ns)
{
    m_namespace = ns;
    return *this;
}

QStringList KubectlCommand::arguments(const QStringList& verb) const
{
    QStringList args;
    if (m_kubeconfigFiles.size() == 1) // several files go through $KUBECONFIG (see environment())
        args << QStringLiteral("--kubeconfig") << m_kubeconfigFiles.first();
    if (!m_context.isEmpty())
        args << QStringLiteral("--context") << m_context;
    if (!m_namespace.isEmpty())
        args << QStringLiteral("-n") << m_namespace;
    return args + verb;
}

QProcessEnvironment KubectlCommand::environment() const
{
    if (m_kubeconfigFiles.size() <= 1)
        return {};
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("KUBECONFIG"), m_kubeconfigFiles.join(QLatin1Char(':')));
    return env;
}

QString KubectlCommand::commandLine(const QStringList& verb) const
{
    QString prefix;
    if (m_kubeconfigFiles.size() > 1)
        prefix = QStringLiteral("KUBECONFIG=") + proc::shellQuote(m_kubeconfigFiles.join(QLatin1Char(':'))) + QLatin1Char(' ');
    return prefix + proc::shellCommandLine(program(), arguments(verb));
}

} // namespace kube
