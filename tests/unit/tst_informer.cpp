// Informer + ApplicationsModel against a scripted HTTP server: list, watch events, relist on 410
// (HTTP and ERROR event), re-watch from the last resourceVersion when a stream ends, backoff on 500,
// and a model that stays consistent (QAbstractItemModelTester) through all of it.

#include "models/applicationsfilter.h"
#include "models/applicationsmodel.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "tests/support/applicationfeed.h"
#include "tests/support/scriptedserver.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using kube::Informer;

namespace {

QJsonObject app(const QString& name, const QString& rv, const QString& state = {})
{
    QJsonObject meta{{QStringLiteral("name"), name},
                     {QStringLiteral("namespace"), QStringLiteral("default")},
                     {QStringLiteral("resourceVersion"), rv},
                     {QStringLiteral("creationTimestamp"), QStringLiteral("2026-11-21T10:00:00Z")},
                     {QStringLiteral("managedFields"), QJsonArray{QJsonObject{{QStringLiteral("manager"), QStringLiteral("x")}}}}};
    QJsonObject obj{{QStringLiteral("kind"), QStringLiteral("SparkApplication")}, {QStringLiteral("metadata"), meta},
                    {QStringLiteral("spec"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Scala")}}}};
    if (!state.isEmpty())
        obj.insert(QStringLiteral("status"),
                   QJsonObject{{QStringLiteral("applicationState"), QJsonObject{{QStringLiteral("state"), state}}}});
    return obj;
}

using feed::list;

kube::ClusterConnection connectionTo(const ScriptedServer& server)
{
    kube::ClusterConnection c;
    c.server = QUrl(server.url());
    c.defaultNamespace = QStringLiteral("default");
    return c;
}

bool isWatch(const ScriptedServer::Request& r)
{
    return r.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1");
}

QStringList states(const model::ApplicationsModel& m)
{
    QStringList out;
    for (int row = 0; row < m.rowCount(); ++row)
        out << m.index(row, model::ApplicationsModel::Name).data().toString() + QLatin1Char('=')
                + m.index(row, model::ApplicationsModel::State).data().toString().section(QStringLiteral(" — "), 0, 0);
    out.sort();
    return out;
}

// An API server that lists `initial` and then holds the watch open for events.
struct LiveFeed {
    explicit LiveFeed(const QList<QJsonObject>& initial)
        : server([this, initial](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (!isWatch(r)) {
                x->reply(200, list(initial, QStringLiteral("10")));
                return;
            }
            watch = x;
            x->begin();
        })
        , client(connectionTo(server))
        , informer(&client, kube::ResourceKind::sparkApplications(), QStringLiteral("default"))
    {
    }
    ScriptedServer server;
    kube::KubeClient client;
    Informer informer;
    ScriptedServer::Exchange* watch = nullptr;
};

// An API server that lists application "a" and sends `firstWatch` on the first watch (closing it
// when `close`); later watches stay open and quiet.
struct FirstWatchFeed {
    FirstWatchFeed(const QByteArray& firstWatch, bool close)
        : server([this, firstWatch, close](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (!isWatch(r)) {
                ++lists;
                x->reply(200, list({app(QStringLiteral("a"), QStringLiteral("5"))}, QStringLiteral("5")));
                return;
            }
            x->begin();
            if (++watches > 1)
                return;
            x->send(firstWatch);
            if (close)
                x->close();
        })
        , client(connectionTo(server))
        , informer(&client, kube::ResourceKind::sparkApplications(), QStringLiteral("default"))
    {
    }
    int lists = 0;
    int watches = 0;
    ScriptedServer server;
    kube::KubeClient client;
    Informer informer;
};

QJsonObject withStatus(QJsonObject object, const QJsonObject& status)
{
    object.insert(QStringLiteral("status"), status);
    return object;
}

QJsonObject createdAt(QJsonObject object, const QDateTime& created)
{
    QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    meta.insert(QStringLiteral("creationTimestamp"), created.toUTC().toString(Qt::ISODate));
    object.insert(QStringLiteral("metadata"), meta);
    return object;
}

} // namespace

class TestInformer : public QObject {
    Q_OBJECT
private slots:
    void listThenWatchEvents()
    {
        ScriptedServer::Exchange* watch = nullptr;
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (!isWatch(r)) {
                x->reply(200, list({app(QStringLiteral("a"), QStringLiteral("5")), app(QStringLiteral("b"), QStringLiteral("6"))},
                                   QStringLiteral("6")));
                return;
            }
            watch = x;
            x->begin();
        });
        kube::KubeClient client(connectionTo(server));
        Informer informer(&client, kube::ResourceKind::sparkApplications(), QStringLiteral("default"));
        model::ApplicationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setInformer(&informer);
        QSignalSpy synced(&informer, &Informer::synced);
        informer.start();
        QTRY_COMPARE(synced.size(), 1);
        QCOMPARE(states(model), (QStringList{QStringLiteral("a=NEW"), QStringLiteral("b=NEW")}));
        QVERIFY(!informer.object(QStringLiteral("default/a")).value(QLatin1String("metadata")).toObject().contains(QLatin1String("managedFields")));
        QTRY_VERIFY(watch);
        QTRY_COMPARE(informer.state(), Informer::State::Live);
        const auto& watchRequest = server.requests().last();
        QCOMPARE(watchRequest.path, QStringLiteral("/apis/sparkoperator.k8s.io/v1beta2/namespaces/default/sparkapplications"));
        QCOMPARE(watchRequest.query.queryItemValue(QStringLiteral("resourceVersion")), QStringLiteral("6"));
        QCOMPARE(watchRequest.query.queryItemValue(QStringLiteral("allowWatchBookmarks")), QStringLiteral("true"));

        // Events split across writes at awkward places.
        const QByteArray events = feed::event("MODIFIED", app(QStringLiteral("a"), QStringLiteral("7"), QStringLiteral("RUNNING")))
            + feed::event("ADDED", app(QStringLiteral("c"), QStringLiteral("8"), QStringLiteral("SUBMITTED")))
            + feed::event("DELETED", app(QStringLiteral("b"), QStringLiteral("9")))
            + feed::event("BOOKMARK", QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QStringLiteral("12")}}}});
        watch->send(events.left(17));
        // Pacing only (bounded): gives the first piece the chance to arrive in a read of its own.
        // Correctness does not depend on it; tst_watchframing covers every split point.
        QTest::qWait(20);
        watch->send(events.mid(17, 150));
        watch->send(events.mid(167));
        QTRY_COMPARE(states(model), (QStringList{QStringLiteral("a=RUNNING"), QStringLiteral("c=SUBMITTED")}));
        QTRY_COMPARE(informer.resourceVersion(), QStringLiteral("12"));

        // The server ends the watch normally: SparkDeck watches again from the bookmark, no relist.
        const int before = int(server.requests().size());
        watch->close();
        QTRY_VERIFY(server.requests().size() > before);
        QVERIFY(isWatch(server.requests().last()));
        QCOMPARE(server.requests().last().query.queryItemValue(QStringLiteral("resourceVersion")), QStringLiteral("12"));
        QCOMPARE(synced.size(), 1);
    }

    void relistOnExpired_data()
    {
        QTest::addColumn<bool>("asErrorEvent");
        QTest::newRow("ERROR event with code 410") << true;
        QTest::newRow("HTTP 410") << false;
    }

    void relistOnExpired()
    {
        QFETCH(bool, asErrorEvent);
        int lists = 0;
        int watches = 0;
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (!isWatch(r)) {
                ++lists;
                if (lists == 1)
                    x->reply(200, list({app(QStringLiteral("old"), QStringLiteral("1")), app(QStringLiteral("kept"), QStringLiteral("2"))},
                                       QStringLiteral("2")));
                else
                    x->reply(200, list({app(QStringLiteral("kept"), QStringLiteral("30"), QStringLiteral("COMPLETED")),
                                        app(QStringLiteral("new"), QStringLiteral("31"))},
                                       QStringLiteral("31")));
                return;
            }
            ++watches;
            const QByteArray status = R"json({"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 2 (25)","reason":"Expired","code":410})json";
            if (watches > 1) {
                x->begin(); // keep the second watch open
            } else if (asErrorEvent) {
                x->begin();
                x->send(R"({"type":"ERROR","object":)" + status + "}\n");
            } else {
                x->reply(410, status);
            }
        });
        kube::KubeClient client(connectionTo(server));
        Informer informer(&client, kube::ResourceKind::sparkApplications(), QStringLiteral("default"));
        model::ApplicationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setInformer(&informer);
        QSignalSpy removed(&informer, &Informer::removed);
        informer.start();
        QTRY_COMPARE(lists, 2);
        QTRY_COMPARE(states(model), (QStringList{QStringLiteral("kept=COMPLETED"), QStringLiteral("new=NEW")}));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(0).toString(), QStringLiteral("default/old"));
        QTRY_COMPARE(watches, 2);
        QCOMPARE(server.requests().last().query.queryItemValue(QStringLiteral("resourceVersion")), QStringLiteral("31"));
        QTRY_COMPARE(informer.state(), Informer::State::Live);
    }

    // A watch record that does not parse is a broken stream wherever it is: in the middle, as the
    // last complete record, or as a trailing fragment without its newline when the stream ends.
    // Each makes the informer report a parse error and list again.
    void unparseableWatchDataRelists_data()
    {
        QTest::addColumn<QByteArray>("tail");
        QTest::addColumn<bool>("closeAfter");
        QTest::newRow("mid-stream") << QByteArray("{\"type\":\"MODIFIED\",\"object\":{\"kind\n") << false;
        QTest::newRow("last complete record") << QByteArray("{\"type\":\"MODIFIED\",\"object\":{\"kind\n") << true;
        QTest::newRow("trailing fragment") << QByteArray("{\"type\":\"MODIFIED\",\"obj") << true;
        QTest::newRow("trailing non-JSON") << QByteArray("<html>proxy error</html>") << true;
    }

    void unparseableWatchDataRelists()
    {
        QFETCH(QByteArray, tail);
        QFETCH(bool, closeAfter);
        FirstWatchFeed feed(feed::event("ADDED", app(QStringLiteral("b"), QStringLiteral("6"))) + tail, closeAfter);
        QList<kube::KubeError::Kind> errors;
        connect(&feed.informer, &Informer::stateChanged, &feed.informer, [&] {
            if (feed.informer.state() == Informer::State::Reconnecting)
                errors << feed.informer.lastError().kind;
        });
        feed.informer.start();
        QTRY_VERIFY(feed.informer.objects().contains(QStringLiteral("default/b")));
        QTRY_COMPARE_WITH_TIMEOUT(feed.lists, 2, 5000);
        QCOMPARE(errors, QList<kube::KubeError::Kind>{kube::KubeError::Kind::Parse});
        QTRY_COMPARE(feed.informer.state(), Informer::State::Live);
        QCOMPARE(feed.informer.attempt(), 0);
    }

    // A valid last record without its newline is still applied, and the watch resumes after it.
    void trailingRecordWithoutNewlineIsApplied()
    {
        FirstWatchFeed feed(feed::event("ADDED", app(QStringLiteral("b"), QStringLiteral("6"))).chopped(1), true);
        feed.informer.start();
        QTRY_COMPARE(feed.watches, 2);
        QVERIFY(feed.informer.objects().contains(QStringLiteral("default/b")));
        QCOMPARE(feed.server.requests().last().query.queryItemValue(QStringLiteral("resourceVersion")), QStringLiteral("6"));
        QCOMPARE(feed.lists, 1);
        QCOMPARE(feed.informer.lastError().kind, kube::KubeError::Kind::None);
    }

    void backoffOnServerErrorThenRecover()
    {
        int lists = 0;
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (isWatch(r)) {
                x->begin();
                return;
            }
            if (++lists == 1)
                x->reply(500, R"({"kind":"Status","status":"Failure","message":"etcd is down","reason":"InternalError","code":500})");
            else
                x->reply(200, list({app(QStringLiteral("a"), QStringLiteral("3"))}, QStringLiteral("3")));
        });
        kube::KubeClient client(connectionTo(server));
        Informer informer(&client, kube::ResourceKind::sparkApplications(), {});
        informer.start();
        QTRY_COMPARE(informer.state(), Informer::State::Reconnecting);
        QCOMPARE(informer.attempt(), 1);
        QCOMPARE(informer.lastError().httpStatus, 500);
        QVERIFY(informer.lastError().summary().contains(QStringLiteral("etcd is down")));
        QVERIFY(informer.nextRetryMs() > 0 && informer.nextRetryMs() <= 900);
        QTRY_COMPARE_WITH_TIMEOUT(informer.state(), Informer::State::Live, 5000);
        QCOMPARE(informer.attempt(), 0);
        QCOMPARE(informer.objects().size(), 1);
        // All namespaces: the collection path has no namespace.
        QCOMPARE(server.requests().first().path, QStringLiteral("/apis/sparkoperator.k8s.io/v1beta2/sparkapplications"));
    }

    void missingCrdIsReported()
    {
        ScriptedServer server([&](const ScriptedServer::Request&, ScriptedServer::Exchange* x) {
            x->reply(404, "404 page not found\n", "text/plain");
        });
        kube::KubeClient client(connectionTo(server));
        Informer informer(&client, kube::ResourceKind::sparkApplications(), QStringLiteral("default"));
        informer.start();
        QTRY_COMPARE(informer.state(), Informer::State::Reconnecting);
        QVERIFY(informer.lastError().isResourceNotServed());
        QVERIFY(!informer.hasSynced());
    }

    void pagedList()
    {
        ScriptedServer server([&](const ScriptedServer::Request& r, ScriptedServer::Exchange* x) {
            if (isWatch(r)) {
                x->begin();
                return;
            }
            if (r.query.queryItemValue(QStringLiteral("continue")).isEmpty()) {
                QJsonObject page = QJsonDocument::fromJson(list({app(QStringLiteral("p1"), QStringLiteral("1"))}, QStringLiteral("9"))).object();
                QJsonObject meta = page.value(QLatin1String("metadata")).toObject();
                meta.insert(QStringLiteral("continue"), QStringLiteral("token-1"));
                page.insert(QStringLiteral("metadata"), meta);
                x->reply(200, QJsonDocument(page).toJson());
            } else {
                x->reply(200, list({app(QStringLiteral("p2"), QStringLiteral("2"))}, QStringLiteral("9")));
            }
        });
        kube::KubeClient client(connectionTo(server));
        Informer informer(&client, kube::ResourceKind::sparkApplications(), QStringLiteral("default"));
        QSignalSpy added(&informer, &Informer::added);
        informer.start();
        QTRY_COMPARE(informer.state(), Informer::State::Live);
        QCOMPARE(added.size(), 2);
        QCOMPARE(informer.resourceVersion(), QStringLiteral("9"));
        // Two pages of at most 500, the second asked with the first's continue token.
        QStringList continues;
        for (const auto& r : server.requests()) {
            if (isWatch(r))
                continue;
            QCOMPARE(r.query.queryItemValue(QStringLiteral("limit")), QStringLiteral("500"));
            continues << r.query.queryItemValue(QStringLiteral("continue"));
        }
        QCOMPARE(continues, (QStringList{QString(), QStringLiteral("token-1")}));
    }
    void ageTiesSortByName()
    {
        // Applications created in the same second keep one order, whatever order they arrive in
        // and however often they change.
        LiveFeed feed({});
        model::ApplicationsModel model;
        model::ApplicationsFilter proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setInformer(&feed.informer);
        feed.informer.start();
        QTRY_VERIFY(feed.watch);
        proxy.sort(model::ApplicationsModel::Age, Qt::DescendingOrder);
        feed.watch->send(feed::event("ADDED", app(QStringLiteral("b"), QStringLiteral("11")))
                         + feed::event("ADDED", app(QStringLiteral("c"), QStringLiteral("12")))
                         + feed::event("ADDED", app(QStringLiteral("a"), QStringLiteral("13"))));
        auto order = [&] {
            QStringList names;
            for (int row = 0; row < proxy.rowCount(); ++row)
                names << proxy.index(row, model::ApplicationsModel::Name).data().toString();
            return names;
        };
        const QStringList expected{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        QTRY_COMPARE(proxy.rowCount(), 3);
        QCOMPARE(order(), expected);
        feed.watch->send(feed::event("MODIFIED", app(QStringLiteral("a"), QStringLiteral("14"), QStringLiteral("RUNNING"))));
        QTRY_COMPARE(proxy.index(0, model::ApplicationsModel::State).data().toString().isEmpty(), false);
        QCOMPARE(order(), expected);
        proxy.sort(model::ApplicationsModel::Age, Qt::AscendingOrder);
        QCOMPARE(order(), expected);
    }

    void durationStopsWhenFinished()
    {
        const QDateTime tenMinutesAgo = QDateTime::currentDateTimeUtc().addSecs(-600);
        QJsonObject failed = withStatus(app(QStringLiteral("failed"), QStringLiteral("1")),
                                        {{QStringLiteral("applicationState"), QJsonObject{{QStringLiteral("state"), QStringLiteral("SUBMISSION_FAILED")}}},
                                         {QStringLiteral("lastSubmissionAttemptTime"), tenMinutesAgo.toString(Qt::ISODate)}});
        QJsonObject done = withStatus(app(QStringLiteral("done"), QStringLiteral("2")),
                                      {{QStringLiteral("applicationState"), QJsonObject{{QStringLiteral("state"), QStringLiteral("COMPLETED")}}},
                                       {QStringLiteral("lastSubmissionAttemptTime"), tenMinutesAgo.toString(Qt::ISODate)},
                                       {QStringLiteral("terminationTime"), tenMinutesAgo.addSecs(65).toString(Qt::ISODate)}});
        QJsonObject running = withStatus(app(QStringLiteral("running"), QStringLiteral("3")),
                                         {{QStringLiteral("applicationState"), QJsonObject{{QStringLiteral("state"), QStringLiteral("RUNNING")}}},
                                          {QStringLiteral("lastSubmissionAttemptTime"), tenMinutesAgo.toString(Qt::ISODate)}});
        QJsonObject suspended = withStatus(app(QStringLiteral("suspended"), QStringLiteral("4")),
                                           {{QStringLiteral("applicationState"), QJsonObject{{QStringLiteral("state"), QStringLiteral("SUSPENDED")}}},
                                            {QStringLiteral("lastSubmissionAttemptTime"), tenMinutesAgo.toString(Qt::ISODate)}});
        LiveFeed feed({failed, done, running, suspended});
        model::ApplicationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setInformer(&feed.informer);
        feed.informer.start();
        QTRY_COMPARE(model.rowCount(), 4);
        auto duration = [&](const QString& name) {
            return model.index(model.rowOf(QStringLiteral("default/") + name), model::ApplicationsModel::Duration).data().toString();
        };
        QCOMPARE(duration(QStringLiteral("failed")), QString()); // nothing ran: no duration, and none counting
        QCOMPARE(duration(QStringLiteral("suspended")), QString());
        QCOMPARE(duration(QStringLiteral("done")), QStringLiteral("1m 05s"));
        QVERIFY2(duration(QStringLiteral("running")).startsWith(QStringLiteral("10m")), qPrintable(duration(QStringLiteral("running"))));
    }

    void unhandledApplicationIsCalledOut()
    {
        // The operator never gives it a state: after unhandledAfter() the row says so, with the fix.
        LiveFeed feed({createdAt(app(QStringLiteral("old"), QStringLiteral("1")), QDateTime::currentDateTimeUtc().addSecs(-60)),
                       createdAt(app(QStringLiteral("handled"), QStringLiteral("2"), QStringLiteral("SUBMITTED")),
                                 QDateTime::currentDateTimeUtc().addSecs(-60))});
        model::ApplicationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setUnhandledAfter(2000);
        model.setUnhandledAfterUnsure(2000);
        QSignalSpy appeared(&model, &model::ApplicationsModel::unhandledAppeared);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setInformer(&feed.informer);
        feed.informer.start();
        QTRY_VERIFY(feed.watch);
        const QString oldKey = QStringLiteral("default/old");
        const QModelIndex old = model.index(model.rowOf(oldKey), model::ApplicationsModel::State);
        QVERIFY2(old.data().toString().contains(QStringLiteral("not handled")), qPrintable(old.data().toString()));
        QVERIFY(old.data(Qt::ToolTipRole).toString().contains(QStringLiteral("spark.jobNamespaces")));
        QVERIFY(model.index(model.rowOf(QStringLiteral("default/handled")), 0).data(model::ApplicationsModel::UnhandledRole).toString().isEmpty());
        QTRY_COMPARE(appeared.size(), 1);
        QCOMPARE(appeared.at(0).at(0).toString(), oldKey);

        // A fresh one is fine at first, and called out once it is overdue (the row is updated).
        feed.watch->send(feed::event("ADDED", createdAt(app(QStringLiteral("fresh"), QStringLiteral("3")), QDateTime::currentDateTimeUtc())));
        QTRY_VERIFY(model.rowOf(QStringLiteral("default/fresh")) >= 0);
        QVERIFY(model.unhandledHint(QStringLiteral("default/fresh")).isEmpty());
        changed.clear();
        QTRY_COMPARE_WITH_TIMEOUT(appeared.size(), 2, 6000);
        QCOMPARE(appeared.at(1).at(0).toString(), QStringLiteral("default/fresh"));
        const int freshRow = model.rowOf(QStringLiteral("default/fresh"));
        QVERIFY(std::any_of(changed.cbegin(), changed.cend(), [&](const QList<QVariant>& args) {
            return args.at(0).toModelIndex().row() <= freshRow && args.at(1).toModelIndex().row() >= freshRow
                && args.at(0).toModelIndex().column() <= model::ApplicationsModel::State
                && args.at(1).toModelIndex().column() >= model::ApplicationsModel::State;
        }));

        // Knowing which namespaces the operator watches makes the hint exact.
        model.setOperatorNamespaces(QStringLiteral("spark-operator/spark-operator-controller"), {QStringLiteral("spark-jobs")});
        const QString hint = model.unhandledHint(oldKey);
        QVERIFY2(hint.contains(QStringLiteral("watches only spark-jobs, not default")), qPrintable(hint));
        QVERIFY2(hint.contains(QStringLiteral("spark.jobNamespaces={spark-jobs,default}")), qPrintable(hint));

        // Once the operator gives it a state the hint goes.
        feed.watch->send(feed::event("MODIFIED", app(QStringLiteral("old"), QStringLiteral("4"), QStringLiteral("SUBMITTED"))));
        QTRY_VERIFY(model.unhandledHint(oldKey).isEmpty());
        QCOMPARE(model.index(model.rowOf(oldKey), model::ApplicationsModel::State).data().toString(), QStringLiteral("SUBMITTED"));
    }

    void submissionInProgressIsNotCalledOutEarly()
    {
        // A real operator sets the first state only when spark-submit returns (tens of seconds): while
        // it watches the namespace (or nobody knows what it watches) a young New application is fine;
        // a namespace it is known not to watch is called out after the short delay.
        const QDateTime created = QDateTime::currentDateTimeUtc().addSecs(-40);
        LiveFeed feed({createdAt(app(QStringLiteral("submitting"), QStringLiteral("1")), created)});
        model::ApplicationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setUnhandledAfter(2000); // 40 s old: overdue by this threshold
        QSignalSpy appeared(&model, &model::ApplicationsModel::unhandledAppeared);
        QSignalSpy stillNew(&model, &model::ApplicationsModel::stillNew); // time to ask about the operator
        model.setInformer(&feed.informer);
        feed.informer.start();
        QTRY_VERIFY(feed.watch);
        const QString key = QStringLiteral("default/submitting");
        QTRY_VERIFY(model.rowOf(key) >= 0);
        QTRY_COMPARE(stillNew.size(), 1);
        QCOMPARE(stillNew.at(0).at(0).toString(), key);
        QVERIFY2(model.unhandledHint(key).isEmpty(), qPrintable(model.unhandledHint(key))); // operator unknown
        model.setOperatorNamespaces(QStringLiteral("spark-operator/spark-operator-controller"), {QStringLiteral("default")});
        QVERIFY(model.unhandledHint(key).isEmpty()); // it watches default: submission still under way
        QVERIFY(!model.index(model.rowOf(key), model::ApplicationsModel::State).data().toString().contains(QStringLiteral("not handled")));
        QCOMPARE(appeared.size(), 0);

        model.setOperatorNamespaces(QStringLiteral("spark-operator/spark-operator-controller"), {QStringLiteral("spark-jobs")});
        QVERIFY2(model.unhandledHint(key).contains(QStringLiteral("watches only spark-jobs, not default")), qPrintable(model.unhandledHint(key)));
        QCOMPARE(appeared.size(), 1);

        model.setOperatorNamespaces({}, {}); // unknown again: the longer threshold applies
        model.setUnhandledAfterUnsure(30000);
        QVERIFY2(model.unhandledHint(key).contains(QStringLiteral("no Spark Operator has picked it up")), qPrintable(model.unhandledHint(key)));
    }
};

QTEST_GUILESS_MAIN(TestInformer)
#include "tst_informer.moc"
