// kube::PortForward without a cluster: a kubectl stand-in (SPARKDECK_KUBECTL) that announces a
// forward and ignores SIGTERM. stop() and the destructor return at once, and kubectl is still
// ended (KILL after the grace period) and reaped.

#include "app/kube/portforward.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

namespace {
bool alive(qint64 pid)
{
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}
} // namespace

class TestPortForward : public QObject {
    Q_OBJECT
private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_pidFile = m_dir.filePath(QStringLiteral("pid"));
        QFile::remove(m_pidFile);
        const QString script = m_dir.filePath(QStringLiteral("kubectl"));
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QStringLiteral("#!/bin/sh\ntrap '' TERM\necho $$ > '%1.tmp' && mv '%1.tmp' '%1'\n"
                               "echo 'Forwarding from 127.0.0.1:45678 -> 4040'\nwhile :; do sleep 1; done\n")
                    .arg(m_pidFile)
                    .toUtf8());
        f.close();
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        qputenv("SPARKDECK_KUBECTL", script.toUtf8());
    }

    void cleanup()
    {
        qunsetenv("SPARKDECK_KUBECTL");
    }

    void stopReturnsAtOnceAndKubectlStillEnds()
    {
        kube::PortForward forward({QStringLiteral("/tmp/my config")}, QStringLiteral("kind-spark"), QStringLiteral("default"),
                                  QStringLiteral("svc/x-ui-svc"), 4040);
        QSignalSpy ready(&forward, &kube::PortForward::ready);
        QSignalSpy failed(&forward, &kube::PortForward::failed);
        forward.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QCOMPARE(ready.at(0).at(0).toUrl(), QUrl(QStringLiteral("http://127.0.0.1:45678")));
        const qint64 pid = readPid();
        QVERIFY(alive(pid));
        QElapsedTimer clock;
        clock.start();
        forward.stop();
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(alive(pid)); // it ignores TERM: it is still there, and stop() did not wait for it
        QVERIFY(!forward.isRunning());
        QVERIFY(forward.url().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), 10000); // killed after the grace period, and reaped
        QCOMPARE(failed.size(), 0);                   // a stop is no failure
    }

    void destroyingItReturnsAtOnce()
    {
        auto* forward = new kube::PortForward({}, QString(), QStringLiteral("default"), QStringLiteral("svc/x-ui-svc"), 4040);
        QSignalSpy ready(forward, &kube::PortForward::ready);
        forward->start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        const qint64 pid = readPid();
        QElapsedTimer clock;
        clock.start();
        delete forward;
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QTRY_VERIFY_WITH_TIMEOUT(!alive(pid), 10000);
    }

    void restartingIsImmediate()
    {
        kube::PortForward forward({}, QString(), QStringLiteral("default"), QStringLiteral("svc/x-ui-svc"), 4040);
        QSignalSpy ready(&forward, &kube::PortForward::ready);
        forward.start();
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        const qint64 first = readPid();
        QFile::remove(m_pidFile);
        QElapsedTimer clock;
        clock.start();
        forward.start();
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 2, 10000);
        const qint64 second = readPid();
        QVERIFY(second != first);
        QTRY_VERIFY_WITH_TIMEOUT(!alive(first), 10000);
        QVERIFY(alive(second));
        forward.stop();
        QTRY_VERIFY_WITH_TIMEOUT(!alive(second), 10000);
    }

    // A kubectl that cannot be started is a Process error, reported from the event loop (after
    // start() returned), and not at all once stopped.
    void missingKubectlFailsLaterAsAProcessError()
    {
        qputenv("SPARKDECK_KUBECTL", "sparkdeck-no-such-kubectl"); // not on PATH: QProcess may fail at once
        kube::PortForward forward({}, QString(), QStringLiteral("default"), QStringLiteral("svc/x-ui-svc"), 4040);
        QSignalSpy failed(&forward, &kube::PortForward::failed);
        forward.start();
        QCOMPARE(failed.size(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        const auto error = failed.at(0).at(0).value<kube::KubeError>();
        QCOMPARE(error.kind, kube::KubeError::Kind::Process);
        QVERIFY2(error.message.contains(QLatin1String("no-such-kubectl")), qPrintable(error.message));
        QCOMPARE(error.summary(), error.message);

        forward.start();
        forward.stop();
        QCoreApplication::sendPostedEvents(); // delivers a queued failure, if there were one
        QCoreApplication::processEvents();
        QCOMPARE(failed.size(), 1);
    }

    // kubectl ending is a Process error with kubectl's words.
    void kubectlEndingIsAProcessError()
    {
        const QString script = m_dir.filePath(QStringLiteral("kubectl-fails"));
        QFile f(script);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("#!/bin/sh\necho 'error: pods \"x\" not found'\nexit 1\n");
        f.close();
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
        qputenv("SPARKDECK_KUBECTL", script.toUtf8());
        kube::PortForward forward({}, QString(), QStringLiteral("default"), QStringLiteral("svc/x-ui-svc"), 4040);
        QSignalSpy failed(&forward, &kube::PortForward::failed);
        forward.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 10000);
        const auto error = failed.at(0).at(0).value<kube::KubeError>();
        QCOMPARE(error.kind, kube::KubeError::Kind::Process);
        QVERIFY2(error.message.contains(QLatin1String("exit code 1: error: pods \"x\" not found")), qPrintable(error.message));
        QVERIFY2(error.message.startsWith(kube::PortForward::hint(QStringLiteral("not found"))), qPrintable(error.message));
    }

    void argumentsSelectTheCluster()
    {
        kube::PortForward forward({QStringLiteral("/tmp/my config")}, QStringLiteral("kind-spark"), QStringLiteral("jobs"),
                                  QStringLiteral("svc/x-ui-svc"), 4040);
        QCOMPARE(forward.arguments(),
                 (QStringList{QStringLiteral("--kubeconfig"), QStringLiteral("/tmp/my config"), QStringLiteral("--context"),
                              QStringLiteral("kind-spark"), QStringLiteral("-n"), QStringLiteral("jobs"), QStringLiteral("port-forward"),
                              QStringLiteral("svc/x-ui-svc"), QStringLiteral(":4040"), QStringLiteral("--address"),
                              QStringLiteral("127.0.0.1")}));
        QCOMPARE(kube::PortForward::kubectlProgram(), qEnvironmentVariable("SPARKDECK_KUBECTL"));
        // A chosen local port: kubectl's LOCAL:REMOTE.
        forward.setLocalPort(8080);
        QVERIFY(forward.arguments().contains(QStringLiteral("8080:4040")));
        QVERIFY(!forward.arguments().contains(QStringLiteral(":4040")));
    }

private:
    qint64 readPid()
    {
        QFile f(m_pidFile);
        if (!f.open(QIODevice::ReadOnly))
            return 0;
        return f.readAll().trimmed().toLongLong();
    }

    QTemporaryDir m_dir;
    QString m_pidFile;
};

QTEST_GUILESS_MAIN(TestPortForward)
#include "tst_portforward.moc"
