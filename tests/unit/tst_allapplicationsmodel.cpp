// model::AllApplicationsModel: several source tables merged into one with a Cluster column, following
// the sources' inserts, removals, moves, resets, layout changes and dataChanged live; checked under
// QAbstractItemModelTester (on the model and on a QSortFilterProxyModel over it) against the
// concatenation of the sources after every step of a seeded random sequence.

#include "models/allapplicationsmodel.h"
#include "models/applicationsmodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <algorithm>
#include <memory>

using model::AllApplicationsModel;

namespace {

constexpr int kColumns = 3;

// A flat table whose every change goes through the proper begin/end signals.
class Table : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;
    QList<QStringList> rows;

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(rows.size()); }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : kColumns; }
    QVariant data(const QModelIndex& index, int role) const override
    {
        if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
            return {};
        if (role == Qt::DisplayRole)
            return rows.at(index.row()).at(index.column());
        if (role == Qt::UserRole + 1) // like InformerTableModel::KeyRole: the same on every column
            return rows.at(index.row()).at(0);
        return {};
    }
    QVariant headerData(int section, Qt::Orientation o, int role) const override
    {
        return o == Qt::Horizontal && role == Qt::DisplayRole ? QVariant(QStringLiteral("col%1").arg(section)) : QVariant();
    }

    void insert(int at, const QList<QStringList>& add)
    {
        beginInsertRows({}, at, at + int(add.size()) - 1);
        for (int i = 0; i < add.size(); ++i)
            rows.insert(at + i, add.at(i));
        endInsertRows();
    }
    void remove(int at, int count)
    {
        beginRemoveRows({}, at, at + count - 1);
        rows.remove(at, count);
        endRemoveRows();
    }
    void reset(const QList<QStringList>& now)
    {
        beginResetModel();
        rows = now;
        endResetModel();
    }
    void change(int row, int column, const QString& value)
    {
        rows[row][column] = value;
        emit dataChanged(index(row, column), index(row, column));
    }
    void move(int from, int count, int to) // rows [from, from+count) before row `to` (the old numbering)
    {
        if (!beginMoveRows({}, from, from + count - 1, {}, to))
            return;
        QList<QStringList> moved = rows.mid(from, count);
        rows.remove(from, count);
        const int at = to > from ? to - count : to;
        for (int i = 0; i < count; ++i)
            rows.insert(at + i, moved.at(i));
        endMoveRows();
    }
    void reverse() // a layout change, as a sort would do
    {
        emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        const QModelIndexList before = persistentIndexList();
        std::reverse(rows.begin(), rows.end());
        const int n = int(rows.size());
        for (const QModelIndex& old : before)
            changePersistentIndex(old, index(n - 1 - old.row(), old.column()));
        emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }
};

QStringList row(const QString& cluster, int serial)
{
    return {QStringLiteral("%1-app%2").arg(cluster).arg(serial), QStringLiteral("ns%1").arg(serial % 3),
            QStringLiteral("state%1").arg(serial % 5)};
}

// The merged table as text, one "cluster|c0|c1|c2" per row.
QStringList merged(const QAbstractItemModel& m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m.columnCount(); ++c)
            cells << m.index(r, c).data().toString();
        out << cells.join(QLatin1Char('|'));
    }
    return out;
}

} // namespace

class TestAllApplicationsModel : public QObject {
    Q_OBJECT
private slots:
    // Any warning (an index check of the model, say) fails the test.
    // Any warning fails the test, except the one Qt 6.8's QAbstractItemModelTester itself prints in
    // a process without QtGui when it probes the decoration role.
    void init()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!Trying to construct an instance of an invalid type).*")));
    }

    void mergesWithAClusterColumn()
    {
        Table a, b;
        a.rows = {row(QStringLiteral("a"), 1), row(QStringLiteral("a"), 2)};
        b.rows = {row(QStringLiteral("b"), 1)};
        AllApplicationsModel m(kColumns, nullptr);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.addSource(QStringLiteral("kind-a"), &a);
        m.addSource(QStringLiteral("kind-b"), &b);
        QCOMPARE(m.columnCount(), kColumns + 1);
        QCOMPARE(m.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Cluster"));
        QCOMPARE(m.headerData(2, Qt::Horizontal).toString(), QStringLiteral("col1"));
        QCOMPARE(merged(m), (QStringList{QStringLiteral("kind-a|a-app1|ns1|state1"), QStringLiteral("kind-a|a-app2|ns2|state2"),
                                         QStringLiteral("kind-b|b-app1|ns1|state1")}));
        QCOMPARE(m.clusters(), (QStringList{QStringLiteral("kind-a"), QStringLiteral("kind-b")}));
        QCOMPARE(m.sourceModel(QStringLiteral("kind-b")), &b);

        const auto source = m.mapToSource(m.index(2, 2));
        QCOMPARE(source.cluster, QStringLiteral("kind-b"));
        QCOMPARE(source.index, b.index(0, 1));
        QCOMPARE(m.mapToSource(m.index(1, 0)).index, a.index(1, 0));
        QCOMPARE(m.mapFromSource(QStringLiteral("kind-b"), b.index(0, 1)), m.index(2, 2));
        QVERIFY(!m.mapFromSource(QStringLiteral("kind-a"), b.index(0, 1)).isValid());
        QCOMPARE(m.rowOf(QStringLiteral("kind-a"), 1), 1);
        QCOMPARE(m.rowOf(QStringLiteral("kind-b"), 1), -1);
        // Every column answers the cluster, and custom roles on the Cluster column are the source's.
        QCOMPARE(m.index(2, 3).data(AllApplicationsModel::ClusterRole).toString(), QStringLiteral("kind-b"));
        QCOMPARE(m.index(2, 0).data(Qt::UserRole + 1).toString(), QStringLiteral("b-app1"));

        QVERIFY(m.removeSource(QStringLiteral("kind-a")));
        QVERIFY(!m.removeSource(QStringLiteral("kind-a")));
        QCOMPARE(merged(m), QStringList{QStringLiteral("kind-b|b-app1|ns1|state1")});
        QCOMPARE(m.mapToSource(m.index(0, 1)).index, b.index(0, 0));

        // Adding a cluster again replaces its source.
        m.addSource(QStringLiteral("kind-b"), &a);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.clusters(), QStringList{QStringLiteral("kind-b")});
    }

    void headersOfApplicationsModel()
    {
        AllApplicationsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model::ApplicationsModel apps;
        QCOMPARE(m.columnCount(), int(model::ApplicationsModel::ColumnCount) + 1);
        QCOMPARE(m.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Cluster"));
        QCOMPARE(m.headerData(1 + model::ApplicationsModel::State, Qt::Horizontal).toString(),
                 apps.headerData(model::ApplicationsModel::State, Qt::Horizontal).toString());
        m.addSource(QStringLiteral("x"), &apps);
        QCOMPARE(m.rowCount(), 0);
    }

    void sourceResetKeepsOtherClustersRows()
    {
        Table a, b;
        a.rows = {row(QStringLiteral("a"), 1), row(QStringLiteral("a"), 2)};
        b.rows = {row(QStringLiteral("b"), 1), row(QStringLiteral("b"), 2)};
        AllApplicationsModel m(kColumns, nullptr);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.addSource(QStringLiteral("a"), &a);
        m.addSource(QStringLiteral("b"), &b);
        const QPersistentModelIndex bSecond = m.index(3, 1);
        QSignalSpy resets(&m, &QAbstractItemModel::modelReset);
        a.reset({row(QStringLiteral("a"), 7)});
        QCOMPARE(resets.size(), 0);
        QCOMPARE(bSecond.row(), 2);
        QCOMPARE(bSecond.data().toString(), QStringLiteral("b-app2"));
        b.reverse();
        QCOMPARE(bSecond.row(), 1);
        QCOMPARE(bSecond.data().toString(), QStringLiteral("b-app2"));
    }

    void deletedSourceIsDropped()
    {
        auto a = std::make_unique<Table>();
        Table b;
        a->rows = {row(QStringLiteral("a"), 1)};
        b.rows = {row(QStringLiteral("b"), 1)};
        AllApplicationsModel m(kColumns, nullptr);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.addSource(QStringLiteral("a"), a.get());
        m.addSource(QStringLiteral("b"), &b);
        a.reset();
        QCOMPARE(m.clusters(), QStringList{QStringLiteral("b")});
        QCOMPARE(merged(m), QStringList{QStringLiteral("b|b-app1|ns1|state1")});
    }

    void sortAndFilterThroughAProxy()
    {
        Table a, b;
        a.rows = {row(QStringLiteral("a"), 3), row(QStringLiteral("a"), 1)};
        b.rows = {row(QStringLiteral("b"), 2), row(QStringLiteral("b"), 4)};
        AllApplicationsModel m(kColumns, nullptr);
        m.addSource(QStringLiteral("zeta"), &a);
        m.addSource(QStringLiteral("alpha"), &b);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&m);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(0);
        QCOMPARE(merged(proxy).first().section(QLatin1Char('|'), 0, 0), QStringLiteral("alpha"));
        proxy.sort(3, Qt::DescendingOrder); // the sources' third column
        QCOMPARE(merged(proxy), (QStringList{QStringLiteral("alpha|b-app4|ns1|state4"), QStringLiteral("zeta|a-app3|ns0|state3"),
                                             QStringLiteral("alpha|b-app2|ns2|state2"), QStringLiteral("zeta|a-app1|ns1|state1")}));
        // Live changes re-sort.
        a.change(1, 2, QStringLiteral("state9"));
        QCOMPARE(merged(proxy).first(), QStringLiteral("zeta|a-app1|ns1|state9"));
        // Filter to one cluster.
        proxy.setFilterKeyColumn(0);
        proxy.setFilterFixedString(QStringLiteral("alpha"));
        QCOMPARE(proxy.rowCount(), 2);
        b.insert(0, {row(QStringLiteral("b"), 5)});
        QCOMPARE(proxy.rowCount(), 3);
        a.insert(0, {row(QStringLiteral("a"), 6)});
        QCOMPARE(proxy.rowCount(), 3);
        // A selected proxy row leads back to its cluster's source row.
        const QModelIndex top = proxy.index(0, 1);
        const auto source = m.mapToSource(proxy.mapToSource(top));
        QCOMPARE(source.cluster, QStringLiteral("alpha"));
        QCOMPARE(source.index.data().toString(), top.data().toString());
        b.remove(0, 3);
        QCOMPARE(proxy.rowCount(), 0);
    }

    void randomMutationsMatchTheConcatenation_data()
    {
        QTest::addColumn<quint32>("seed");
        QTest::newRow("seed 1") << 1u;
        QTest::newRow("seed 20261130") << 20261130u;
        QTest::newRow("seed 77") << 77u;
    }

    void randomMutationsMatchTheConcatenation()
    {
        QFETCH(quint32, seed);
        QRandomGenerator random(seed);
        std::vector<std::unique_ptr<Table>> tables;
        QStringList names;
        AllApplicationsModel m(kColumns, nullptr);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&m);
        proxy.setDynamicSortFilter(true);
        proxy.sort(2);
        proxy.setFilterKeyColumn(3);
        proxy.setFilterRegularExpression(QStringLiteral("state[0-3]"));
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        int serial = 0;
        int nextCluster = 0;
        std::vector<std::pair<QPersistentModelIndex, QString>> tracked; // an index and the name it shows
        auto addCluster = [&] {
            const QString name = QStringLiteral("c%1").arg(nextCluster++);
            auto table = std::make_unique<Table>();
            for (int i = int(random.bounded(4)); i > 0; --i)
                table->rows << row(name, ++serial);
            m.addSource(name, table.get());
            tables.push_back(std::move(table));
            names << name;
        };
        addCluster();
        addCluster();

        for (int step = 0; step < 600; ++step) {
            const int op = int(random.bounded(10));
            QString what;
            if (op == 9 || tables.empty()) {
                if (tables.size() < 5 || tables.empty()) {
                    addCluster();
                    what = QStringLiteral("add ") + names.last();
                } else {
                    const int which = int(random.bounded(int(tables.size())));
                    what = QStringLiteral("remove ") + names.at(which);
                    if (random.bounded(2))
                        QVERIFY(m.removeSource(names.at(which)));
                    tables.erase(tables.begin() + which); // a deleted source drops out by itself
                    names.removeAt(which);
                }
            } else {
                const int which = int(random.bounded(int(tables.size())));
                Table& t = *tables.at(size_t(which));
                const QString& name = names.at(which);
                const int n = int(t.rows.size());
                switch (op) {
                case 0:
                case 1: {
                    QList<QStringList> add;
                    for (int i = 1 + int(random.bounded(3)); i > 0; --i)
                        add << row(name, ++serial);
                    t.insert(int(random.bounded(n + 1)), add);
                    what = QStringLiteral("insert into ") + name;
                    break;
                }
                case 2:
                case 3:
                    if (n > 0) {
                        const int at = int(random.bounded(n));
                        t.remove(at, 1 + int(random.bounded(std::min(3, n - at))));
                    }
                    what = QStringLiteral("remove from ") + name;
                    break;
                case 4: {
                    QList<QStringList> now;
                    for (int i = int(random.bounded(5)); i > 0; --i)
                        now << row(name, ++serial);
                    t.reset(now);
                    what = QStringLiteral("reset ") + name;
                    break;
                }
                case 5:
                case 6:
                    if (n > 0)
                        t.change(int(random.bounded(n)), 1 + int(random.bounded(kColumns - 1)),
                                 QStringLiteral("state%1").arg(random.bounded(6)));
                    what = QStringLiteral("change in ") + name;
                    break;
                case 7:
                    if (n > 1) {
                        const int from = int(random.bounded(n));
                        int to = int(random.bounded(n + 1));
                        if (to == from || to == from + 1)
                            to = from == 0 ? n : 0;
                        t.move(from, 1, to);
                    }
                    what = QStringLiteral("move in ") + name;
                    break;
                case 8:
                    t.reverse();
                    what = QStringLiteral("reverse ") + name;
                    break;
                }
            }
            QStringList want;
            for (size_t i = 0; i < tables.size(); ++i)
                for (const QStringList& r : std::as_const(tables.at(i)->rows))
                    want << names.at(int(i)) + QLatin1Char('|') + r.join(QLatin1Char('|'));
            const QStringList got = merged(m);
            if (got != want)
                QFAIL(qPrintable(QStringLiteral("step %1 (%2): merged\n  %3\nwant\n  %4")
                                     .arg(step)
                                     .arg(what, got.join(QStringLiteral("\n  ")), want.join(QStringLiteral("\n  ")))));
            QCOMPARE(m.clusters(), names);
            // Persistent indexes follow their rows (names are unique and never change) or go with them.
            for (auto it = tracked.begin(); it != tracked.end();) {
                const bool present = std::any_of(want.cbegin(), want.cend(), [&](const QString& line) {
                    return line.section(QLatin1Char('|'), 1, 1) == it->second;
                });
                if (!it->first.isValid()) {
                    QVERIFY2(!present, qPrintable(QStringLiteral("step %1 (%2): lost %3").arg(step).arg(what, it->second)));
                    it = tracked.erase(it);
                    continue;
                }
                QCOMPARE(it->first.data().toString(), it->second);
                ++it;
            }
            if (m.rowCount() > 0 && tracked.size() < 8) {
                const QModelIndex pick = m.index(int(random.bounded(m.rowCount())), 1);
                tracked.emplace_back(QPersistentModelIndex(pick), pick.data().toString());
            }
            // Every row maps back to its source row.
            for (int r = 0; r < m.rowCount(); ++r) {
                const auto source = m.mapToSource(m.index(r, 1 + r % kColumns));
                QCOMPARE(m.mapFromSource(source.cluster, source.index), m.index(r, 1 + r % kColumns));
            }
            const qsizetype filtered = std::count_if(want.cbegin(), want.cend(), [](const QString& line) {
                return QRegularExpression(QStringLiteral("state[0-3]")).match(line.section(QLatin1Char('|'), 3, 3)).hasMatch();
            });
            QCOMPARE(proxy.rowCount(), int(filtered));
            for (int r = 1; r < proxy.rowCount(); ++r)
                QVERIFY(proxy.index(r - 1, 2).data().toString() <= proxy.index(r, 2).data().toString());
        }
    }
};

QTEST_GUILESS_MAIN(TestAllApplicationsModel)
#include "tst_allapplicationsmodel.moc"
