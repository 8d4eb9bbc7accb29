#include "bench/probes.h"

#include "models/applicationsmodel.h"
#include "bench/benchutil.h"
#include "app/kube/informer.h"
#include "app/kube/kubeclient.h"
#include "models/logmodel.h"
#include "app/kube/logstream.h"
#include "ui/logviewer.h"
#include "ui/applicationsview.h"
#include "ui/mainwindow.h"
#include "bench/objects.h"
#include "app/kube/sparkapi.h"

#include <QApplication>
#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTableView>
#include <QJsonArray>
#include <QLabel>
#include <QListView>
#include <QTextDocumentFragment>
#include <QPixmap>
#include <QSocketNotifier>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <sys/resource.h>
#include <unistd.h>

namespace bench {

namespace {

ui::SessionOptions sessionFor(const ProbeOptions& opts)
{
    ui::SessionOptions session;
    session.kubeconfigFiles = {opts.kubeconfig};
    session.explicitKubeconfig = true;
    session.ns = opts.ns; // "" = all namespaces (-A)
    return session;       // no draft file: nothing is written to the user's settings
}

void savePng(const QPixmap& pixmap, const QString& file)
{
    if (!file.isEmpty() && !pixmap.save(file))
        note(QStringLiteral("cannot write %1").arg(file));
}

// CPU time (user + system) used by this process so far, in ms.
double cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
}

// Milliseconds from `action` (an input event delivered to the table or its filter) until the
// event loop has handled what it queued and the table has been rendered again: one frame.
double frameMs(QTableView* table, const std::function<void()>& action)
{
    QElapsedTimer timer;
    timer.start();
    action();
    QCoreApplication::processEvents();
    const QPixmap frame = table->grab();
    Q_UNUSED(frame);
    return double(timer.nsecsElapsed()) / 1e6;
}

QJsonObject frameTimes(QList<double> times)
{
    double max = 0;
    for (double t : std::as_const(times))
        max = qMax(max, t);
    return {{QStringLiteral("maxMs"), max}, {QStringLiteral("medianMs"), median(times)}, {QStringLiteral("frames"), int(times.size())}};
}

// Sorting, filtering and scrolling the applications table, one timed frame per input event:
// header clicks on five columns (and the first again, to reverse), typing "failed" into the
// filter and deleting it again key by key, and ten pages of scrolling down.
QJsonObject interactions(ui::MainWindow& window)
{
    QTableView* table = window.applicationsView()->table();
    QLineEdit* filter = window.applicationsView()->filterEdit();
    QHeaderView* header = table->horizontalHeader();
    QList<double> sort, type, scroll;
    QList<int> sections;
    for (int visual = 0; visual < header->count() && sections.size() < 5; ++visual)
        if (!header->isSectionHidden(header->logicalIndex(visual)))
            sections << header->logicalIndex(visual);
    if (!sections.isEmpty())
        sections << sections.first();
    for (int logical : std::as_const(sections)) {
        const QPoint at(header->sectionViewportPosition(logical) + header->sectionSize(logical) / 2, header->height() / 2);
        sort << frameMs(table, [&] {
            for (QEvent::Type type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease}) {
                QMouseEvent event(type, at, header->viewport()->mapToGlobal(at), Qt::LeftButton,
                                  type == QEvent::MouseButtonPress ? Qt::LeftButton : Qt::NoButton, Qt::NoModifier);
                QApplication::sendEvent(header->viewport(), &event);
            }
        });
    }
    const int before = table->model()->rowCount();
    auto key = [&](int code, const QString& text) {
        return frameMs(table, [&] {
            QKeyEvent press(QEvent::KeyPress, code, Qt::NoModifier, text);
            QApplication::sendEvent(filter, &press);
            QKeyEvent release(QEvent::KeyRelease, code, Qt::NoModifier, text);
            QApplication::sendEvent(filter, &release);
        });
    };
    const QString word = QStringLiteral("failed");
    for (QChar c : word)
        type << key(Qt::Key_A + (c.unicode() - 'a'), QString(c));
    const int filtered = table->model()->rowCount();
    for (int i = 0; i < word.size(); ++i)
        type << key(Qt::Key_Backspace, {});
    for (int page = 0; page < 10; ++page)
        scroll << frameMs(table, [&] { table->verticalScrollBar()->triggerAction(QAbstractSlider::SliderPageStepAdd); });
    QJsonObject result{{QStringLiteral("sort"), frameTimes(sort)},
                       {QStringLiteral("filter"), frameTimes(type)},
                       {QStringLiteral("scroll"), frameTimes(scroll)},
                       {QStringLiteral("rowsBefore"), before},
                       {QStringLiteral("rowsFiltered"), filtered},
                       {QStringLiteral("rowsAfter"), table->model()->rowCount()},
                       {QStringLiteral("filterText"), filter->text()}};
    return result;
}

// Timestamps the end of the first paint pass of `window` (for which `ready` holds): the first
// Paint event of a widget in it, then the first event-loop turn after that pass.
class FirstPaint : public QObject {
public:
    FirstPaint(QWidget* window, std::function<bool(QWidget*)> ready)
        : m_window(window)
        , m_ready(std::move(ready))
    {
        qApp->installEventFilter(this);
    }
    qint64 paintedNs = 0;
    std::function<void()> onPainted;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_seen && watched->isWidgetType()) {
            auto* widget = static_cast<QWidget*>(watched);
            if (widget->window() == m_window && m_ready(widget)) {
                m_seen = true;
                QTimer::singleShot(0, this, [this] {
                    paintedNs = monotonicNs();
                    if (onPainted)
                        onPainted();
                });
            }
        }
        return false;
    }

private:
    QWidget* m_window;
    std::function<bool(QWidget*)> m_ready;
    bool m_seen = false;
};

} // namespace

int startProbe(const ProbeOptions& opts, qint64 mainNs)
{
    const qint64 windowNs = monotonicNs();
    ui::MainWindow window(sessionFor(opts));
    window.resize(1400, 900);
    FirstPaint painted(&window, [](QWidget*) { return true; });
    painted.onPainted = [] { QApplication::quit(); };
    window.show();
    QTimer::singleShot(60'000, &window, [] { QApplication::quit(); });
    QApplication::exec();
    QJsonObject result{{QStringLiteral("mainNs"), mainNs}, {QStringLiteral("windowNs"), windowNs},
                       {QStringLiteral("paintedNs"), painted.paintedNs},
                       {QStringLiteral("connection"), window.connectionText()}};
    if (painted.paintedNs == 0)
        result.insert(QStringLiteral("error"), QStringLiteral("the window was not painted within 60 s"));
    printResult(result);
    return painted.paintedNs == 0 ? 1 : 0;
}

int listProbe(const ProbeOptions& opts, qint64 mainNs)
{
    const qint64 windowNs = monotonicNs();
    ui::MainWindow window(sessionFor(opts));
    window.resize(1400, 900);
    window.showApplications();
    // The first rows on screen: the end of the first paint of the table once it has rows.
    QTableView* table = window.applicationsView()->table();
    FirstPaint firstRows(&window, [&](QWidget* widget) {
        return widget == table->viewport() && table->model() && table->model()->rowCount() > 0;
    });
    window.show();

    QJsonObject result;
    QObject::connect(&window, &ui::MainWindow::applicationsSynced, &window, [&] {
        // The first list has been applied to the Informer's store, and with it to the
        // ApplicationsModel and the sorting proxy of the table (both update synchronously).
        const qint64 syncedNs = monotonicNs();
        const int rows = window.applicationsModel()->rowCount();
        // Render the window once, as the first paint would: the table paints its visible rows.
        const QPixmap pixmap = window.grab();
        const qint64 renderedNs = monotonicNs();
        const Memory memory = processMemory();
        savePng(pixmap, opts.png);
        result = {{QStringLiteral("mainNs"), mainNs},
                  {QStringLiteral("windowNs"), windowNs},
                  {QStringLiteral("syncedNs"), syncedNs},
                  {QStringLiteral("renderedNs"), renderedNs},
                  {QStringLiteral("rows"), rows},
                  {QStringLiteral("rssMiB"), memory.rssMiB},
                  {QStringLiteral("peakMiB"), memory.peakMiB}};
        // Let the first-rows paint be timestamped, then sort, filter and scroll.
        QTimer::singleShot(0, &window, [&] {
            result.insert(QStringLiteral("firstRowsNs"), firstRows.paintedNs);
            if (opts.interact)
                result.insert(QStringLiteral("frames"), interactions(window));
            result.insert(QStringLiteral("peakEndMiB"), processMemory().peakMiB);
            QApplication::quit();
        });
    });
    QTimer::singleShot(180'000, &window, [&] {
        result = {{QStringLiteral("error"), QStringLiteral("no list within 180 s: %1").arg(window.connectionText())}};
        QApplication::quit();
    });
    QApplication::exec();
    printResult(result);
    return result.contains(QLatin1String("error")) ? 1 : 0;
}

int watchProbe(const ProbeOptions& opts)
{
    ui::MainWindow window(sessionFor(opts));
    window.resize(1400, 900);
    window.showApplications();
    window.show();

    QList<double> lags;                 // ms, one per update received
    QHash<QString, QString> lastSent;   // key → the last send time seen, to count each update once
    qint64 readyUs = 0;
    qint64 lastUpdateNs = 0;
    qint64 expected = -1;               // set by "STOP <sent> [<file of key TAB last send time>]"
    QString expectedFile;
    qint64 stopNs = 0;
    QElapsedTimer tick;
    qint64 maxGapNs = 0;
    int gapsOver50 = 0;
    int gapsOver16 = 0;
    qint64 ticks = 0;
    double cpuAtReady = 0;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(5);
    QObject::connect(&heartbeat, &QTimer::timeout, &window, [&] {
        const qint64 gap = tick.nsecsElapsed();
        tick.start();
        ++ticks;
        maxGapNs = qMax(maxGapNs, gap);
        if (gap > 50'000'000)
            ++gapsOver50;
        if (gap > 16'000'000)
            ++gapsOver16;
    });

    auto onUpdated = [&](const QString& key) {
        kube::Informer* informer = window.informer();
        const QString sent = informer->object(key)
                                 .value(QLatin1String("metadata")).toObject()
                                 .value(QLatin1String("annotations")).toObject()
                                 .value(QLatin1String(kSentAnnotation)).toString();
        if (sent.isEmpty() || lastSent.value(key) == sent)
            return;
        lastSent.insert(key, sent);
        const qint64 sentUs = sent.toLongLong();
        if (sentUs < readyUs)
            return; // written before this probe was ready (an earlier phase)
        lags << double(wallUs() - sentUs) / 1000.0;
        lastUpdateNs = monotonicNs();
    };

    QObject::connect(&window, &ui::MainWindow::applicationsSynced, &window, [&] {
        // Connected after the ApplicationsModel's own connection, so this runs once the model
        // (and the table's proxy) has the new object.
        QObject::connect(window.informer(), &kube::Informer::updated, &window, onUpdated);
        readyUs = wallUs();
        cpuAtReady = cpuMs();
        tick.start();
        heartbeat.start();
        std::fprintf(stdout, "READY %d\n", window.applicationsModel()->rowCount());
        std::fflush(stdout);
    });

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray pending;
    QObject::connect(&input, &QSocketNotifier::activated, &window, [&] {
        char buffer[256];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            input.setEnabled(false);
            if (expected < 0) { // the orchestrator went away: report what we have
                expected = 0;
                stopNs = monotonicNs();
            }
            return;
        }
        pending.append(buffer, n);
        if (pending.contains('\n') && pending.startsWith("STOP ")) {
            const QList<QByteArray> words = pending.left(pending.indexOf('\n')).simplified().split(' ');
            expected = words.value(1).toLongLong();
            expectedFile = QString::fromLocal8Bit(words.value(2));
            stopNs = monotonicNs();
        }
    });

    // Done when every update sent has arrived, or when none came for 3 s, or 15 s after STOP.
    QTimer finish;
    finish.setInterval(50);
    QObject::connect(&finish, &QTimer::timeout, &window, [&] {
        if (expected < 0)
            return;
        const qint64 now = monotonicNs();
        if (lags.size() >= expected || now - qMax(lastUpdateNs, stopNs) > 3'000'000'000LL
            || now - stopNs > 15'000'000'000LL)
            QApplication::quit();
    });
    finish.start();
    QTimer::singleShot(600'000, &window, [] { QApplication::quit(); });
    QApplication::exec();

    heartbeat.stop();
    const double cpu = cpuMs() - cpuAtReady;
    QList<double> sorted = lags;
    const double p50 = percentile(sorted, 50);
    const double p99 = percentile(sorted, 99);
    const double max = sorted.isEmpty() ? 0 : sorted.last();
    QJsonObject result{{QStringLiteral("received"), int(lags.size())},
                       {QStringLiteral("p50Ms"), p50},
                       {QStringLiteral("p99Ms"), p99},
                       {QStringLiteral("maxMs"), max},
                       {QStringLiteral("maxGapMs"), double(maxGapNs) / 1e6},
                       {QStringLiteral("gapsOver50"), gapsOver50},
                       {QStringLiteral("gapsOver16"), gapsOver16},
                       {QStringLiteral("ticks"), ticks},
                       {QStringLiteral("cpuMs"), cpu},
                       {QStringLiteral("rows"), window.applicationsModel()->rowCount()},
                       {QStringLiteral("informerState"), int(window.informer() ? window.informer()->state()
                                                                                : kube::Informer::State::Stopped)}};
    if (!expectedFile.isEmpty() && window.informer()) {
        // No update lost: every object shows the last send time the server wrote for it.
        QFile file(expectedFile);
        int checked = 0, lost = 0;
        if (file.open(QIODevice::ReadOnly)) {
            for (const QByteArray& line : file.readAll().split('\n')) {
                const QList<QByteArray> kv = line.split('\t');
                if (kv.size() != 2)
                    continue;
                ++checked;
                const QString shown = window.informer()->object(QString::fromUtf8(kv[0]))
                                          .value(QLatin1String("metadata")).toObject()
                                          .value(QLatin1String("annotations")).toObject()
                                          .value(QLatin1String(kSentAnnotation)).toString();
                if (shown.toUtf8() != kv[1])
                    ++lost;
            }
        }
        result.insert(QStringLiteral("finalChecked"), checked);
        result.insert(QStringLiteral("finalLost"), lost);
    }
    if (readyUs == 0)
        result.insert(QStringLiteral("error"), QStringLiteral("never synced: %1").arg(window.connectionText()));
    printResult(result);
    return readyUs == 0 ? 1 : 0;
}

int writer(const ProbeOptions& opts)
{
    kube::KubeClient client(connectionFor(opts.kubeconfig));
    QStringList paths;
    for (int i = 0; i < opts.apps; ++i)
        paths << kube::ResourceKind::sparkApplications().objectPath(opts.ns, appName(i));

    const qint64 windowNs = qint64(opts.seconds * 1e9);
    qint64 sent = 0, ok = 0, failed = 0, behind = 0;
    int inFlight = 0;
    QString lastError;
    QElapsedTimer clock;
    qint64 lastSendNs = 0;

    auto send = [&] {
        const QJsonObject patch{{QStringLiteral("metadata"),
                                 QJsonObject{{QStringLiteral("annotations"),
                                              QJsonObject{{QLatin1String(kSentAnnotation), QString::number(wallUs())}}}}}};
        ++inFlight;
        kube::mergePatch(&client, paths[sent % paths.size()], patch, &client, [&](const kube::Status& patched) {
            --inFlight;
            if (!patched) {
                ++failed;
                lastError = patched.error().summary();
            } else {
                ++ok;
            }
        });
        ++sent;
    };

    // Every 2 ms send what the schedule asks for. When the server does not keep up (opts.inFlight
    // requests unanswered), fall behind by at most 100 ms of sends and count what had to be
    // skipped: queueing more requests would only measure the API server's queue as "lag".
    QTimer pacer;
    pacer.setTimerType(Qt::PreciseTimer);
    pacer.setInterval(2);
    QObject::connect(&pacer, &QTimer::timeout, &client, [&] {
        const qint64 elapsed = clock.nsecsElapsed();
        if (elapsed >= windowNs) {
            pacer.stop();
            return;
        }
        const qint64 due = qint64(double(elapsed) * opts.rate / 1e9);
        const qint64 slack = qint64(opts.rate / 10);
        if (due - (sent + behind) > slack)
            behind = due - slack - sent;
        while (sent + behind < due && inFlight < opts.inFlight) {
            send();
            lastSendNs = clock.nsecsElapsed();
        }
    });
    QTimer done;
    done.setInterval(20);
    QObject::connect(&done, &QTimer::timeout, &client, [&] {
        if (!pacer.isActive() && inFlight == 0)
            QCoreApplication::quit();
    });
    clock.start();
    pacer.start();
    done.start();
    QCoreApplication::exec();

    const double seconds = double(lastSendNs) / 1e9;
    QJsonObject result{{QStringLiteral("sent"), sent},
                       {QStringLiteral("ok"), ok},
                       {QStringLiteral("failed"), failed},
                       {QStringLiteral("skipped"), behind},
                       {QStringLiteral("seconds"), seconds},
                       {QStringLiteral("rate"), seconds > 0 ? double(ok) / seconds : 0.0}};
    if (!lastError.isEmpty())
        result.insert(QStringLiteral("lastError"), lastError);
    printResult(result);
    return 0;
}

int logsProbe(const ProbeOptions& opts)
{
    kube::KubeClient client(connectionFor(opts.kubeconfig));
    ui::LogViewer viewer;
    viewer.resize(1400, 900);
    viewer.setClient(&client);
    // Read the log once (follow=false), as `kubectl logs POD` does.
    for (QCheckBox* box : viewer.findChildren<QCheckBox*>())
        if (box->text() == QLatin1String("Follow"))
            box->setChecked(false);
    viewer.show();
    QCoreApplication::processEvents();

    const Memory before = processMemory();
    const qint64 followNs = monotonicNs();
    viewer.follow(opts.ns, opts.pod, opts.container);
    auto* stream = viewer.findChild<kube::LogStream*>();
    QString streamError;
    if (!stream || stream->options().follow) {
        streamError = QStringLiteral("the log viewer did not open a follow=false stream");
    } else {
        QObject::connect(stream, &kube::LogStream::stateChanged, &viewer, [&] {
            if (stream->state() == kube::LogStream::State::Ended)
                QApplication::quit();
            else if (stream->state() == kube::LogStream::State::Failed) {
                streamError = stream->statusMessage();
                QApplication::quit();
            }
        });
        QTimer::singleShot(300'000, &viewer, [&] {
            streamError = QStringLiteral("the stream had not ended after 300 s");
            QApplication::quit();
        });
        QApplication::exec();
    }
    const qint64 endedNs = monotonicNs();
    model::LogModel* model = viewer.model();
    const int rows = model->rowCount();
    // The list view lays rows out in batches from the event loop: let it finish, with the last
    // line in view, then render the viewer once as the user would see it.
    QListView* view = viewer.view();
    const QModelIndex last = model->index(rows - 1);
    const bool laidOut = rows == 0 || waitUntil([&] {
        view->scrollToBottom();
        const QRect rect = view->visualRect(last);
        return rect.isValid() && view->viewport()->rect().intersects(rect);
    }, 60'000);
    const QPixmap pixmap = viewer.grab();
    const qint64 renderedNs = monotonicNs();
    if (!laidOut)
        note(QStringLiteral("the log view had not laid out its last row after 60 s"));
    savePng(pixmap, opts.png);
    const Memory after = processMemory();
    // What the viewer says about the log (its header label: lines, and how many are on disk).
    QString headerText;
    for (QLabel* label : viewer.findChildren<QLabel*>())
        if (label->text().contains(QLatin1String(" lines")))
            headerText = QTextDocumentFragment::fromHtml(label->text()).toPlainText();

    // Figure 5: LogModel::search on a snapshot, one warm-up run, then the median of three.
    struct Pattern {
        QString name;
        QString text;
        bool regex;
        bool caseSensitive;
    };
    const QList<Pattern> patterns{
        {QStringLiteral("plain"), QStringLiteral("already exists on this machine"), false, true},
        {QStringLiteral("icase"), QStringLiteral("blockmanager: block RDD_2_"), false, false},
        {QStringLiteral("regex"), QStringLiteral(R"(Finished task \d+\.0 in stage 1\.0 \(TID \d+\) in 1\d\d ms)"), true, true},
    };
    const model::LogModel::Snapshot snapshot = model->snapshot();
    QJsonObject searches;
    for (const Pattern& p : patterns) {
        QString error;
        qsizetype hits = 0;
        if (opts.searchRuns > 1) // a warm-up run first
            hits = model::LogModel::search(snapshot, p.text, p.regex, p.caseSensitive, &error).size();
        QList<double> times;
        for (int run = 0; run < opts.searchRuns; ++run) {
            QElapsedTimer timer;
            timer.start();
            hits = model::LogModel::search(snapshot, p.text, p.regex, p.caseSensitive, &error).size();
            times << double(timer.nsecsElapsed()) / 1e6;
        }
        searches.insert(p.name, QJsonObject{{QStringLiteral("pattern"), p.text},
                                            {QStringLiteral("ms"), median(times)},
                                            {QStringLiteral("hits"), hits},
                                            {QStringLiteral("error"), error}});
    }
    const Memory end = processMemory();

    QJsonObject result{{QStringLiteral("followNs"), followNs},
                       {QStringLiteral("endedNs"), endedNs},
                       {QStringLiteral("renderedNs"), renderedNs},
                       {QStringLiteral("rows"), rows},
                       {QStringLiteral("streamLines"), stream ? stream->lineCount() : 0},
                       {QStringLiteral("modelBytes"), double(model->byteSize())},
                       {QStringLiteral("spilledLines"), double(model->spilledLines())},
                       {QStringLiteral("memoryLimitBytes"), double(model->memoryLimit())},
                       {QStringLiteral("spillError"), model->spillError()},
                       {QStringLiteral("header"), headerText},
                       {QStringLiteral("rssBeforeMiB"), before.rssMiB},
                       {QStringLiteral("rssAfterMiB"), after.rssMiB},
                       {QStringLiteral("peakAfterMiB"), after.peakMiB},
                       {QStringLiteral("peakEndMiB"), end.peakMiB},
                       {QStringLiteral("search"), searches}};
    if (!streamError.isEmpty())
        result.insert(QStringLiteral("error"), streamError);
    printResult(result);
    return streamError.isEmpty() ? 0 : 1;
}

} // namespace bench
