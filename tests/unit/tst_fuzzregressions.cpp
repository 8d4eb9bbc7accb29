// Every fuzz target (fuzz/targets.h) replays its seeds (fuzz/seeds/<target>, and the golden YAML
// files for yamldocument) and every input kept in fuzz/regressions/<target> (inputs that once
// crashed a parser or broke a promise, found by fuzz/run). Built with the normal compiler, without
// sanitizers: a crash fails the test by itself, a broken promise through the failure handler.

#include "fuzz/targets.h"

#include <QDir>
#include <QFile>
#include <QTest>

namespace {
QStringList g_failures;

// The directories replayed for `target`.
QStringList inputDirs(const QString& target)
{
    const QString root = QStringLiteral(SPARKDECK_SOURCE_ROOT);
    QStringList dirs = {root + QStringLiteral("/fuzz/seeds/") + target, root + QStringLiteral("/fuzz/regressions/") + target};
    if (target == QLatin1String("yamldocument"))
        dirs << root + QStringLiteral("/tests/golden/corpus");
    return dirs;
}
} // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        fuzz::setFailureHandler([](const char* what) { g_failures << QString::fromUtf8(what); });
    }

    void replay_data()
    {
        QTest::addColumn<int>("target");
        QTest::addColumn<QString>("file");
        size_t count = 0;
        const fuzz::Target* targets = fuzz::targets(&count);
        for (size_t t = 0; t < count; ++t) {
            const QString name = QString::fromLatin1(targets[t].name);
            int files = 0;
            for (const QString& dir : inputDirs(name)) {
                const QDir d(dir);
                for (const QString& file : d.entryList(QDir::Files | QDir::Hidden, QDir::Name)) {
                    QTest::addRow("%s/%s", qPrintable(name), qPrintable(d.dirName() + QLatin1Char('/') + file))
                        << int(t) << d.filePath(file);
                    ++files;
                }
            }
            QVERIFY2(files > 0, qPrintable(QStringLiteral("no seeds for fuzz target ") + name));
        }
    }

    void replay()
    {
        QFETCH(int, target);
        QFETCH(QString, file);
        QFile f(file);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
        const QByteArray data = f.readAll();
        size_t count = 0;
        g_failures.clear();
        fuzz::targets(&count)[target].run(reinterpret_cast<const uint8_t*>(data.constData()), size_t(data.size()));
        QVERIFY2(g_failures.isEmpty(), qPrintable(g_failures.join(QLatin1String("; "))));
    }
};

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
