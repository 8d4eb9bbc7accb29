#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace kube {

/// Builds kubectl command lines for one cluster: the program (honouring $SPARKDECK_KUBECTL), the
/// global flags that select the cluster (--kubeconfig, --context, --namespace) and a copyable
/// command line for the user. Pure (reads only the environment variable) and without errors; the
/// one place where SparkDeck spells kubectl's flags.
///
/// Flags follow kubectl's own syntax (kubectl options): `--kubeconfig FILE`, `--context NAME`,
/// `-n NS`. One kubeconfig file is passed with --kubeconfig; several go through $KUBECONFIG
/// (kubectl's --kubeconfig takes one file only), see environment().
class KubectlCommand {
public:
    KubectlCommand() = default;
    KubectlCommand(QStringList kubeconfigFiles, QString context, QString ns = {});

    /// The kubectl program: $SPARKDECK_KUBECTL when set and not empty, else "kubectl" (on PATH).
    static QString program();

    KubectlCommand& setKubeconfigFiles(const QStringList& files);
    KubectlCommand& setContext(const QString& context);
    KubectlCommand& setNamespace(const QString& ns);
    QStringList kubeconfigFiles() const { return m_kubeconfigFiles; }
    QString context() const { return m_context; }
    QString ns() const { return m_namespace; }

    /// The global flags, then `verb`: e.g. {"--kubeconfig", F, "--context", C, "-n", NS, "get",
    /// "pods"}. An empty context or namespace is left out (kubectl's current context / namespace).
    QStringList arguments(const QStringList& verb) const;
    /// The child's environment: SparkDeck's own, with $KUBECONFIG set to the files joined by ':'
    /// when there are several; empty (= inherit as is) otherwise.
    QProcessEnvironment environment() const;
    /// The command as the user would type it in a POSIX shell (sh, bash, zsh), every word quoted
    /// as needed (proc::shellQuote), e.g. "kubectl --kubeconfig '/home/me/my config' --context kind-spark
    /// -n default get pods"; with several kubeconfig files it starts with "KUBECONFIG='a:b' ".
    QString commandLine(const QStringList& verb) const;

private:
    QStringList m_kubeconfigFiles;
    QString m_context;
    QString m_namespace;
};

} // namespace kube
