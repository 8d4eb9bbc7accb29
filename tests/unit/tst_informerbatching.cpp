// model::InformerTableModel's coalesced deliveries, on ApplicationsModel against a scripted API
// server: a list becomes one rowsInserted and is in the model when the informer says synced(); a
// burst of watch events signals exactly the rows it changed, loses no update, and keeps the model
// and the table's sort/filter proxy consistent (QAbstractItemModelTester on both).

#include "models/applicationsfilter.h"
#include "models/applicationsmodel.h"
#include "tests/support/applicationfeed.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <numeric>

namespace {

QString name(int i)
{
    return QStringLiteral("app-%1").arg(i, 4, 10, QLatin1Char('0'));
}

QStringList states(const model::ApplicationsModel& m)
{
    QStringList out;
    for (int row = 0; row < m.rowCount(); ++row)
        out << m.index(row, model::ApplicationsModel::Name).data().toString() + QLatin1Char('=')
                + m.index(row, 0).data(model::ApplicationsModel::StateRole).toString();
    out.sort();
    return out;
}

} // namespace

class TestInformerBatching : public QObject {
    Q_OBJECT
private slots:
    void listIsOneInsertInTheModelAtSynced()
    {
        QList<QJsonObject> apps;
        for (int i = 0; i < 1200; ++i)
            apps << feed::application(name(i), QStringLiteral("10"), QStringLiteral("COMPLETED"));
        feed::LiveFeed f(apps);
        model::ApplicationsModel model;
        int rowsAtSynced = -1;
        // Connected before the model is: the rows must be there whatever the order of the slots.
        connect(&f.informer, &kube::Informer::synced, this, [&] { rowsAtSynced = model.rowCount(); });
        model.setInformer(&f.informer);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        f.informer.start();
        QTRY_VERIFY(rowsAtSynced >= 0);
        QCOMPARE(rowsAtSynced, 1200);
        QCOMPARE(inserted.count(), 1);
        QVERIFY(model.summaryAt(model.rowOf(QStringLiteral("default/") + name(7))));
        QCOMPARE(model.summaryAt(model.rowOf(QStringLiteral("default/") + name(7)))->name, name(7));
    }

    void burstLosesNothing()
    {
        QList<QJsonObject> apps;
        for (int i = 0; i < 300; ++i)
            apps << feed::application(name(i), QStringLiteral("10"), QStringLiteral("SUBMITTED"), 600 - i);
        feed::LiveFeed f(apps);
        model::ApplicationsModel model;
        model.setInformer(&f.informer);
        model::ApplicationsFilter proxy;
        proxy.setSourceModel(&model);
        proxy.setApplications(&model);
        proxy.sort(model::ApplicationsModel::Name, Qt::DescendingOrder);
        proxy.setText(QStringLiteral("app-01"));
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        f.informer.start();
        QTRY_VERIFY(f.watch);
        QCOMPARE(model.rowCount(), 300);

        // Ten rounds of updates of every application, with deletions, additions and updates of the
        // additions in between, all in one write: many of them reach the informer in one read.
        static const QStringList cycle{QStringLiteral("RUNNING"), QStringLiteral("SUCCEEDING"), QStringLiteral("COMPLETED"),
                                       QStringLiteral("FAILED")};
        QMap<QString, QString> expected; // name -> last state
        for (int i = 0; i < 300; ++i)
            expected[name(i)] = QStringLiteral("SUBMITTED");
        QByteArray burst;
        int rv = 10;
        for (int round = 0; round < 10; ++round) {
            for (int i = 0; i < 300; ++i) {
                const QString state = cycle.at((round + i) % cycle.size());
                burst += feed::event("MODIFIED", feed::application(name(i), QString::number(++rv), state, 600 - i));
                expected[name(i)] = state;
                if (round == 4 && i % 30 == 0) {
                    burst += feed::event("DELETED", feed::application(name(i), QString::number(++rv), state, 600 - i));
                    expected.remove(name(i));
                }
                if (round == 4 && i % 30 == 0) {
                    burst += feed::event("ADDED", feed::application(name(i), QString::number(++rv), {}, 1));
                    burst += feed::event("MODIFIED", feed::application(name(i), QString::number(++rv), QStringLiteral("NEW-ish"), 1));
                    expected[name(i)] = QStringLiteral("NEW-ish");
                }
            }
        }
        for (int i = 300; i < 320; ++i) {
            burst += feed::event("ADDED", feed::application(name(i), QString::number(++rv), {}, 1));
            burst += feed::event("MODIFIED", feed::application(name(i), QString::number(++rv), QStringLiteral("SUBMITTED"), 1));
            expected[name(i)] = QStringLiteral("SUBMITTED");
        }
        burst += feed::event("DELETED", feed::application(name(319), QString::number(++rv), QStringLiteral("SUBMITTED"), 1));
        expected.remove(name(319));
        f.watch->send(burst);

        QStringList want;
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            want << it.key() + QLatin1Char('=') + it.value();
        QTRY_COMPARE_WITH_TIMEOUT(states(model), want, 20000);
        QCOMPARE(f.informer.resourceVersion(), QString::number(rv));
        // The proxy shows exactly the filtered rows, sorted.
        QStringList shown;
        for (int row = 0; row < proxy.rowCount(); ++row)
            shown << proxy.index(row, model::ApplicationsModel::Name).data().toString();
        QStringList wantShown;
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            if (it.key().contains(QLatin1String("app-01")))
                wantShown.prepend(it.key());
        QCOMPARE(shown, wantShown);
    }

    void onlyChangedRowsAreSignalled()
    {
        QList<QJsonObject> apps;
        for (int i = 0; i < 100; ++i)
            apps << feed::application(name(i), QStringLiteral("10"), QStringLiteral("SUBMITTED"));
        feed::LiveFeed f(apps);
        model::ApplicationsModel model;
        model.setInformer(&f.informer);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        f.informer.start();
        QTRY_VERIFY(f.watch);
        QSet<int> changed;
        QSet<QString> keys;
        for (int i : {10, 11, 12, 50, 51, 90})
            keys << QStringLiteral("default/") + name(i);
        for (const QString& key : std::as_const(keys))
            changed << model.rowOf(key);
        QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
        QByteArray burst;
        int rv = 10;
        for (int i : {10, 11, 12, 50, 51, 90, 11, 50})
            burst += feed::event("MODIFIED", feed::application(name(i), QString::number(++rv), QStringLiteral("RUNNING")));
        f.watch->send(burst);
        QTRY_COMPARE(model.index(model.rowOf(QStringLiteral("default/") + name(90)), 0).data(model::ApplicationsModel::StateRole).toString(),
                     QStringLiteral("RUNNING"));
        QTRY_COMPARE(model.index(model.rowOf(QStringLiteral("default/") + name(50)), 0).data(model::ApplicationsModel::StateRole).toString(),
                     QStringLiteral("RUNNING"));
        QSet<int> signalled;
        for (const QList<QVariant>& args : std::as_const(spy)) {
            const QModelIndex topLeft = args.at(0).toModelIndex();
            const QModelIndex bottomRight = args.at(1).toModelIndex();
            const QList<int> roles = args.at(2).value<QList<int>>();
            if (roles == QList<int>{Qt::DisplayRole})
                continue; // the clock's Age and Duration refresh
            QCOMPARE(topLeft.column(), 0);
            QCOMPARE(bottomRight.column(), model.columnCount() - 1);
            for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
                signalled << row;
        }
        QCOMPARE(signalled, changed);
    }

    // ApplicationsFilter::sort() ranks the rows once; the order must be the one of its comparator:
    // by the sort key, ties by name ascending in either order, also after a change drops the ranks.
    void rankedSortKeepsTheComparatorsOrder()
    {
        static const QStringList cycle{QStringLiteral("RUNNING"), QStringLiteral("COMPLETED"), QStringLiteral("FAILED"),
                                       QStringLiteral("SUBMITTED")};
        QList<QJsonObject> apps;
        for (int i = 0; i < 120; ++i) // four states, three creation times: many ties
            apps << feed::application(name((i * 37) % 120), QStringLiteral("10"), cycle.at(i % 4), 60 + (i % 3) * 10);
        feed::LiveFeed f(apps);
        model::ApplicationsModel model;
        model.setInformer(&f.informer);
        model::ApplicationsFilter proxy;
        proxy.setSourceModel(&model);
        proxy.setApplications(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        f.informer.start();
        QTRY_VERIFY(f.watch);
        auto shown = [&] {
            QStringList out;
            for (int row = 0; row < proxy.rowCount(); ++row)
                out << proxy.index(row, model::ApplicationsModel::Name).data().toString();
            return out;
        };
        auto expected = [&](int column, Qt::SortOrder order) {
            QList<int> rows(model.rowCount());
            std::iota(rows.begin(), rows.end(), 0);
            auto nameOf = [&](int row) { return model.index(row, model::ApplicationsModel::Name).data().toString(); };
            std::stable_sort(rows.begin(), rows.end(), [&](int l, int r) {
                const QPartialOrdering c = QVariant::compare(model.index(l, column).data(model::InformerTableModel::SortRole),
                                                             model.index(r, column).data(model::InformerTableModel::SortRole));
                if (c == QPartialOrdering::Less || c == QPartialOrdering::Greater)
                    return order == Qt::AscendingOrder ? c == QPartialOrdering::Less : c == QPartialOrdering::Greater;
                return nameOf(l) < nameOf(r);
            });
            QStringList out;
            for (int row : std::as_const(rows))
                out << nameOf(row);
            return out;
        };
        for (int column : {int(model::ApplicationsModel::State), int(model::ApplicationsModel::Age), int(model::ApplicationsModel::Name)}) {
            for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                proxy.sort(column, order);
                QCOMPARE(shown(), expected(column, order));
            }
        }
        proxy.sort(model::ApplicationsModel::State, Qt::AscendingOrder);
        f.watch->send(feed::event("MODIFIED", feed::application(name(5), QStringLiteral("11"), QStringLiteral("ABANDONED"), 60)));
        QTRY_COMPARE(shown().value(0), name(5));
        QCOMPARE(shown(), expected(model::ApplicationsModel::State, Qt::AscendingOrder));
    }
};

QTEST_MAIN(TestInformerBatching)
#include "tst_informerbatching.moc"
