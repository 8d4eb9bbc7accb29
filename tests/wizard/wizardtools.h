#pragma once

// What the wizard's GUI tests run behind the wizard: the recording docker and kind stand-ins of
// tests/wizard/standins, the real helm (tests/tools/build-helm), the control plane's real kubectl
// (tests/cluster/build) and the Spark Operator chart from the Go module cache
// (tests/tools/chart-dir). See tests/wizard/README.md.

#include "tests/support/process.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QWidget>
#include <QString>
#include <QStringList>

struct WizardTools {
    QString helm;    ///< the helm binary
    QString kubectl; ///< the kubectl binary
    QString chart;   ///< the chart directory (read-only)
    QString path;    ///< PATH with the stand-ins, helm and kubectl first, then `basePath`
};

/// The last line of `text`, trimmed (the build scripts print their result there).
inline QString lastLineOf(const QString& text)
{
    return text.trimmed().split(QLatin1Char('\n')).last().trimmed();
}

/// Builds (or finds in the cache) helm, kubectl and the chart for the repository in
/// $SPARKDECK_SOURCE_DIR; a cold build of helm takes minutes. Returns false (with the test failed
/// through runChecked, or `error` set) when one is missing.
inline bool findWizardTools(const QString& basePath, WizardTools* tools, QString* error)
{
    const QString source = qEnvironmentVariable("SPARKDECK_SOURCE_DIR");
    const QString helm = lastLineOf(runChecked(source + QStringLiteral("/tests/tools/build-helm"), {}, Exit::MustSucceed, 600'000).out);
    const QString binDir = lastLineOf(runChecked(source + QStringLiteral("/tests/cluster/build"), {}, Exit::MustSucceed, 600'000).out);
    const QString chart = lastLineOf(runChecked(source + QStringLiteral("/tests/tools/chart-dir"), {}, Exit::MustSucceed, 300'000).out);
    if (!QFileInfo(helm).isExecutable()) {
        *error = QStringLiteral("no helm: ") + helm;
        return false;
    }
    if (!QFileInfo(binDir + QStringLiteral("/kubectl")).isExecutable()) {
        *error = QStringLiteral("no kubectl in ") + binDir;
        return false;
    }
    if (!QFileInfo::exists(chart + QStringLiteral("/Chart.yaml"))) {
        *error = QStringLiteral("no chart in ") + chart;
        return false;
    }
    tools->helm = helm;
    tools->kubectl = binDir + QStringLiteral("/kubectl");
    tools->chart = chart;
    tools->path = source + QStringLiteral("/tests/wizard/standins:") + QFileInfo(helm).absolutePath() + QLatin1Char(':') + binDir
        + QLatin1Char(':') + basePath;
    return true;
}

/// No kube-controller-manager runs in the local control plane: reports the operator's Deployments
/// in `ns` ready the way that controller would, so `kubectl rollout status` succeeds.
inline void markDeploymentsReady(const QString& kubectl, const QString& context, const QString& ns)
{
    const QString contextArg = QStringLiteral("--context=") + context;
    const QString names = runChecked(kubectl, {contextArg, QStringLiteral("get"), QStringLiteral("deployments"), QStringLiteral("-n"), ns,
                                               QStringLiteral("-o"), QStringLiteral("name")})
                              .out;
    for (const QString& deployment : names.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        runChecked(kubectl, {contextArg, QStringLiteral("patch"), deployment.trimmed(), QStringLiteral("-n"), ns,
                             QStringLiteral("--subresource=status"), QStringLiteral("--type=merge"), QStringLiteral("-p"),
                             QStringLiteral("{\"status\":{\"observedGeneration\":1,\"replicas\":1,\"updatedReplicas\":1,"
                                            "\"readyReplicas\":1,\"availableReplicas\":1}}")});
}

/// Keeps the tools away from the user's files: KUBECONFIG is `kubeconfig`, Helm's cache, config and
/// data live under `dir`, and the stand-ins record their calls into `log`.
inline void isolateWizardTools(const QDir& dir, const QString& kubeconfig, const QString& log)
{
    qputenv("KUBECONFIG", kubeconfig.toUtf8());
    qputenv("HELM_CACHE_HOME", dir.filePath(QStringLiteral("helm-cache")).toUtf8());
    qputenv("HELM_CONFIG_HOME", dir.filePath(QStringLiteral("helm-config")).toUtf8());
    qputenv("HELM_DATA_HOME", dir.filePath(QStringLiteral("helm-data")).toUtf8());
    qputenv("SPARKDECK_STANDIN_LOG", log.toUtf8());
}

/// A folder `dir`/system-bin of links to the programs on `path` (the first of each name), except
/// docker, kind, kubectl and helm: with it on PATH those are "not installed" on this machine while
/// the shell and its utilities still are. Made once; returns its path.
inline QString systemBinWithoutTools(const QDir& dir, const QString& path)
{
    const QStringList absent{QStringLiteral("docker"), QStringLiteral("kind"), QStringLiteral("kubectl"), QStringLiteral("helm")};
    const QString system = dir.filePath(QStringLiteral("system-bin"));
    if (!QFileInfo::exists(system)) {
        QDir().mkpath(system);
        for (const QString& folder : path.split(QLatin1Char(':'), Qt::SkipEmptyParts))
            for (const QFileInfo& file : QDir(folder).entryInfoList(QDir::Files | QDir::Executable))
                if (!absent.contains(file.fileName()))
                    QFile::link(file.absoluteFilePath(), system + QLatin1Char('/') + file.fileName()); // the first one wins
    }
    return system;
}

/// Saves a picture of `widget` as `dir`/`name`.png; does nothing when `dir` is empty (no
/// SPARKDECK_SCREENSHOT_DIR).
inline void saveShot(QWidget& widget, const QString& dir, const QString& name)
{
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    widget.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}
