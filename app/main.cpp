// SparkDeck: composition root. Parses the command line, builds the main window and, with
// --screenshot, renders it once the first list of SparkApplications has arrived.

#include "applicationsmodel.h"
#include "applicationsview.h"
#include "jobeditor.h"
#include "logpane.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
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

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("SparkDeck"));
    QApplication::setOrganizationName(QStringLiteral("SparkDeck"));
    QApplication::setApplicationVersion(QStringLiteral(SPARKDECK_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/sparkdeck.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("SparkDeck: submit, watch and debug Apache Spark jobs on Kubernetes."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption kubeconfigOption(QStringLiteral("kubeconfig"),
                                              QStringLiteral("Kubeconfig file(s), ':'-separated (default: $KUBECONFIG or ~/.kube/config)."),
                                              QStringLiteral("file"));
    const QCommandLineOption contextOption(QStringLiteral("context"), QStringLiteral("Context to use (default: current-context)."),
                                           QStringLiteral("name"));
    const QCommandLineOption namespaceOption({QStringLiteral("n"), QStringLiteral("namespace")},
                                             QStringLiteral("Namespace to watch (default: the context's namespace)."),
                                             QStringLiteral("name"));
    const QCommandLineOption allNamespacesOption({QStringLiteral("A"), QStringLiteral("all-namespaces")},
                                                 QStringLiteral("Watch SparkApplications in all namespaces."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Render the window offscreen once the first list has arrived (the newest COMPLETED application "
                       "selected, its driver log loaded), save it as a PNG and exit."),
        QStringLiteral("file"));
    const QCommandLineOption editorOption(QStringLiteral("editor"), QStringLiteral("Start in the job editor."));
    parser.addOptions({kubeconfigOption, contextOption, namespaceOption, allNamespacesOption, screenshotOption, editorOption});
    parser.process(app);

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

    ui::MainWindow window(options);
    if (parser.isSet(editorOption))
        window.showEditor();
    window.show();

    if (!parser.isSet(screenshotOption))
        return app.exec();

    // --screenshot: wait for the first list (at most 20 s), select an application, give its driver
    // log up to 4 s to arrive, then save.
    const QString file = parser.value(screenshotOption);
    if (!window.isConnected()) {
        QTimer::singleShot(200, &app, [&] { QApplication::exit(saveScreenshot(window, file)); });
        return app.exec();
    }
    QElapsedTimer sinceSync;
    QTimer poll;
    poll.setInterval(100);
    QObject::connect(&window, &ui::MainWindow::applicationsSynced, &app, [&] {
        if (window.applicationsModel()->rowCount() > 0 && !parser.isSet(editorOption))
            window.applicationsView()->selectKey(screenshotSelection(window.applicationsModel()));
        sinceSync.start();
        poll.start();
    });
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        const auto state = window.logPane()->streamState();
        const bool logDone = window.logPane()->target().isEmpty() || state == kube::LogStream::State::Ended;
        if (logDone || sinceSync.elapsed() > 4000) {
            poll.stop();
            QApplication::exit(saveScreenshot(window, file));
        }
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
