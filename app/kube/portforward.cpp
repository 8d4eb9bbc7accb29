#include "app/kube/portforward.h"

#include <QRegularExpression>

namespace kube {

PortForward::PortForward(QStringList kubeconfigFiles, QString context, QString ns, QString target, int remotePort,
                         QObject* parent)
    : QObject(parent)
    , m_kubectl(std::move(kubeconfigFiles), std::move(context), std::move(ns))
    , m_target(std::move(target))
    , m_remotePort(remotePort)
{
    connect(&m_process, &proc::ProcessRunner::readyReadStandardOutput, this, [this] {
        m_output += m_process.readAllStandardOutput();
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
    connect(&m_process, &proc::ProcessRunner::failedToStart, this, [this](const QString& error) {
        // Possibly from inside start(): report it from the event loop, unless stopped by then.
        const KubeError why = KubeError::process(
            tr("Cannot run %1: %2. Install kubectl or set SPARKDECK_KUBECTL.").arg(kubectlProgram(), error));
        QMetaObject::invokeMethod(this, [this, why, run = m_run] {
            if (run == m_run)
                emit failed(why);
        }, Qt::QueuedConnection);
    });
    connect(&m_process, &proc::ProcessRunner::finished, this, [this](int code) {
        const QString said = QString::fromUtf8(m_output).trimmed();
        m_url.clear();
        emit failed(KubeError::process(tr("%1 (kubectl port-forward ended with exit code %2%3)")
                                           .arg(hint(said))
                                           .arg(code)
                                           .arg(said.isEmpty() ? QString() : QStringLiteral(": ") + said.right(400))));
    });
}

PortForward::~PortForward()
{
    stop();
}

QString PortForward::kubectlProgram()
{
    return KubectlCommand::program();
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
    return m_kubectl.arguments({QStringLiteral("port-forward"), m_target, QStringLiteral("%1:%2").arg(m_localPort > 0 ? QString::number(m_localPort) : QString()).arg(m_remotePort),
                                QStringLiteral("--address"), QStringLiteral("127.0.0.1")});
}

void PortForward::start()
{
    stop();
    m_output.clear();
    proc::ProcessSpec spec;
    spec.program = kubectlProgram();
    spec.arguments = arguments();
    spec.environment = m_kubectl.environment();
    spec.mergeChannels = true;
    spec.endWithParent = true; // no forward left behind when SparkDeck is killed or crashes
    m_process.start(spec);
}

void PortForward::stop()
{
    ++m_run;
    m_process.abandon();
    m_url.clear();
}

} // namespace kube
