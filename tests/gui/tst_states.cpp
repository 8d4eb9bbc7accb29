// All 14 SparkApplication states have a colour and an icon of their own; the models get their
// colours and icons from the widget layer (ui/stateicons.h) once ui::installLooks() installed them.

#include "models/logmodel.h"
#include "models/looks.h"
#include "models/sparkapplication.h"
#include "ui/stateicons.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QImage>
#include <QScopeGuard>
#include <QSet>
#include <QTest>

class TestStates : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { ui::installLooks(); }

    void everyStateIsDistinct()
    {
        const QStringList states = model::spark::applicationStates();
        QCOMPARE(states.size(), 14);
        QSet<QRgb> colors;
        QList<QImage> icons;
        for (const QString& state : states) {
            colors.insert(ui::stateColor(state).rgb());
            const QImage icon = ui::stateIcon(state).pixmap(16, 16).toImage();
            QVERIFY(!icon.isNull());
            for (qsizetype i = 0; i < icons.size(); ++i)
                QVERIFY2(icons[i] != icon, qPrintable(QStringLiteral("%1 looks like %2").arg(model::spark::stateLabel(state),
                                                                                              model::spark::stateLabel(states[i]))));
            icons << icon;
        }
        QCOMPARE(colors.size(), 14);
        // Glyphs differ too: the same icon drawn in one colour still tells the states apart.
        QSet<QByteArray> shapes;
        for (const QImage& icon : std::as_const(icons)) {
            QByteArray mask;
            for (int y = 0; y < icon.height(); ++y)
                for (int x = 0; x < icon.width(); ++x)
                    mask += qAlpha(icon.pixel(x, y)) > 0 && qGray(icon.pixel(x, y)) > 200 ? '1' : '0';
            shapes.insert(mask);
        }
        QCOMPARE(shapes.size(), 14);
    }

    // ui::installLooks() (initTestCase) gave every model the widget layer's looks.
    void installedLooks()
    {
        QCOMPARE(model::look(model::Look::PodPhase, QStringLiteral("Running"), Qt::ForegroundRole).value<QColor>(),
                 QColor(0x1f, 0x7a, 0xe0));
        QCOMPARE(model::look(model::Look::PodPhase, QStringLiteral("Pending"), Qt::ForegroundRole).value<QColor>(),
                 QColor(0xd9, 0x8e, 0x04));
        QCOMPARE(model::look(model::Look::ApplicationState, QStringLiteral("FAILED"), Qt::ForegroundRole).value<QColor>(),
                 ui::stateColor(QStringLiteral("FAILED")));
        QCOMPARE(model::look(model::Look::WarningEvent, {}, Qt::ForegroundRole).value<QColor>(), QColor(0xd9, 0x8e, 0x04));
        QCOMPARE(model::look(model::Look::Unhandled, {}, Qt::ForegroundRole).value<QColor>(), QColor(0xd9, 0x8e, 0x04));
        const QVariant icon = model::look(model::Look::ApplicationState, QStringLiteral("COMPLETED"), Qt::DecorationRole);
        QCOMPARE(icon.value<QIcon>().pixmap(16, 16).toImage(), ui::stateIcon(QStringLiteral("COMPLETED")).pixmap(16, 16).toImage());
        QVERIFY(!model::look(model::Look::PodPhase, QStringLiteral("Running"), Qt::DecorationRole).isValid());
        QVERIFY(!model::look(model::Look::ApplicationState, QStringLiteral("FAILED"), Qt::ToolTipRole).isValid());
    }

    // A model's colours are the look function's; without one (headless) the model has none.
    void modelsAskTheLookFunction()
    {
        model::LogModel logs;
        QAbstractItemModelTester tester(&logs, QAbstractItemModelTester::FailureReportingMode::QtTest);
        logs.append({QStringLiteral("24/11/30 02:00:00 ERROR Executor: lost"), QStringLiteral("24/11/30 02:00:01 WARN Spark: slow"),
                     QStringLiteral("plain text")});
        QCOMPARE(logs.rowCount(), 3);
        const auto colour = [&](int row) { return logs.index(row, 0).data(Qt::ForegroundRole); };
        QCOMPARE(logs.index(0, 0).data(model::LogModel::LevelRole).toInt(), int(model::LogModel::Error));
        QCOMPARE(colour(0).value<QColor>(), QColor(0xd9, 0x3b, 0x3b));
        QCOMPARE(colour(1).value<QColor>(), QColor(0xc7, 0x7c, 0x02));
        QVERIFY(!colour(2).isValid());

        const auto reinstall = qScopeGuard([] { ui::installLooks(); });
        model::setLookFunction(nullptr);
        QVERIFY(!colour(0).isValid());
        QCOMPARE(logs.index(0, 0).data(model::LogModel::LevelRole).toInt(), int(model::LogModel::Error));
    }
};

QTEST_MAIN(TestStates)
#include "tst_states.moc"
