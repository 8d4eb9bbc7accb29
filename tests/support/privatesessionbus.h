#pragma once

// A private D-Bus session bus for a test process: dbus-daemon started before anything reaches for
// the user's session bus, made this process's session bus (DBUS_SESSION_BUS_ADDRESS), and stopped
// when the object goes. Construct it in main() before the QApplication
// (SPARKDECK_TEST_MAIN_ON_PRIVATE_BUS does).

#include <QByteArray>
#include <QFileInfo>
#include <QString>
#include <QTemporaryDir>

#include <csignal>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace testsupport {

class PrivateSessionBus {
public:
    /// Starts dbus-daemon --session on a socket in a temporary directory and waits (up to 5 s) for
    /// the socket. address() stays empty when dbus-daemon is not installed or did not start.
    PrivateSessionBus()
    {
        const QString socket = m_dir.filePath(QStringLiteral("bus"));
        const QByteArray address = "unix:path=" + socket.toUtf8();
        const QByteArray addressArg = "--address=" + address;
        char program[] = "dbus-daemon";
        char session[] = "--session";
        char nofork[] = "--nofork";
        char* args[] = {program, session, nofork, const_cast<char*>(addressArg.constData()), nullptr};
        if (!m_dir.isValid() || posix_spawnp(&m_pid, program, nullptr, nullptr, args, environ) != 0) {
            m_pid = 0;
            return;
        }
        for (int i = 0; i < 500 && !QFileInfo::exists(socket); ++i) {
            int status = 0;
            if (waitpid(m_pid, &status, WNOHANG) == m_pid) { // it ended: not usable
                m_pid = 0;
                return;
            }
            usleep(10000);
        }
        if (QFileInfo::exists(socket)) {
            m_address = QString::fromUtf8(address);
            qputenv("DBUS_SESSION_BUS_ADDRESS", address);
        }
    }

    ~PrivateSessionBus()
    {
        if (m_pid != 0) {
            kill(m_pid, SIGTERM);
            waitpid(m_pid, nullptr, 0);
        }
    }

    PrivateSessionBus(const PrivateSessionBus&) = delete;
    PrivateSessionBus& operator=(const PrivateSessionBus&) = delete;

    /// The bus's address ("unix:path=..."), empty when there is no bus.
    QString address() const { return m_address; }

private:
    QTemporaryDir m_dir;
    pid_t m_pid = 0;
    QString m_address;
};

} // namespace testsupport

/// The main() of a widget test on a private session bus: starts the bus, stores its address (empty
/// when there is none) in the QString variable `addressVariable`, then runs the test object of `TestClass`
/// in a QApplication.
#define SPARKDECK_TEST_MAIN_ON_PRIVATE_BUS(TestClass, addressVariable) \
    int main(int argc, char* argv[]) \
    { \
        testsupport::PrivateSessionBus bus; \
        addressVariable = bus.address(); \
        QApplication app(argc, argv); \
        TestClass test; \
        QTEST_SET_MAIN_SOURCE_PATH \
        return QTest::qExec(&test, argc, argv); \
    }
