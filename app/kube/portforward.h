#pragma once

#include "app/kube/kubeerror.h"
#include "app/kube/kubectlcommand.h"
#include "app/process/processrunner.h"

#include <QObject>
#include <QStringList>
#include <QUrl>

namespace kube {

/// Forwards a local port to a service or pod port by running `kubectl port-forward` (an HTTP
/// upgrade SparkDeck does not speak itself; Freelens does the same), with an argument list, never
/// a shell: `kubectl [--kubeconfig F] [--context C] -n NS port-forward TARGET :PORT --address 127.0.0.1`.
/// kubectl is $SPARKDECK_KUBECTL or `kubectl` on PATH (kube::KubectlCommand builds the arguments).
/// Reads kubectl's "Forwarding from 127.0.0.1:LOCAL -> PORT" line to learn the local port. kubectl
/// runs through a proc::ProcessRunner and is terminated (TERM to its process group, KILL 3 s later,
/// in the background) by stop(), by the destructor and, on Linux, when SparkDeck's process ends in
/// any way (PR_SET_PDEATHSIG). Signals come on the thread that owns the object, from the event loop
/// (never from inside start() or stop()). Failures are typed: a kube::KubeError of Kind::Process.
class PortForward : public QObject {
    Q_OBJECT
public:
    /// `kubeconfigFiles` and `context` select the same cluster as SparkDeck; `target` is e.g.
    /// "svc/spark-pi-ui-svc"; `remotePort` e.g. 4040.
    PortForward(QStringList kubeconfigFiles, QString context, QString ns, QString target, int remotePort,
                QObject* parent = nullptr);
    ~PortForward() override;

    /// The local port to listen on (kubectl's `LOCAL:REMOTE`); 0, the default, lets kubectl pick a
    /// free one (`:REMOTE`). Takes effect at the next start().
    void setLocalPort(int port) { m_localPort = port; }
    int localPort() const { return m_localPort; }

    /// Starts kubectl (stopping a previous run); ready() or failed() follows, later.
    void start();
    /// Ends kubectl (and with it the forward). Returns at once: kubectl is ended in the background;
    /// no ready() or failed() follows.
    void stop();
    bool isRunning() const { return m_process.isRunning(); }
    /// http://127.0.0.1:LOCAL once ready, else empty.
    QUrl url() const { return m_url; }
    /// The command line that is run (for "copy kubectl command" and error messages).
    QStringList arguments() const;

    /// The kubectl program used: $SPARKDECK_KUBECTL or "kubectl".
    static QString kubectlProgram();
    /// What to do about a port-forward that ended, from what kubectl said (`kubectlOutput`, its
    /// merged stdout and stderr): the driver is not running, the cluster does not allow
    /// port-forward, the user may not port-forward, the cluster is unreachable, or (when nothing
    /// matches) how to check. One English sentence or two; pure.
    static QString hint(const QString& kubectlOutput);

signals:
    void ready(const QUrl& url);
    /// kubectl could not be started or ended: `error` is of Kind::Process, its message says why
    /// and what to do (hint()), then kubectl's own words and exit code.
    void failed(const kube::KubeError& error);

private:
    KubectlCommand m_kubectl;
    QString m_target;
    int m_remotePort;
    int m_localPort = 0;
    proc::ProcessRunner m_process;
    QByteArray m_output;
    QUrl m_url;
    quint64 m_run = 0; // bumped by stop(); a queued failure of an earlier run is dropped
};

} // namespace kube
