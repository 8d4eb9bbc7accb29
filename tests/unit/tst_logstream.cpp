// LogStream against a scripted server: timestamps stripped, a dropped follow stream resumes with
// sinceTime without duplicated or missing lines, "waiting to start" is retried, an empty reopened
// stream means the container ended; errors that can pass are retried, permanent ones stop the
// stream with a message that says what to do.

#include "app/kube/kubeclient.h"
#include "app/kube/logstream.h"
#include "tests/support/scriptedserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <optional>

using kube::LogStream;

namespace {
// A Kubernetes Status body, as the API server sends with an error.
QByteArray status(int code, const char* reason, const QString& message)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("Status")}, {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                     {QStringLiteral("status"), QStringLiteral("Failure")}, {QStringLiteral("message"), message},
                                     {QStringLiteral("reason"), QLatin1String(reason)}, {QStringLiteral("code"), code}})
        .toJson(QJsonDocument::Compact);
}
} // namespace

class TestLogStream : public QObject {
    Q_OBJECT
private slots:
    void resumeWithoutDuplicatesOrGaps()
    {
        int opened = 0;
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            ++opened; // the requests are checked after the stream ended (server.requests())
            x->begin("text/plain");
            if (opened == 1) {
                // Two lines share one timestamp; the stream drops in the middle of a line.
                x->send("2026-11-21T10:00:00.100000000Z line 1\n"
                        "2026-11-21T10:00:01.5Z line 2\n"
                        "2026-11-21T10:00:01.5Z line 3\n"
                        "2026-11-21T10:00:02.25Z line ");
                x->close();
            } else if (opened == 2) {
                // sinceTime has second precision: the server repeats from 10:00:01.
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
        QByteArray text; // the same lines as UTF-8 text, the model's fast path
        QList<qint64> nanos;
        connect(&stream, &LogStream::textReceived, this, [&](const QByteArray& t, const QList<qint64>& n) {
            text += t;
            nanos += n;
        });
        stream.start();
        QTRY_COMPARE(stream.state(), LogStream::State::Ended);
        // The resume must not repeat lines 2 and 3, and brings line 4 (cut off at the drop) whole.
        QCOMPARE(lines, (QStringList{QStringLiteral("line 1"), QStringLiteral("line 2"), QStringLiteral("line 3"),
                                     QStringLiteral("line 4"), QStringLiteral("line 5 with  two spaces")}));
        QCOMPARE(text, QByteArray("line 1\nline 2\nline 3\nline 4\nline 5 with  two spaces\n"));
        QCOMPARE(nanos, (QList<qint64>{kube::parseRfc3339Nanos("2026-11-21T10:00:00.1Z"), kube::parseRfc3339Nanos("2026-11-21T10:00:01.5Z"),
                                       kube::parseRfc3339Nanos("2026-11-21T10:00:01.5Z"), kube::parseRfc3339Nanos("2026-11-21T10:00:02.25Z"),
                                       kube::parseRfc3339Nanos("2026-11-21T10:00:03Z")}));
        QCOMPARE(opened, 3);
        const auto requests = server.requests();
        QCOMPARE(requests.size(), 3);
        for (const auto& r : requests) {
            QCOMPARE(r.path, QStringLiteral("/api/v1/namespaces/default/pods/pi-driver/log"));
            QCOMPARE(r.query.queryItemValue(QStringLiteral("timestamps")), QStringLiteral("true"));
            QCOMPARE(r.query.queryItemValue(QStringLiteral("follow")), QStringLiteral("true"));
            QCOMPARE(r.query.queryItemValue(QStringLiteral("container")), QStringLiteral("spark-kubernetes-driver"));
        }
        QVERIFY(!requests.at(0).query.hasQueryItem(QStringLiteral("sinceTime")));
        QCOMPARE(requests.at(1).query.queryItemValue(QStringLiteral("sinceTime")), QStringLiteral("2026-11-21T10:00:01Z"));
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

    void permanentErrorsStop_data()
    {
        QTest::addColumn<bool>("previous");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("says");
        QTest::newRow("no previous run")
            << true << 400
            << status(400, "BadRequest", QStringLiteral(R"(previous terminated container "spark-kubernetes-driver" in pod "x" not found)"))
            << QStringLiteral("This container has not restarted: there is no previous run");
        QTest::newRow("container of another pod")
            << false << 400 << status(400, "BadRequest", QStringLiteral("container spark-kubernetes-driver is not valid for pod x"))
            << QStringLiteral("Pod x has no container spark-kubernetes-driver: pick one of its containers");
        QTest::newRow("forbidden")
            << false << 403
            << status(403, "Forbidden",
                      QStringLiteral(R"(pods "x" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "default")"))
            << QStringLiteral(R"(your account needs the RBAC permission "get" on "pods/log" in namespace default)");
    }

    void permanentErrorsStop()
    {
        QFETCH(bool, previous);
        QFETCH(int, code);
        QFETCH(QByteArray, body);
        QFETCH(QString, says);
        ScriptedServer server([&](const ScriptedServer::Request&, ScriptedServer::Exchange* x) { x->reply(code, body); });
        kube::ClusterConnection c;
        c.server = QUrl(server.url());
        kube::KubeClient client(c);
        LogStream::Options o{QStringLiteral("default"), QStringLiteral("x"), QStringLiteral("spark-kubernetes-driver")};
        o.previous = previous;
        LogStream stream(&client, o);
        stream.start();
        QTRY_COMPARE(stream.state(), LogStream::State::Failed);
        QVERIFY2(stream.statusMessage().contains(says), qPrintable(stream.statusMessage()));
        QVERIFY(!server.requests().isEmpty());
        for (const auto& r : server.requests())
            QCOMPARE(r.query.hasQueryItem(QStringLiteral("previous")), previous);
        // Asking again would get the same answer: no retry is scheduled.
        QVERIFY(!stream.retryPending());
        QCOMPARE(server.requests().size(), 1);
    }

    void transientErrorsAreRetried_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<LogStream::State>("state");
        QTest::newRow("container creating")
            << 400
            << status(400, "BadRequest", QStringLiteral(R"(container "c" in pod "p" is waiting to start: ContainerCreating)"))
            << LogStream::State::Waiting;
        QTest::newRow("pod not created yet") << 404 << status(404, "NotFound", QStringLiteral(R"(pods "p" not found)"))
                                             << LogStream::State::Waiting;
        QTest::newRow("server error") << 500 << status(500, "InternalError", QStringLiteral("etcdserver: request timed out"))
                                      << LogStream::State::Retrying;
        QTest::newRow("kubelet unreachable")
            << 502 << QByteArray("Get \"https://10.0.0.7:10250/containerLogs/default/p/c\": dial tcp: connection refused")
            << LogStream::State::Retrying;
        QTest::newRow("too many requests") << 429 << status(429, "TooManyRequests", QStringLiteral("rate limited"))
                                           << LogStream::State::Retrying;
    }

    void transientErrorsAreRetried()
    {
        QFETCH(int, code);
        QFETCH(QByteArray, body);
        QFETCH(LogStream::State, state);
        int opened = 0;
        ScriptedServer server([&](const ScriptedServer::Request&, ScriptedServer::Exchange* x) {
            if (++opened == 1)
                return x->reply(code, body);
            x->begin("text/plain");
            x->send("2026-11-21T10:00:00Z started\n");
        });
        kube::ClusterConnection c;
        c.server = QUrl(server.url());
        kube::KubeClient client(c);
        QList<LogStream::State> states; // outlives the stream, which reports Idle when destroyed
        LogStream stream(&client, {QStringLiteral("default"), QStringLiteral("p"), QStringLiteral("c")});
        connect(&stream, &LogStream::stateChanged, this, [&] { states << stream.state(); });
        stream.start();
        QTRY_COMPARE_WITH_TIMEOUT(stream.state(), LogStream::State::Streaming, 10000);
        QCOMPARE(states.value(0), state);
        QCOMPARE(stream.lineCount(), 1);
    }

    void networkErrorIsRetried()
    {
        // Nothing listens on the port at first: a connection refused, retried until it answers.
        quint16 port = 0;
        {
            ScriptedServer probe([](const ScriptedServer::Request&, ScriptedServer::Exchange*) {});
            port = probe.port();
        }
        kube::ClusterConnection c;
        c.server = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        kube::KubeClient client(c);
        LogStream stream(&client, {QStringLiteral("default"), QStringLiteral("p"), QStringLiteral("c")});
        stream.start();
        QTRY_COMPARE(stream.state(), LogStream::State::Retrying);
        QVERIFY(stream.retryPending());
        QVERIFY(stream.statusMessage().startsWith(QStringLiteral("network:")));
    }

    void firstException_data()
    {
        QTest::addColumn<QString>("log");
        QTest::addColumn<QString>("exception");
        QTest::newRow("JVM: main class not found, after a warning with its own exception")
            << QStringLiteral("25/11/21 10:00:00 INFO SparkContext: Running Spark version 3.5.3\n"
                              "25/11/21 10:00:00 WARN NativeCodeLoader: Unable to load native-hadoop library for your platform... using builtin-java classes where applicable\n"
                              "25/11/21 10:00:01 WARN FileSystem: Cannot reach the metrics sink, carrying on\n"
                              "java.net.SocketTimeoutException: connect timed out\n"
                              "\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:546)\n"
                              "Exception in thread \"main\" java.lang.ClassNotFoundException: com.example.etl.Main\n"
                              "\tat java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:445)\n"
                              "\tat java.base/java.lang.ClassLoader.loadClass(ClassLoader.java:592)\n"
                              "\tat org.apache.spark.util.Utils$.classForName(Utils.scala:227)\n"
                              "\tat org.apache.spark.deploy.SparkSubmit.runMain(SparkSubmit.scala:1006)\n"
                              "25/11/21 10:00:02 INFO ShutdownHookManager: Shutdown hook called\n")
            << QStringLiteral("java.lang.ClassNotFoundException: com.example.etl.Main");
        QTest::newRow("spark-submit 4: main class not found (its own Error: line, no exception)")
            << QStringLiteral("WARNING: Using incubator modules: jdk.incubator.vector\n"
                              "Files local:///opt/spark/examples/jars/spark-examples.jar from /opt/spark/examples/jars/spark-examples.jar to /opt/spark/work-dir/spark-examples.jar\n"
                              "26/11/29 21:22:30 WARN NativeCodeLoader: Unable to load native-hadoop library for your platform... using builtin-java classes where applicable\n"
                              "Error: Failed to load class org.example.Nope.\n"
                              "26/11/29 21:22:30 INFO ShutdownHookManager: Shutdown hook called\n")
            << QStringLiteral("Error: Failed to load class org.example.Nope.");
        QTest::newRow("JVM: out of memory, after the ERROR record it belongs to")
            << QStringLiteral("25/11/21 10:03:10 INFO DAGScheduler: Submitting 200 missing tasks from ResultStage 3\n"
                              "25/11/21 10:03:40 ERROR Utils: Uncaught exception in thread task-result-getter-2\n"
                              "java.lang.OutOfMemoryError: Java heap space\n"
                              "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n"
                              "\tat org.apache.spark.scheduler.TaskResultGetter$$anon$3.run(TaskResultGetter.scala:63)\n"
                              "Exception in thread \"task-result-getter-2\" java.lang.OutOfMemoryError: Java heap space\n")
            << QStringLiteral("java.lang.OutOfMemoryError: Java heap space");
        QTest::newRow("ERROR record naming the exception")
            << QStringLiteral("25/11/21 10:00:00 INFO ApplicationMaster: Starting the user application\n"
                              "25/11/21 10:00:04 ERROR ApplicationMaster: User class threw exception: java.lang.IllegalArgumentException: bad date 2026-13-01\n"
                              "java.lang.IllegalArgumentException: bad date 2026-13-01\n"
                              "\tat com.example.etl.Main$.main(Main.scala:12)\n")
            << QStringLiteral("java.lang.IllegalArgumentException: bad date 2026-13-01");
        QTest::newRow("Python traceback")
            << QStringLiteral("25/11/21 10:00:00 INFO SparkContext: Running Spark version 3.5.3\n"
                              "Traceback (most recent call last):\n"
                              "  File \"/opt/spark/work-dir/etl.py\", line 12, in <module>\n"
                              "    df = spark.read.parquet(args.input)\n"
                              "  File \"/opt/spark/python/lib/pyspark.zip/pyspark/sql/readwriter.py\", line 544, in parquet\n"
                              "  File \"/opt/spark/python/lib/pyspark.zip/pyspark/errors/exceptions/captured.py\", line 185, in deco\n"
                              "pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] Path does not exist: s3a://bucket/input.\n"
                              "25/11/21 10:00:05 INFO SparkContext: Invoking stop() from shutdown hook\n")
            << QStringLiteral("pyspark.errors.exceptions.captured.AnalysisException: [PATH_NOT_FOUND] Path does not exist: s3a://bucket/input.");
        QTest::newRow("Python traceback of a py4j error")
            << QStringLiteral("Traceback (most recent call last):\n"
                              "  File \"/opt/spark/examples/src/main/python/pi.py\", line 42, in <module>\n"
                              "  File \"/opt/spark/python/lib/py4j-0.10.9.7-src.zip/py4j/protocol.py\", line 326, in get_return_value\n"
                              "py4j.protocol.Py4JJavaError: An error occurred while calling z:org.apache.spark.api.python.PythonRDD.collectAndServe.\n"
                              ": org.apache.spark.SparkException: Job aborted due to stage failure: Task 1 in stage 0.0 failed 4 times\n"
                              "\tat org.apache.spark.api.python.BasePythonRunner$ReaderIterator.handlePythonException(PythonRunner.scala:572)\n")
            << QStringLiteral("py4j.protocol.Py4JJavaError: An error occurred while calling z:org.apache.spark.api.python.PythonRDD.collectAndServe.\n"
                              "org.apache.spark.SparkException: Job aborted due to stage failure: Task 1 in stage 0.0 failed 4 times");
        QTest::newRow("job aborted: not the warned task failure, the driver's exception")
            << QStringLiteral("25/11/21 10:00:05 WARN TaskSetManager: Lost task 1.0 in stage 0.0 (TID 1) (10.0.0.5 executor 1): java.lang.IllegalStateException: simulated\n"
                              "\tat org.apache.spark.examples.SparkPi$.$anonfun$main$1(SparkPi.scala:34)\n"
                              "25/11/21 10:00:06 ERROR TaskSetManager: Task 1 in stage 0.0 failed 4 times; aborting job\n"
                              "25/11/21 10:00:06 INFO DAGScheduler: Job 0 failed: reduce at SparkPi.scala:38, took 4.1 s\n"
                              "Exception in thread \"main\" org.apache.spark.SparkException: Job aborted due to stage failure: Task 1 in stage 0.0 failed 4 times\n"
                              "\tat org.apache.spark.scheduler.DAGScheduler.failJobAndIndependentStages(DAGScheduler.scala:2856)\n"
                              "Caused by: java.lang.IllegalStateException: simulated\n")
            << QStringLiteral("org.apache.spark.SparkException: Job aborted due to stage failure: Task 1 in stage 0.0 failed 4 times");
        QTest::newRow("no exception")
            << QStringLiteral("25/11/21 10:00:00 INFO SparkContext: Running Spark version 3.5.3\n"
                              "25/11/21 10:00:06 ERROR TaskSetManager: Task 1 in stage 0.0 failed 4 times; aborting job\n"
                              "Pi is roughly 3.14159\nProcessed 10 rows, 0 Errors\n")
            << QString();
    }

    void firstException()
    {
        QFETCH(QString, log);
        QFETCH(QString, exception);
        QCOMPARE(kube::firstException(log.split(QLatin1Char('\n'))), exception);
    }

    void fetchFirstExceptionReadsTheTail()
    {
        ScriptedServer server([](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (r.path.contains(QLatin1String("/gone-driver/")))
                return x->reply(404, status(404, "NotFound", QStringLiteral(R"(pods "gone-driver" not found)")));
            x->reply(200, "25/11/21 10:00:00 INFO SparkContext: Running Spark version 3.5.3\n"
                          "Exception in thread \"main\" java.lang.ClassNotFoundException: com.example.Main\n"
                          "\tat java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:445)\n",
                     "text/plain");
        });
        kube::ClusterConnection c;
        c.server = QUrl(server.url());
        kube::KubeClient client(c);
        QString found;
        kube::KubeError error;
        bool done = false;
        auto fetch = [&](const QString& pod) {
            done = false;
            kube::fetchFirstException(&client, QStringLiteral("default"), pod, QStringLiteral("spark-kubernetes-driver"), this,
                                      [&](const kube::Result<QString>& e) {
                                          found = e.valueOr(QString());
                                          error = e.error();
                                          done = true;
                                      });
        };
        fetch(QStringLiteral("pi-driver"));
        QTRY_VERIFY(done);
        QCOMPARE(found, QStringLiteral("java.lang.ClassNotFoundException: com.example.Main"));
        QVERIFY(!error.isError());
        const auto& r = server.requests().first();
        QCOMPARE(r.path, QStringLiteral("/api/v1/namespaces/default/pods/pi-driver/log"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("container")), QStringLiteral("spark-kubernetes-driver"));
        QCOMPARE(r.query.queryItemValue(QStringLiteral("tailLines")), QStringLiteral("2000"));
        QVERIFY(!r.query.hasQueryItem(QStringLiteral("follow")));

        fetch(QStringLiteral("gone-driver"));
        QTRY_VERIFY(done);
        QVERIFY(found.isEmpty());
        QCOMPARE(error.httpStatus, 404);
    }

    // Without a client the answer comes all the same, from the event loop like any other.
    void fetchFirstExceptionWithoutClientAnswersLater()
    {
        std::optional<kube::Result<QString>> got;
        kube::fetchFirstException(nullptr, QStringLiteral("default"), QStringLiteral("pi-driver"), QString(), this,
                                  [&](const kube::Result<QString>& r) { got = r; });
        QVERIFY(!got.has_value()); // not before the call returned
        QTRY_VERIFY(got.has_value());
        QVERIFY(!got->ok());
        QCOMPARE(got->error().kind, kube::KubeError::Kind::Network);
    }
};

QTEST_GUILESS_MAIN(TestLogStream)
#include "tst_logstream.moc"
