// All 14 SparkApplication states have a colour and an icon of their own.

#include "models/sparkapplication.h"
#include "models/stateicons.h"

#include <QImage>
#include <QSet>
#include <QTest>

class TestStates : public QObject {
    Q_OBJECT
private slots:
    void everyStateIsDistinct()
    {
        const QStringList states = model::spark::applicationStates();
        QCOMPARE(states.size(), 14);
        QSet<QRgb> colors;
        QList<QImage> icons;
        for (const QString& state : states) {
            colors.insert(model::spark::stateColor(state).rgb());
            const QImage icon = model::stateIcon(state).pixmap(16, 16).toImage();
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
};

QTEST_MAIN(TestStates)
#include "tst_states.moc"
