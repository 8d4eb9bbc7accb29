// Where the local control plane started by tests/integration/fixture keeps its kubeconfig and
// kubectl; no widgets, so headless tests can use it too.
#pragma once

#include "tests/support/process.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QStringList>

/// The cluster the fixture started: its kubeconfig and the kubectl next to it.
struct ClusterFixture {
    QString kubeconfig; ///< absolute path; empty when the fixture did not run
    QString kubectl;    ///< `<state>/bin/kubectl`
    QString mode;       ///< what `up` wrote into `<state>/mode`: "real" for `up --real`, "" if unreadable
    QString error;      ///< why kubeconfig is empty (or kubectl missing), for QVERIFY2
};

/// Reads the kubeconfig path the fixture wrote into the file named by the environment variable
/// `pathFileVariable` ($SPARKDECK_TEST_KUBECONFIG_FILE, or ..._B for the second cluster). On failure
/// kubeconfig is empty and error says what to do.
inline ClusterFixture readClusterFixture(const char* pathFileVariable = "SPARKDECK_TEST_KUBECONFIG_FILE")
{
    ClusterFixture fixture;
    const QString pathFile = qEnvironmentVariable(pathFileVariable);
    QFile f(pathFile);
    if (pathFile.isEmpty() || !f.open(QIODevice::ReadOnly)) {
        fixture.error = QStringLiteral("the cluster fixture did not run: start the tests with ctest");
        return fixture;
    }
    const QString kubeconfig = QString::fromUtf8(f.readAll()).trimmed();
    const QString kubectl = QFileInfo(kubeconfig).absoluteDir().filePath(QStringLiteral("bin/kubectl"));
    if (!QFileInfo::exists(kubeconfig)) {
        fixture.error = QStringLiteral("no kubeconfig at ") + kubeconfig;
    } else if (!QFileInfo(kubectl).isExecutable()) {
        fixture.error = QStringLiteral("no kubectl at ") + kubectl;
    } else {
        fixture.kubeconfig = kubeconfig;
        fixture.kubectl = kubectl;
        QFile mode(QFileInfo(kubeconfig).absoluteDir().filePath(QStringLiteral("mode")));
        if (mode.open(QIODevice::ReadOnly))
            fixture.mode = QString::fromUtf8(mode.readAll()).trimmed();
    }
    return fixture;
}

/// Runs the fixture's kubectl with its kubeconfig and `args`; a nonzero exit fails the test
/// unless `exit` is Exit::MayFail (see runChecked()).
inline ProcessResult runKubectl(const ClusterFixture& fixture, const QStringList& args, Exit exit = Exit::MustSucceed)
{
    return runChecked(fixture.kubectl, QStringList{QStringLiteral("--kubeconfig"), fixture.kubeconfig} + args, exit);
}
