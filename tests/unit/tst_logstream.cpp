// LogStream against a scripted server: timestamps stripped, a dropped follow stream resumes with
// sinceTime without duplicated or missing lines, "waiting to start" is retried, an empty reopened
// stream means the container ended.

#include "kubeclient.h"
#include "logstream.h"
#include "scriptedserver.h"

#include <QSignalSpy>
#include <QTest>

using kube::LogStream;

class TestLogStream : public QObject {
    Q_OBJECT
private slots:
    void resumeWithoutDuplicatesOrGaps()
    {
        int opened = 0;
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            ++opened;
            QCOMPARE(r.path, QStringLiteral("/api/v1/namespaces/default/pods/pi-driver/log"));
            QCOMPARE(r.query.queryItemValue(QStringLiteral("timestamps")), QStringLiteral("true"));
            QCOMPARE(r.query.queryItemValue(QStringLiteral("follow")), QStringLiteral("true"));
            QCOMPARE(r.query.queryItemValue(QStringLiteral("container")), QStringLiteral("spark-kubernetes-driver"));
            x->begin("text/plain");
            if (opened == 1) {
                QVERIFY(!r.query.hasQueryItem(QStringLiteral("sinceTime")));
                // Two lines share one timestamp; the stream drops in the middle of a line.
                x->send("2026-11-21T10:00:00.100000000Z line 1\n"
                        "2026-11-21T10:00:01.5Z line 2\n"
                        "2026-11-21T10:00:01.5Z line 3\n"
                        "2026-11-21T10:00:02.25Z line ");
                x->close();
            } else if (opened == 2) {
                // sinceTime has second precision: the server repeats from 10:00:01.
                QCOMPARE(r.query.queryItemValue(QStringLiteral("sinceTime")), QStringLiteral("2026-11-21T10:00:01Z"));
                x->send("2026-11-21T10:00:01.5Z line 2\n"
                        "2026-11-21T10:00:01.5Z line 3\n"
                        "2026-11-21T10:00:02.25Z line 4\n"
                        "2026-11-21T10:00:03Z line 5 with  two spaces\n");
                x->close();
            } else {
                x->close(); // nothing new: the container has finished
            }
        });
        kube::ClusterConnection c;
        c.server = QUrl(server.url());
        kube::KubeClient client(c);
        LogStream stream(&client, {QStringLiteral("default"), QStringLiteral("pi-driver"),
                                   QStringLiteral("spark-kubernetes-driver")});
        QStringList lines;
        connect(&stream, &LogStream::linesReceived, this, [&](const QStringList& l) { lines << l; });
        stream.start();
        QTRY_COMPARE(stream.state(), LogStream::State::Ended);
        // The resume must not repeat lines 2 and 3, and brings line 4 (cut off at the drop) whole.
        QCOMPARE(lines, (QStringList{QStringLiteral("line 1"), QStringLiteral("line 2"), QStringLiteral("line 3"),
                                     QStringLiteral("line 4"), QStringLiteral("line 5 with  two spaces")}));
        QCOMPARE(opened, 3);
    }

    void waitingContainerIsRetried()
    {
        int opened = 0;
        ScriptedServer server([&](const ScriptedServer::Request&, ScriptedServer::Exchange* x) {
            if (++opened == 1) {
                x->reply(400, "{\"kind\":\"Status\",\"status\":\"Failure\",\"reason\":\"BadRequest\",\"code\":400,"
                              "\"message\":\"container spark-kubernetes-driver in pod pi-driver is waiting to start: "
                              "ContainerCreating\"}");
                return;
            }
            x->begin("text/plain");
            x->send("2026-11-21T10:00:00Z started\n");
            x->close();
        });
        kube::ClusterConnection c;
        c.server = QUrl(server.url());
        kube::KubeClient client(c);
        LogStream stream(&client, {QStringLiteral("default"), QStringLiteral("pi-driver"), {}});
        QSignalSpy lines(&stream, &LogStream::linesReceived);
        stream.start();
        QTRY_COMPARE(stream.state(), LogStream::State::Waiting);
        QVERIFY(stream.statusMessage().contains(QStringLiteral("waiting to start")));
        QTRY_COMPARE_WITH_TIMEOUT(lines.size(), 1, 5000);
        QCOMPARE(lines.at(0).at(0).toStringList(), QStringList{QStringLiteral("started")});
    }
};

QTEST_GUILESS_MAIN(TestLogStream)
#include "tst_logstream.moc"
