// Parts of the live view that need no cluster (or only a scripted API server): the empty
// applications table says what to do, the dark theme's check boxes stand out, a Spark UI failure
// stays by its button until dismissed and says what to do, counts are in plural where they should
// be, delete confirmations name their action, and the Scheduled table's next run is computed from
// the schedule when the operator has not reported one.

#include "models/applicationsmodel.h"
#include "ui/applicationsview.h"
#include "ui/detailspane.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "models/scheduledapplicationsmodel.h"
#include "app/session/applicationactions.h"
#include "app/session/applicationdetails.h"
#include "app/session/clustersession.h"
#include "ui/scheduledview.h"
#include "tests/support/scriptedserver.h"
#include "ui/theme.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageBox>
#include <QPushButton>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStyleOptionButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <memory>

namespace {

double luminance(QColor c)
{
    auto channel = [](double v) {
        v /= 255.0;
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
}

// WCAG contrast ratio, 1..21.
double contrast(QColor a, QColor b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QByteArray list(const QJsonArray& items)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("List")},
                                     {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("resourceVersion"), QStringLiteral("7")}}},
                                     {QStringLiteral("items"), items}})
        .toJson(QJsonDocument::Compact);
}

QJsonObject meta(const QString& name)
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("namespace"), QStringLiteral("default")},
                       {QStringLiteral("uid"), name + QStringLiteral("-uid")},
                       {QStringLiteral("resourceVersion"), QStringLiteral("7")},
                       {QStringLiteral("creationTimestamp"), QDateTime::currentDateTimeUtc().addSecs(-60).toString(Qt::ISODate)}};
}

// An API server with, in namespace default: SparkApplication "x" (submitted once, never executed),
// ScheduledSparkApplications "computed" (no status.nextRun) and "reported" (status.nextRun in two
// hours), no pods or events. Watches stay quiet; deletes succeed.
void apiServer(const ScriptedServer::Request& r, ScriptedServer::Exchange* x)
{
    if (r.method == "DELETE")
        return x->reply(200, R"({"kind":"Status","status":"Success"})");
    if (r.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1"))
        return x->begin();
    if (r.path.endsWith(QLatin1String("/sparkapplications"))) {
        return x->reply(200, list({QJsonObject{{QStringLiteral("kind"), QStringLiteral("SparkApplication")},
                                               {QStringLiteral("metadata"), meta(QStringLiteral("x"))},
                                               {QStringLiteral("spec"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Scala")}}},
                                               {QStringLiteral("status"), QJsonObject{{QStringLiteral("applicationState"), QJsonObject{{QStringLiteral("state"), QStringLiteral("SUBMITTED")}}},
                                                                                      {QStringLiteral("submissionAttempts"), 1}}}}}));
    }
    if (r.path.endsWith(QLatin1String("/scheduledsparkapplications"))) {
        const QJsonObject spec{{QStringLiteral("schedule"), QStringLiteral("*/15 * * * *")}, {QStringLiteral("timeZone"), QStringLiteral("UTC")}};
        return x->reply(200, list({QJsonObject{{QStringLiteral("kind"), QStringLiteral("ScheduledSparkApplication")},
                                               {QStringLiteral("metadata"), meta(QStringLiteral("computed"))},
                                               {QStringLiteral("spec"), spec}},
                                   QJsonObject{{QStringLiteral("kind"), QStringLiteral("ScheduledSparkApplication")},
                                               {QStringLiteral("metadata"), meta(QStringLiteral("reported"))},
                                               {QStringLiteral("spec"), spec},
                                               {QStringLiteral("status"), QJsonObject{{QStringLiteral("nextRun"),
                                                                                       QDateTime::currentDateTimeUtc().addSecs(7200).toString(Qt::ISODate)}}}}}));
    }
    x->reply(200, list({}));
}

// Queues a look at the next modal message box: its button texts go to `buttons`, then it is
// cancelled.
void cancelNextMessageBox(QObject* context, QStringList* buttons)
{
    auto* timer = new QTimer(context);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, context, [timer, buttons] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        timer->stop();
        timer->deleteLater();
        for (QAbstractButton* b : box->buttons())
            *buttons << b->text().remove(QLatin1Char('&'));
        box->reject();
    });
    timer->start();
}

// apiServer() with a client for it, and informers on namespace default that feed models.
struct ScriptedCluster {
    ScriptedCluster()
        : client([this] {
            kube::ClusterConnection c;
            c.server = QUrl(server.url());
            return c;
        }())
    {
    }
    /// Lists and watches `kind` into `model`; waits (as QTRY_COMPARE) until it has `rows` rows.
    void watch(const kube::ResourceKind& kind, model::InformerTableModel* model, int rows)
    {
        auto* informer = new kube::Informer(&client, kind, QStringLiteral("default"), {}, &informers);
        model->setInformer(informer);
        informer->start();
        QTRY_COMPARE(model->rowCount(), rows);
    }
    /// A ClusterSession on this server (through a kubeconfig in a temporary directory) that lists
    /// application x, its ApplicationActions, and a details pane on default/x acting through them.
    struct PaneWithActions {
        QTemporaryDir dir;
        std::unique_ptr<session::ClusterSession> session;
        std::unique_ptr<session::ApplicationActions> actions;
        std::unique_ptr<ui::DetailsPane> pane;
    };
    /// nullptr, and the test failed, when the session cannot be made or does not list x.
    std::unique_ptr<PaneWithActions> paneWithActions()
    {
        auto out = std::make_unique<PaneWithActions>();
        const QString config = out->dir.filePath(QStringLiteral("config"));
        kube::KubeconfigError error;
        const auto kubeconfig = server.writeKubeconfig(config, QStringLiteral("scripted"), QStringLiteral("default"))
            ? kube::Kubeconfig::load({config}, true, &error)
            : std::nullopt;
        if (!kubeconfig) {
            QTest::qFail(qPrintable(QStringLiteral("no kubeconfig: ") + error.toString()), __FILE__, __LINE__);
            return nullptr;
        }
        out->session = std::make_unique<session::ClusterSession>(*kubeconfig, QStringLiteral("scripted"), QStringLiteral("default"), true);
        out->actions = std::make_unique<session::ApplicationActions>(out->session.get());
        if (!QTest::qWaitFor([&] { return out->session->applications()->rowCount() == 1; }, 10000)) {
            QTest::qFail("the session did not list application x", __FILE__, __LINE__);
            return nullptr;
        }
        out->pane = std::make_unique<ui::DetailsPane>(out->session->applications());
        out->pane->setClient(out->session->client(), out->session->kubeconfigFiles(), out->session->context());
        out->pane->setActions(out->actions.get());
        out->pane->setApplication(QStringLiteral("default/x"));
        return out;
    }
    /// A details pane on application default/x (of `applications`).
    std::unique_ptr<ui::DetailsPane> detailsOfX()
    {
        watch(kube::ResourceKind::sparkApplications(), &applications, 1);
        auto pane = std::make_unique<ui::DetailsPane>(&applications);
        pane->setClient(&client, {}, {});
        pane->setApplication(QStringLiteral("default/x"));
        return pane;
    }
    ScriptedServer server{apiServer};
    kube::KubeClient client;
    model::ApplicationsModel applications;
    QObject informers; // destroyed first
};

} // namespace

class TestLiveUi : public QObject {
    Q_OBJECT
private slots:
    void emptyTableSaysWhatToDo()
    {
        model::ApplicationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ui::ApplicationsView view(&model);
        view.resize(900, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY2(view.emptyText().contains(QStringLiteral("New application")), qPrintable(view.emptyText()));
        view.setEmptyHint(QStringLiteral("No SparkApplications in namespace default. Create one."));
        QCOMPARE(view.emptyText(), QStringLiteral("No SparkApplications in namespace default. Create one."));
        auto* label = view.findChild<QWidget*>(QStringLiteral("emptyTableText"));
        QVERIFY(label && label->isVisible());
    }

    void darkCheckBoxesStandOut()
    {
        QVERIFY(ui::applyTheme(QStringLiteral("dark")));
        QCheckBox box(QStringLiteral("Dynamic allocation"));
        box.resize(240, 32);
        const QImage image = box.grab().toImage();
        QStyleOptionButton option;
        option.initFrom(&box);
        const QRect indicator = box.style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, &box);
        QVERIFY(indicator.isValid());
        // The outline is wherever the indicator's edge differs most from the window behind it.
        const QColor window = box.palette().color(QPalette::Window);
        double best = 1;
        for (int y = indicator.top(); y <= indicator.bottom(); ++y)
            for (int x = indicator.left(); x <= indicator.left() + 2; ++x)
                best = std::max(best, contrast(image.pixelColor(x, y), window));
        QVERIFY2(best >= 3.0, qPrintable(QStringLiteral("check box outline contrast %1:1 (WCAG asks 3:1)").arg(best)));
        ui::applyTheme(QStringLiteral("light"));
    }

    void sparkUiFailureSaysWhatToDo_data()
    {
        QTest::addColumn<QByteArray>("kubectlSays");
        QTest::addColumn<QString>("hint");
        QTest::newRow("port-forward not allowed")
            << QByteArray("error: error upgrading connection: unable to upgrade connection: 404 page not found")
            << QStringLiteral("does not allow port-forward");
        QTest::newRow("driver pod gone")
            << QByteArray("error: error upgrading connection: unable to upgrade connection: pod does not exist")
            << QStringLiteral("driver is not running");
        QTest::newRow("driver finished")
            << QByteArray("error: unable to forward port because pod is not running. Current status=Succeeded")
            << QStringLiteral("driver is not running");
        QTest::newRow("no UI service")
            << QByteArray("Error from server (NotFound): services \"x-ui-svc\" not found")
            << QStringLiteral("driver is not running");
        QTest::newRow("forbidden")
            << QByteArray("Error from server (Forbidden): pods \"x-driver\" is forbidden: User \"u\" cannot create resource \"pods/portforward\"")
            << QStringLiteral("not allowed to port-forward");
        QTest::newRow("kubectl missing") << QByteArray() << QStringLiteral("Install kubectl");
    }

    void sparkUiFailureSaysWhatToDo()
    {
        QFETCH(QByteArray, kubectlSays);
        QFETCH(QString, hint);
        QTemporaryDir dir;
        QString kubectl = dir.filePath(QStringLiteral("kubectl"));
        if (kubectlSays.isEmpty()) {
            kubectl = dir.filePath(QStringLiteral("missing/kubectl"));
        } else {
            QFile script(kubectl);
            QVERIFY(script.open(QIODevice::WriteOnly));
            script.write("#!/bin/sh\ncat >&2 <<'EOF'\n" + kubectlSays + "\nEOF\nexit 1\n");
            script.close();
            script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        qputenv("SPARKDECK_KUBECTL", kubectl.toUtf8());
        qputenv("SPARKDECK_NO_BROWSER", "1");
        model::ApplicationsModel model;
        ui::DetailsPane pane(&model);
        pane.show();
        pane.setApplication(QStringLiteral("default/x"));
        QSignalSpy messages(&pane, &ui::DetailsPane::message);
        pane.openSparkUi();
        QTRY_VERIFY_WITH_TIMEOUT(!pane.sparkUiProblem().isEmpty(), 10000);
        qunsetenv("SPARKDECK_KUBECTL");
        QVERIFY2(pane.sparkUiProblem().contains(hint), qPrintable(pane.sparkUiProblem()));
        if (!kubectlSays.isEmpty()) // kubectl's own words stay, for the details
            QVERIFY2(pane.sparkUiProblem().contains(QString::fromUtf8(kubectlSays).toHtmlEscaped())
                         || pane.sparkUiProblem().contains(QString::fromUtf8(kubectlSays)),
                     qPrintable(pane.sparkUiProblem()));
        // The status bar no longer says that port-forward is starting.
        QVERIFY(!messages.isEmpty());
        const QString last = messages.last().at(0).toString();
        QVERIFY2(!last.contains(QStringLiteral("Starting")), qPrintable(last));
        QVERIFY2(last.contains(QStringLiteral("Spark UI")), qPrintable(last));
        // Not a transient status-bar message: it stays by its button until the user dismisses it.
        QVERIFY(pane.sparkUiProblem().contains(QStringLiteral("default/x")));
        for (const auto& m : messages)
            QVERIFY2(kubectlSays.isEmpty() || !m.at(0).toString().contains(QString::fromUtf8(kubectlSays)), qPrintable(m.at(0).toString()));
        auto* dismiss = pane.findChild<QToolButton*>(QStringLiteral("dismissSparkUiProblem"));
        QVERIFY(dismiss && dismiss->isVisible());
        dismiss->click();
        QVERIFY(pane.sparkUiProblem().isEmpty());
    }

    void attemptsArePlural()
    {
        ScriptedCluster cluster;
        const auto pane = cluster.detailsOfX();
        QTRY_VERIFY2(pane->detailsText().contains(QStringLiteral("1 submission, 0 executions")), qPrintable(pane->detailsText()));
        const QString tip = cluster.applications.index(0, model::ApplicationsModel::Attempts).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("1 submission, 0 executions")), qPrintable(tip));
        QVERIFY2(!tip.contains(QStringLiteral("(s)")), qPrintable(tip));
    }

    void deleteConfirmationsNameTheirAction()
    {
        ScriptedCluster cluster;
        const auto live = cluster.paneWithActions();
        QVERIFY(live);
        ui::DetailsPane* pane = live->pane.get();
        pane->show();
        QStringList buttons;
        cancelNextMessageBox(this, &buttons);
        pane->deleteApplication();
        buttons.sort();
        QCOMPARE(buttons, (QStringList{QStringLiteral("Cancel"), QStringLiteral("Delete")}));

        QTRY_COMPARE(live->session->scheduledApplications()->rowCount(), 2);
        ui::ScheduledView view;
        view.setActions(live->actions.get());
        view.show();
        QVERIFY(view.selectKey(QStringLiteral("default/computed")));
        buttons.clear();
        cancelNextMessageBox(this, &buttons);
        view.deleteSelected();
        buttons.sort();
        QCOMPARE(buttons, (QStringList{QStringLiteral("Cancel"), QStringLiteral("Delete")}));
        for (const auto& r : cluster.server.requests())
            QVERIFY2(r.method != "DELETE", r.path.toUtf8().constData()); // cancelled: nothing deleted
    }

    // Re-run from the pane goes through the session's actions: the DELETE names the uid of the
    // object the user saw (preconditions.uid), so a replacement of the same name is never deleted.
    void rerunDeletesOnlyTheObjectShown()
    {
        ScriptedCluster cluster;
        const auto live = cluster.paneWithActions();
        QVERIFY(live);
        ui::DetailsPane* pane = live->pane.get();
        QTRY_VERIFY(pane->details() && pane->details()->exists());
        pane->rerun(false);
        QByteArray body;
        QTRY_VERIFY([&] {
            for (const auto& r : cluster.server.requests())
                if (r.method == "DELETE" && r.path.endsWith(QLatin1String("/sparkapplications/x")))
                    body = r.body;
            return !body.isEmpty();
        }());
        const QJsonObject options = QJsonDocument::fromJson(body).object();
        QCOMPARE(options.value(QLatin1String("preconditions")).toObject().value(QLatin1String("uid")).toString(), QStringLiteral("x-uid"));
    }

    // The copyable kubectl commands are kube::KubectlCommand's: a kubeconfig path with a space is
    // shell-quoted, and $SPARKDECK_KUBECTL names the program.
    void copiedCommandsAreShellQuoted()
    {
        model::ApplicationsModel model;
        ui::DetailsPane pane(&model);
        pane.setClient(nullptr, {QStringLiteral("/home/me/my configs/kind.yaml")}, QStringLiteral("kind-spark"));
        pane.setApplication(QStringLiteral("default/x"));
        QStringList commands = pane.kubectlCommands();
        QCOMPARE(commands.size(), 7);
        QCOMPARE(commands.first(), QStringLiteral("kubectl --kubeconfig '/home/me/my configs/kind.yaml' --context kind-spark -n default "
                                                  "get sparkapplication x -o yaml"));
        for (const QString& command : std::as_const(commands))
            QVERIFY2(command.startsWith(QStringLiteral("kubectl --kubeconfig '/home/me/my configs/kind.yaml' ")), qPrintable(command));

        qputenv("SPARKDECK_KUBECTL", "/opt/kube tools/kubectl");
        commands = pane.kubectlCommands();
        qunsetenv("SPARKDECK_KUBECTL");
        QVERIFY2(commands.last().startsWith(QStringLiteral("'/opt/kube tools/kubectl' --kubeconfig")), qPrintable(commands.last()));
        QVERIFY2(commands.last().endsWith(QStringLiteral(" delete sparkapplication x")), qPrintable(commands.last()));
    }

    void scheduledNextRunIsComputedWhenNotReported()
    {
        ScriptedCluster cluster;
        model::ScheduledApplicationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        cluster.watch(kube::ResourceKind::scheduledSparkApplications(), &model, 2);
        const int computed = model.rowOf(QStringLiteral("default/computed"));
        const int reported = model.rowOf(QStringLiteral("default/reported"));
        QVERIFY(computed >= 0 && reported >= 0);
        auto cell = [&](int row, int role) { return model.index(row, model::ScheduledApplicationsModel::NextRun).data(role); };
        // "*/15 * * * *": at most 15 minutes away, marked as computed here.
        const QString text = cell(computed, Qt::DisplayRole).toString();
        QVERIFY2(text.startsWith(QStringLiteral("in ")) && text.contains(QStringLiteral("computed")), qPrintable(text));
        const qint64 at = cell(computed, model::ScheduledApplicationsModel::SortRole).toLongLong();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY2(at > now && at <= now + 15 * 60 * 1000, qPrintable(QString::number(at - now)));
        QVERIFY2(cell(computed, Qt::ToolTipRole).toString().contains(QStringLiteral("computed from the schedule")),
                 qPrintable(cell(computed, Qt::ToolTipRole).toString()));
        // The operator's own value is shown as it is.
        const QString fromStatus = cell(reported, Qt::DisplayRole).toString();
        QVERIFY2(fromStatus.startsWith(QStringLiteral("in ")) && !fromStatus.contains(QStringLiteral("computed")), qPrintable(fromStatus));
    }
};

QTEST_MAIN(TestLiveUi)
#include "tst_liveui.moc"
