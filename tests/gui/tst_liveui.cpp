// Parts of the live view that need no cluster: the empty applications table says what to do, the
// dark theme's check boxes stand out, and a Spark UI failure stays by its button until dismissed.

#include "applicationsmodel.h"
#include "applicationsview.h"
#include "detailspane.h"
#include "theme.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStyleOptionButton>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

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

    void sparkUiProblemStaysUntilDismissed()
    {
        QTemporaryDir dir;
        const QString kubectl = dir.filePath(QStringLiteral("kubectl"));
        QFile script(kubectl);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write("#!/bin/sh\necho 'error: services \"x-ui-svc\" not found' >&2\nexit 1\n");
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("SPARKDECK_KUBECTL", kubectl.toUtf8());
        qputenv("SPARKDECK_NO_BROWSER", "1");

        model::ApplicationsModel model;
        ui::DetailsPane pane(&model);
        pane.show();
        pane.setApplication(QStringLiteral("default/x"));
        QSignalSpy messages(&pane, &ui::DetailsPane::message);
        pane.openSparkUi();
        QTRY_VERIFY_WITH_TIMEOUT(!pane.sparkUiProblem().isEmpty(), 10000);
        QVERIFY2(pane.sparkUiProblem().contains(QStringLiteral("not found")), qPrintable(pane.sparkUiProblem()));
        QVERIFY(pane.sparkUiProblem().contains(QStringLiteral("default/x")));
        // Not a transient status-bar message: it stays until the user dismisses it.
        for (const auto& m : messages)
            QVERIFY2(!m.at(0).toString().contains(QStringLiteral("not found")), qPrintable(m.at(0).toString()));
        auto* dismiss = pane.findChild<QToolButton*>(QStringLiteral("dismissSparkUiProblem"));
        QVERIFY(dismiss && dismiss->isVisible());
        dismiss->click();
        QVERIFY(pane.sparkUiProblem().isEmpty());
        qunsetenv("SPARKDECK_KUBECTL");
    }
};

QTEST_MAIN(TestLiveUi)
#include "tst_liveui.moc"
