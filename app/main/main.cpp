// SparkDeck: composition root. Hands `sparkdeck COMMAND` to the command line (app/cli); otherwise
// parses the window's options, builds the main window and, with
// --screenshot, renders it once the first list of SparkApplications has arrived.

#include "app/cli/cli.h"
#include "app/cli/command.h"
#include "app/cli/windowoptions.h"
#include "app/session/clustersession.h"
#include "app/session/jobdocument.h"
#include "app/session/logsession.h"
#include "app/session/sessionmanager.h"
#include "models/allapplicationsmodel.h"
#include "models/clusterlistmodel.h"
#include "models/applicationsmodel.h"
#include "ui/applicationsview.h"
#include "ui/detailspane.h"
#include "ui/jobeditor.h"
#include "ui/logviewer.h"
#include "ui/mainwindow.h"
#include "ui/stateicons.h"
#include "ui/theme.h"
#include "models/yamldocument.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

namespace {

// Picks the row to show in a screenshot: the newest COMPLETED application, else the first row.
QString screenshotSelection(const model::ApplicationsModel* model)
{
    QString best;
    qint64 bestCreated = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, model::ApplicationsModel::Age);
        const qint64 created = -index.data(model::ApplicationsModel::SortRole).toLongLong();
        if (index.data(model::ApplicationsModel::StateRole).toString() == QLatin1String("COMPLETED") && created > bestCreated) {
            best = model->keyAt(row);
            bestCreated = created;
        }
    }
    return best.isEmpty() ? model->keyAt(0) : best;
}

int saveScreenshot(ui::MainWindow& window, const QString& file)
{
    const QPixmap pixmap = window.grab();
    if (!pixmap.save(file)) {
        std::fprintf(stderr, "sparkdeck: cannot write the screenshot to %s\n", qPrintable(file));
        return 1;
    }
    std::fprintf(stdout, "%s\n", qPrintable(QFileInfo(file).absoluteFilePath()));
    return 0;
}

// --normalize FILE: prints what Save would write for FILE (every document of a multi-document file,
// comments and formatting kept; see YamlDocument::parse for what is normalised) and exits; on a YAML
// error, or a file beyond the limits of models/yamllimits.h (size, UTF-8, nesting, aliases), prints
// FILE:line:column: message (FILE: message without a place) to stderr and exits 1; exits 2 when the
// file cannot be read. Runs without a display.
int normalize(const QString& file)
{
    model::YamlError error;
    const auto text = model::readYamlFile(file, &error);
    if (!text && error.kind == model::YamlErrorKind::Unreadable) {
        std::fprintf(stderr, "%s: cannot open: %s\n", qPrintable(file), qPrintable(error.message));
        return 2;
    }
    const auto out = text ? session::JobDocument::normalizedFileText(*text, &error) : std::nullopt;
    if (!out) {
        std::fprintf(stderr, "%s\n", qPrintable(error.located(file)));
        return 1;
    }
    const QByteArray bytes = out->toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    return 0;
}

// With SPARKDECK_STARTUP_TIMING set, says on stderr how long after the start of main() the window
// was first painted ("sparkdeck: first paint after N ms"), for the benchmark.
class FirstPaintTimer : public QObject {
public:
    explicit FirstPaintTimer(const QElapsedTimer& sinceStart) : m_sinceStart(sinceStart) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !m_said) {
            m_said = true;
            std::fprintf(stderr, "sparkdeck: first paint after %lld ms\n", static_cast<long long>(m_sinceStart.elapsed()));
            QCoreApplication::instance()->removeEventFilter(this);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    const QElapsedTimer& m_sinceStart;
    bool m_said = false;
};

} // namespace

int main(int argc, char* argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    // `sparkdeck COMMAND ...`, help and version: the headless command line (app/cli), no display.
    if (cli::isCommandLine(argc, argv))
        return cli::main(argc, argv, "sparkdeck");
    // Headless commands first: they must work without a display. Both spellings QCommandLineParser
    // accepts: `--normalize FILE` and `--normalize=FILE`.
    for (int i = 1; i < argc; ++i) {
        const bool separate = qstrcmp(argv[i], "--normalize") == 0 && i + 1 < argc;
        if (separate || qstrncmp(argv[i], "--normalize=", 12) == 0) {
            QCoreApplication core(argc, argv);
            return normalize(QString::fromLocal8Bit(separate ? argv[i + 1] : argv[i] + 12));
        }
    }

    QApplication app(argc, argv);
    FirstPaintTimer firstPaint(sinceStart);
    if (qEnvironmentVariableIsSet("SPARKDECK_STARTUP_TIMING"))
        app.installEventFilter(&firstPaint);
    QApplication::setApplicationName(QStringLiteral("SparkDeck"));
    QApplication::setOrganizationName(QStringLiteral("SparkDeck"));
    QApplication::setApplicationVersion(QStringLiteral(SPARKDECK_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/sparkdeck.svg")));
    QApplication::setDesktopFileName(QStringLiteral("io.github.sparkdeck.SparkDeck")); // packaging/desktop
    ui::installLooks(); // the colours and icons of states, phases and log levels in every model

    // The options are the command line's (app/cli): the global ones the window shares and
    // cli::windowOptions(), so `sparkdeck --help` and the man page list the same ones.
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("SparkDeck: submit, watch and debug Apache Spark jobs on Kubernetes."));
    parser.addHelpOption();
    parser.addVersionOption();
    cli::addOptions(parser, cli::windowGlobalOptions());
    cli::addOptions(parser, cli::windowOptions());
    const QString kubeconfigOption = QStringLiteral("kubeconfig");
    const QString contextOption = QStringLiteral("context");
    const QString namespaceOption = QStringLiteral("namespace");
    const QString allNamespacesOption = QStringLiteral("all-namespaces");
    const QString screenshotOption = QStringLiteral("screenshot");
    const QString editorOption = QStringLiteral("editor");
    const QString detailsOption = QStringLiteral("details");
    const QString openOption = QStringLiteral("open");
    const QString themeOption = QStringLiteral("theme");
    const QString noDraftOption = QStringLiteral("no-draft");
    const QString windowSizeOption = QStringLiteral("window-size");
    const QString allClustersOption = QStringLiteral("all-clusters");
    parser.process(app);
    if (!ui::applyTheme(parser.value(themeOption))) {
        std::fprintf(stderr, "sparkdeck: unknown theme \"%s\"; use system, light or dark\n", qPrintable(parser.value(themeOption)));
        return 2;
    }

    ui::SessionOptions options;
    if (parser.isSet(kubeconfigOption)) {
        options.kubeconfigFiles = parser.value(kubeconfigOption).split(QLatin1Char(':'), Qt::SkipEmptyParts);
        options.explicitKubeconfig = true;
    }
    options.context = parser.value(contextOption);
    if (parser.isSet(allNamespacesOption))
        options.ns = QString();
    else if (parser.isSet(namespaceOption))
        options.ns = parser.value(namespaceOption);
    options.openFile = parser.value(openOption);
    // Screenshots must not depend on (or write) a draft from an earlier session.
    if (!parser.isSet(noDraftOption) && !parser.isSet(screenshotOption))
        options.draftFile = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/draft.yaml");
    options.rememberGeometry = !parser.isSet(screenshotOption);

    ui::MainWindow window(options);
    if (parser.isSet(editorOption) || parser.isSet(openOption))
        window.showEditor();
    QStringList tabs; // --details' values, in the order of ui::DetailsPane::Tab
    for (const cli::Option& o : cli::windowOptions()) {
        if (o.names.contains(detailsOption))
            tabs = o.values;
    }
    const int tab = int(tabs.indexOf(parser.value(detailsOption)));
    if (tab < 0) {
        std::fprintf(stderr, "sparkdeck: --details takes one of %s\n", qPrintable(tabs.join(QStringLiteral(", "))));
        return 2;
    }
    const bool allClusters = parser.isSet(allClustersOption) && window.isConnected();
    if (allClusters) {
        for (const QString& context : window.sessions()->clusterList()->contexts())
            window.sessions()->open(context);
        window.setAllClusters(true);
    }
    window.detailsPane()->showTab(ui::DetailsPane::Tab(tab));
    if (parser.isSet(windowSizeOption)) {
        const QStringList wh = parser.value(windowSizeOption).split(QLatin1Char('x'));
        const int w = wh.size() == 2 ? wh.at(0).toInt() : 0;
        const int h = wh.size() == 2 ? wh.at(1).toInt() : 0;
        if (w <= 0 || h <= 0) {
            std::fprintf(stderr, "sparkdeck: --window-size takes WIDTHxHEIGHT, e.g. 1024x700\n");
            return 2;
        }
        window.resize(w, h);
    } else if (parser.isSet(screenshotOption)) {
        window.resize(1400, 860); // screenshots have one size, whatever the screen
    }
    window.show();

    if (!parser.isSet(screenshotOption))
        return app.exec();

    // --screenshot: wait for the first list (at most 20 s), select an application, then save as soon
    // as its driver log is settled: read to its end, or the API server said there is none to read
    // yet (no driver pod, a container not started) or ever (an error for good). A log still
    // streaming (a running driver) gets up to 4 s.
    const QString file = parser.value(screenshotOption);
    if (!window.isConnected() || parser.isSet(openOption)) {
        QTimer::singleShot(200, &app, [&] { QApplication::exit(saveScreenshot(window, file)); });
        return app.exec();
    }
    QElapsedTimer sinceSync;
    QTimer streaming;
    streaming.setSingleShot(true);
    bool saved = false;
    // The watch opens just after the first list; until then the status bar says "Connecting" and an
    // empty table "Loading". The picture waits for it (at most 2 s more) so that it shows the state
    // a user sees a moment later.
    QTimer live;
    live.setSingleShot(true);
    bool written = false;
    auto saveWhenLive = [&] {
        const session::ClusterSession* current = window.session();
        if (written || (current && current->connectionState().phase != session::ClusterSession::Phase::Live && live.isActive()))
            return;
        written = true;
        live.stop();
        QApplication::exit(saveScreenshot(window, file));
    };
    QObject::connect(&live, &QTimer::timeout, &app, saveWhenLive);
    if (window.session())
        QObject::connect(window.session(), &session::ClusterSession::connectionStateChanged, &app, [&] {
            if (saved)
                saveWhenLive();
        });
    auto saveOnce = [&](const QString& without) {
        if (saved)
            return;
        saved = true;
        if (!without.isEmpty())
            std::fprintf(stderr, "sparkdeck: screenshot without the driver log: %s\n", qPrintable(without));
        live.start(2000);
        saveWhenLive();
    };
    auto checkLog = [&] {
        if (!sinceSync.isValid())
            return;
        const session::LogSession* log = window.logViewer()->session();
        switch (log->target().isEmpty() ? kube::LogStream::State::Ended : log->state()) {
        case kube::LogStream::State::Ended:
            saveOnce({});
            break;
        case kube::LogStream::State::Waiting:
        case kube::LogStream::State::Failed:
            saveOnce(log->statusMessage());
            break;
        default:
            break; // Idle (opening), Streaming or Retrying: the log may still come
        }
    };
    QObject::connect(window.logViewer()->session(), &session::LogSession::stateChanged, &app, checkLog);
    QObject::connect(window.logViewer()->session(), &session::LogSession::targetChanged, &app, checkLog);
    QObject::connect(&streaming, &QTimer::timeout, &app, [&] { saveOnce(QStringLiteral("still streaming after 4 s")); });
    QObject::connect(&window, &ui::MainWindow::applicationsSynced, &app, [&] {
        if (window.applicationsModel()->rowCount() > 0 && !parser.isSet(editorOption)) {
            const QString key = screenshotSelection(window.applicationsModel());
            if (allClusters) {
                const int row = window.sessions()->allApplications()->rowOf(window.currentContext(), window.applicationsModel()->rowOf(key));
                auto* sorted = qobject_cast<QSortFilterProxyModel*>(window.allClustersTable()->model());
                if (row >= 0 && sorted)
                    window.allClustersTable()->selectRow(sorted->mapFromSource(window.sessions()->allApplications()->index(row, 0)).row());
            } else {
                window.applicationsView()->selectKey(key);
            }
        }
        if (sinceSync.isValid())
            return;
        sinceSync.start();
        streaming.start(4000);
        checkLog();
    });
    QTimer::singleShot(20'000, &app, [&] {
        if (sinceSync.isValid())
            return;
        std::fprintf(stderr, "sparkdeck: no list of SparkApplications within 20 s: %s\n",
                     qPrintable(window.connectionText()));
        saveScreenshot(window, file);
        QApplication::exit(2);
    });
    return app.exec();
}
