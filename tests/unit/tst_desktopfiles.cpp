// The desktop integration as installed (`cmake --install` of this build into a temporary prefix),
// checked by the real validators: the .desktop entry (desktop-file-validate), the AppStream
// metainfo (appstreamcli validate --no-net, its screenshots and releases), the hicolor icons (each
// size the SVG rendered, packaging/desktop/icons), and the man page (mandoc -T lint, and every
// command and option of `sparkdeck --help` in it). A validator that is not installed skips its
// check (scripts/lib.sh installs them for the tests).
//
// SPARKDECK_UPDATE_ICONS=1 first writes packaging/desktop/icons/*.png from the SVG.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

const QString kId = QStringLiteral("io.github.sparkdeck.SparkDeck");
const QList<int> kIconSizes = {16, 22, 24, 32, 48, 64, 128, 256, 512};
// Where the metainfo's screenshots are: docs/screenshots/NAME.png at this address.
const QString kScreenshotBase = QStringLiteral("https://raw.githubusercontent.com/sparkdeck/sparkdeck/main/");

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForStarted() || !p.waitForFinished(120000)) {
        r.err = p.errorString();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString describe(const Run& r)
{
    return QStringLiteral("exit %1\n%2%3").arg(r.exitCode).arg(r.out, r.err);
}

QString sourceDir()
{
    return qEnvironmentVariable("SPARKDECK_SOURCE_DIR", QStringLiteral(SPARKDECK_SOURCE_DIR_DEFAULT));
}

QImage renderSvg(const QString& path, int size)
{
    QImageReader reader(path);
    reader.setScaledSize(QSize(size, size));
    return reader.read().convertToFormat(QImage::Format_ARGB32);
}

// The mean difference of two same-sized images over all channels, 0..255.
double meanDifference(const QImage& a, const QImage& b)
{
    double sum = 0;
    for (int y = 0; y < a.height(); ++y) {
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y);
            const QRgb q = b.pixel(x, y);
            sum += std::abs(qRed(p) - qRed(q)) + std::abs(qGreen(p) - qGreen(q)) + std::abs(qBlue(p) - qBlue(q))
                + std::abs(qAlpha(p) - qAlpha(q));
        }
    }
    return sum / (4.0 * a.width() * a.height());
}

// What the tests read of the AppStream metainfo.
struct Metainfo {
    QString id, launchable, icon;
    QString releaseVersion, releaseDate; // of the first (newest) release
    struct Image {
        QString url;
        QSize size;
    };
    QList<Image> images;
};

Metainfo readMetainfo(QIODevice* device, QString* error)
{
    Metainfo m;
    QXmlStreamReader xml(device);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("id") && m.id.isEmpty()) {
            m.id = xml.readElementText();
        } else if (name == QLatin1String("launchable")) {
            m.launchable = xml.readElementText();
        } else if (name == QLatin1String("icon")) {
            m.icon = xml.readElementText();
        } else if (name == QLatin1String("release") && m.releaseVersion.isEmpty()) {
            m.releaseVersion = xml.attributes().value(QLatin1String("version")).toString();
            m.releaseDate = xml.attributes().value(QLatin1String("date")).toString();
        } else if (name == QLatin1String("image")) {
            const QSize size(xml.attributes().value(QLatin1String("width")).toInt(), xml.attributes().value(QLatin1String("height")).toInt());
            m.images.append({xml.readElementText().trimmed(), size});
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return m;
}

// "--foo" as the man page writes it in bold.
QString roffBold(const QString& s)
{
    return QStringLiteral("\\fB%1\\fR").arg(QString(s).replace(QLatin1Char('-'), QStringLiteral("\\-")));
}

} // namespace

class TestDesktopFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_prefix.isValid());
        if (qEnvironmentVariableIntValue("SPARKDECK_UPDATE_ICONS") == 1) {
            const QString svg = sourceDir() + QStringLiteral("/resources/icons/sparkdeck.svg");
            for (int size : kIconSizes) {
                const QString png = sourceDir() + QStringLiteral("/packaging/desktop/icons/sparkdeck-%1.png").arg(size);
                QVERIFY2(renderSvg(svg, size).save(png), qPrintable(png));
            }
        }
        const Run install = run(QStringLiteral(CMAKE_COMMAND_PATH),
                                {QStringLiteral("--install"), QStringLiteral(BUILD_DIR), QStringLiteral("--prefix"), m_prefix.path()});
        QVERIFY2(install.exitCode == 0, qPrintable(describe(install)));
    }

    void desktopEntryValidates()
    {
        const QString entry = installed(QStringLiteral("share/applications/%1.desktop").arg(kId));
        QVERIFY2(QFileInfo::exists(entry), qPrintable(entry));
        QFile file(entry);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        // It starts the installed program and shows an installed icon.
        QVERIFY(text.contains(QStringLiteral("\nExec=sparkdeck\n")));
        QVERIFY(QFileInfo(installed(QStringLiteral("bin/sparkdeck"))).isExecutable());
        QVERIFY(text.contains(QStringLiteral("\nIcon=sparkdeck\n")));
        const QString validator = QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
        if (validator.isEmpty())
            QSKIP("desktop-file-validate is not installed (Debian: desktop-file-utils)");
        const Run r = run(validator, {entry});
        // Hints too: anything it says is something to fix.
        QVERIFY2(r.exitCode == 0 && r.out.trimmed().isEmpty() && r.err.trimmed().isEmpty(), qPrintable(describe(r)));
    }

    void metainfoValidates()
    {
        const QString metainfo = installed(QStringLiteral("share/metainfo/%1.metainfo.xml").arg(kId));
        QFile file(metainfo);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(metainfo));
        QString error;
        const Metainfo m = readMetainfo(&file, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(m.id, kId);
        QCOMPARE(m.launchable, kId + QStringLiteral(".desktop"));
        QCOMPARE(m.icon, QStringLiteral("sparkdeck"));

        // The newest release (the first) is this build's version.
        QCOMPARE(m.releaseVersion, QStringLiteral(SPARKDECK_VERSION));
        QVERIFY(QDate::fromString(m.releaseDate, Qt::ISODate).isValid());

        // Each screenshot is a file of docs/screenshots at the stable address, with its real size.
        QVERIFY(m.images.size() >= 2);
        for (const Metainfo::Image& image : m.images) {
            QVERIFY2(image.url.startsWith(kScreenshotBase + QStringLiteral("docs/screenshots/")) && image.url.endsWith(QStringLiteral(".png")),
                     qPrintable(image.url));
            const QString local = sourceDir() + QLatin1Char('/') + image.url.mid(kScreenshotBase.size());
            const QSize size = QImageReader(local).size();
            QVERIFY2(size.isValid(), qPrintable(local));
            QCOMPARE(image.size, size);
        }

        const QString validator = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
        if (validator.isEmpty())
            QSKIP("appstreamcli is not installed (Debian: appstream)");
        const Run r = run(validator, {QStringLiteral("validate"), QStringLiteral("--no-net"), metainfo});
        QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
        // The installed tree as a software centre reads it: the metainfo, its .desktop entry and icon.
        const Run tree = run(validator, {QStringLiteral("validate-tree"), QStringLiteral("--no-net"), m_prefix.path()});
        QVERIFY2(tree.exitCode == 0, qPrintable(describe(tree)));
    }

    void iconsAtHicolorSizes()
    {
        const QString svg = sourceDir() + QStringLiteral("/resources/icons/sparkdeck.svg");
        QFile source(svg);
        QFile scalable(installed(QStringLiteral("share/icons/hicolor/scalable/apps/sparkdeck.svg")));
        QVERIFY(source.open(QIODevice::ReadOnly) && scalable.open(QIODevice::ReadOnly));
        QCOMPARE(scalable.readAll(), source.readAll());
        QList<QImage> pngs;
        for (int size : kIconSizes) {
            const QString path = installed(QStringLiteral("share/icons/hicolor/%1x%1/apps/sparkdeck.png").arg(size));
            QImageReader reader(path);
            QCOMPARE(reader.format(), QByteArray("png"));
            pngs.append(reader.read().convertToFormat(QImage::Format_ARGB32));
            QCOMPARE(pngs.constLast().size(), QSize(size, size));
        }
        if (!QImageReader::supportedImageFormats().contains("svg"))
            QSKIP("Qt's SVG image plugin is not installed (Debian 12: libqt6svg6, 13: qt6-svg-plugins)");
        for (qsizetype i = 0; i < kIconSizes.size(); ++i) {
            const int size = kIconSizes.at(i);
            const QString path = installed(QStringLiteral("share/icons/hicolor/%1x%1/apps/sparkdeck.png").arg(size));
            // The SVG at that size, give or take the renderer's antialiasing.
            const double difference = meanDifference(pngs.at(i), renderSvg(svg, size));
            QVERIFY2(difference < 3.0, qPrintable(QStringLiteral("%1: differs from the SVG by %2 on average; "
                                                                  "SPARKDECK_UPDATE_ICONS=1 rewrites the PNGs")
                                                      .arg(path)
                                                      .arg(difference)));
        }
    }

    void manPageCoversHelp()
    {
        const QString page = installed(QStringLiteral("share/man/man1/sparkdeck.1"));
        QFile file(page);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(page));
        const QString man = QString::fromUtf8(file.readAll());
        const Run help = run(installed(QStringLiteral("bin/sparkdeck")), {QStringLiteral("--help")});
        QVERIFY2(help.exitCode == 0, qPrintable(describe(help)));

        // Every option --help lists ("  -n, --namespace NAME   ...") and every command (an indented
        // name under a "Group:" heading) is in the page, bold as the page writes them.
        static const QRegularExpression option(QStringLiteral("(?:^|[\\s,])(--?[A-Za-z][A-Za-z0-9-]*)"));
        static const QRegularExpression command(QStringLiteral("^  ([a-z][a-z0-9-]*)(?:\\s|$)"));
        QSet<QString> options;
        QSet<QString> commands;
        bool inCommands = false;
        for (const QString& line : help.out.split(QLatin1Char('\n'))) {
            if (!line.startsWith(QLatin1Char(' ')) && line.endsWith(QLatin1Char(':')))
                inCommands = !line.contains(QStringLiteral("ption")) && line != QLatin1String("Usage:")
                    && line != QLatin1String("Exit codes:"); // a group of commands, "Run jobs:" ...
            const QString lead = line.trimmed();
            if (lead.startsWith(QLatin1Char('-'))) {
                const QString spellings = lead.section(QStringLiteral("  "), 0, 0); // before the description
                for (auto it = option.globalMatch(spellings); it.hasNext();)
                    options.insert(it.next().captured(1));
            } else if (inCommands) {
                const QRegularExpressionMatch m = command.match(line);
                if (m.hasMatch())
                    commands.insert(m.captured(1));
            }
        }
        QVERIFY2(options.size() >= 8, qPrintable(help.out));
        QVERIFY2(commands.size() >= 5, qPrintable(help.out));
        for (const QString& o : std::as_const(options))
            QVERIFY2(man.contains(roffBold(o)), qPrintable(o));
        for (const QString& c : std::as_const(commands))
            QVERIFY2(man.contains(roffBold(QStringLiteral("sparkdeck ") + c)), qPrintable(c));

        const QString mandoc = QStandardPaths::findExecutable(QStringLiteral("mandoc"));
        if (mandoc.isEmpty())
            QSKIP("mandoc is not installed (Debian: mandoc)");
        const Run lint = run(mandoc, {QStringLiteral("-T"), QStringLiteral("lint"), QStringLiteral("-W"), QStringLiteral("warning"), page});
        // The build's page leaves the date out on purpose (the same page whenever it is built).
        QStringList warnings = (lint.out + lint.err).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        warnings.removeIf([](const QString& w) { return w.contains(QLatin1String("WARNING: missing date")); });
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(QLatin1Char('\n'))));
    }

private:
    QString installed(const QString& relative) const { return m_prefix.filePath(relative); }

    QTemporaryDir m_prefix;
};

QTEST_MAIN(TestDesktopFiles)

#include "tst_desktopfiles.moc"
