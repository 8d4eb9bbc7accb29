#include "app/kube/portforward.h"

#include <QRegularExpression>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

namespace kube {

PortForward::PortForward(QStringList kubeconfigFiles, QString context, QString ns, QString target, int remotePort,
                         QObject* parent)
    : QObject(parent)
    , m_kubeconfigFiles(std::move(kubeconfigFiles))
    , m_context(std::move(context))
    , m_namespace(std::move(ns))
    , m_target(std::move(target))
    , m_remotePort(remotePort)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
#ifdef Q_OS_LINUX
    // kubectl ends with SparkDeck even when SparkDeck is killed or crashes (no forward left behind).
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#endif
    connect(&m_process, &QProcess::readyRead, this, [this] {
        m_output += m_process.readAll();
        static const QRegularExpression forwarding(QStringLiteral(R"(Forwarding from 127\.0\.0\.1:(\d+) ->)"));
        if (m_url.isEmpty()) {
            const auto m = forwarding.match(QString::fromUtf8(m_output));
            if (m.hasMatch()) {
                m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m.captured(1)));
                emit ready(m_url);
            }
        }
        if (m_output.size() > 64 * 1024)
            m_output = m_output.right(16 * 1024);
    });
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            emit failed(tr("Cannot run %1: %2. Install kubectl or set SPARKDECK_KUBECTL.").arg(kubectlProgram(), m_process.errorString()));
    });
    connect(&m_process, &QProcess::finished, this, [this](int code) {
        if (m_stopping)
            return;
        const QString said = QString::fromUtf8(m_output).trimmed();
        emit failed(tr("%1 (kubectl port-forward ended with exit code %2%3)")
                        .arg(hint(said))
                        .arg(code)
                        .arg(said.isEmpty() ? QString() : QStringLiteral(": ") + said.right(400)));
        m_url.clear();
    });
}

PortForward::~PortForward()
{
    stop();
}

QString PortForward::kubectlProgram()
{
    const QString fromEnv = qEnvironmentVariable("SPARKDECK_KUBECTL");
    return fromEnv.isEmpty() ? QStringLiteral("kubectl") : fromEnv;
}

QString PortForward::hint(const QString& kubectlOutput)
{
    auto said = [&kubectlOutput](const char* words) { return kubectlOutput.contains(QLatin1String(words), Qt::CaseInsensitive); };
    if (said("forbidden"))
        return tr("You are not allowed to port-forward in this namespace (it needs permission to create pods/portforward): "
                  "ask the cluster administrator.");
    if (said("pod does not exist") || said("not running") || (said("not found") && !said("page not found")))
        return tr("The driver is not running: the Spark UI exists only while the driver runs. Wait until the application "
                  "is RUNNING, or read the driver log.");
    if (said("upgrad") || said("404"))
        return tr("The cluster (or a proxy in front of it) does not allow port-forward: ask its administrator, or reach "
                  "the Spark UI through an ingress.");
    if (said("unable to connect") || said("connection refused") || said("no such host"))
        return tr("kubectl cannot reach the cluster: check that it is up and that kubectl works with this context.");
    return tr("Check that the driver is running and that kubectl port-forward works with this cluster (copy the command "
              "from the kubectl menu and run it).");
}

QStringList PortForward::arguments() const
{
    QStringList args;
    if (m_kubeconfigFiles.size() == 1) // several files go through $KUBECONFIG (see start())
        args << QStringLiteral("--kubeconfig") << m_kubeconfigFiles.first();
    if (!m_context.isEmpty())
        args << QStringLiteral("--context") << m_context;
    args << QStringLiteral("-n") << m_namespace << QStringLiteral("port-forward") << m_target
         << QStringLiteral(":%1").arg(m_remotePort) << QStringLiteral("--address") << QStringLiteral("127.0.0.1");
    return args;
}

void PortForward::start()
{
    stop();
    m_stopping = false;
    m_output.clear();
    m_url.clear();
    if (m_kubeconfigFiles.size() > 1) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("KUBECONFIG"), m_kubeconfigFiles.join(QLatin1Char(':')));
        m_process.setProcessEnvironment(env);
    }
    m_process.start(kubectlProgram(), arguments());
}

void PortForward::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_stopping = true;
    m_process.terminate();
    if (!m_process.waitForFinished(3000)) {
        m_process.kill();
        m_process.waitForFinished(1000);
    }
    m_url.clear();
}

} // namespace kube
