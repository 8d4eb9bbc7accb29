// model::ClusterListModel: rows from a kubeconfig's contexts, states set from outside, the open flag
// as a check box, and reloads (setKubeconfig and files changing on disk) that keep the states of the
// contexts that remain; under QAbstractItemModelTester throughout.

#include "models/clusterlistmodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using model::ClusterListModel;
using State = ClusterListModel::State;

namespace {

// A kubeconfig with one context per name: cluster "c-NAME" at https://NAME.example:6443, user
// "u-NAME", namespace "ns-NAME" (none for a name starting with "plain").
QByteArray kubeconfig(const QStringList& names, const QString& current = {}, const QString& serverSuffix = {})
{
    QByteArray clusters, users, contexts;
    for (const QString& n : names) {
        const QByteArray name = n.toUtf8();
        clusters += "- name: c-" + name + "\n  cluster:\n    server: https://" + name + ".example:6443"
            + serverSuffix.toUtf8() + "\n";
        users += "- name: u-" + name + "\n  user:\n    token: t\n";
        contexts += "- name: " + name + "\n  context:\n    cluster: c-" + name + "\n    user: u-" + name + "\n";
        if (!n.startsWith(QLatin1String("plain")))
            contexts += "    namespace: ns-" + name + "\n";
    }
    return "apiVersion: v1\nkind: Config\ncurrent-context: " + current.toUtf8() + "\nclusters:\n" + clusters
        + "users:\n" + users + "contexts:\n" + contexts;
}

kube::Kubeconfig parsed(const QByteArray& yaml)
{
    kube::KubeconfigError error;
    const auto config = kube::Kubeconfig::parse(yaml, QStringLiteral("/tmp/test-kubeconfig"), &error);
    return config.value_or(kube::Kubeconfig{});
}

QString cell(const ClusterListModel& m, int row, int column, int role = Qt::DisplayRole)
{
    return m.index(row, column).data(role).toString();
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile f(path + QStringLiteral(".new"));
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size())
        return false;
    f.close();
    QFile::remove(path);
    return QFile::rename(path + QStringLiteral(".new"), path); // replaced atomically, as kubectl does
}

} // namespace

class TestClusterListModel : public QObject {
    Q_OBJECT
private slots:
    // Any warning (an index check of the model, say) fails the test.
    // Any warning fails the test, except the one Qt 6.8's QAbstractItemModelTester itself prints in
    // a process without QtGui when it probes the decoration role.
    void init()
    {
        QTest::failOnWarning(QRegularExpression(QStringLiteral("^(?!Trying to construct an instance of an invalid type).*")));
    }

    void rowsFromContexts()
    {
        ClusterListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!m.kubeconfig());
        m.setKubeconfig(parsed(kubeconfig({QStringLiteral("alpha"), QStringLiteral("plain-b")}, QStringLiteral("plain-b"))));
        QVERIFY(m.kubeconfig());
        QCOMPARE(m.kubeconfig()->contextNames(), (QStringList{QStringLiteral("alpha"), QStringLiteral("plain-b")}));
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.columnCount(), int(ClusterListModel::ColumnCount));
        QCOMPARE(m.contexts(), (QStringList{QStringLiteral("alpha"), QStringLiteral("plain-b")}));
        QCOMPARE(cell(m, 0, ClusterListModel::Context), QStringLiteral("alpha"));
        QCOMPARE(cell(m, 0, ClusterListModel::Server), QStringLiteral("https://alpha.example:6443"));
        QCOMPARE(cell(m, 0, ClusterListModel::User), QStringLiteral("u-alpha"));
        QCOMPARE(cell(m, 0, ClusterListModel::Namespace), QStringLiteral("ns-alpha"));
        QCOMPARE(cell(m, 1, ClusterListModel::Namespace), QStringLiteral("default"));
        QCOMPARE(cell(m, 0, ClusterListModel::Status), QStringLiteral("Closed"));
        QCOMPARE(cell(m, 0, ClusterListModel::Applications), QString());
        QCOMPARE(m.currentContext(), QStringLiteral("plain-b"));
        QVERIFY(m.index(1, 0).data(ClusterListModel::CurrentRole).toBool());
        QVERIFY(!m.index(0, 0).data(ClusterListModel::CurrentRole).toBool());
        QCOMPARE(m.headerData(ClusterListModel::Context, Qt::Horizontal).toString(), QStringLiteral("Context"));
        QCOMPARE(m.index(0, ClusterListModel::Server).data(ClusterListModel::ContextRole).toString(), QStringLiteral("alpha"));
        QCOMPARE(m.index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(m.flags(m.index(0, 0)) & Qt::ItemIsUserCheckable);
        QVERIFY(!(m.flags(m.index(0, 1)) & Qt::ItemIsUserCheckable));
    }

    void statesAreSetFromOutside()
    {
        ClusterListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setKubeconfig(parsed(kubeconfig({QStringLiteral("a"), QStringLiteral("b")})));
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QVERIFY(m.setState(QStringLiteral("b"), State::Reconnecting, QStringLiteral("connection refused; retrying in 2 s"), 7));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(m.state(QStringLiteral("b")), State::Reconnecting);
        QCOMPARE(m.detail(QStringLiteral("b")), QStringLiteral("connection refused; retrying in 2 s"));
        QCOMPARE(m.applicationCount(QStringLiteral("b")), 7);
        QCOMPARE(cell(m, 1, ClusterListModel::Status), QStringLiteral("Reconnecting — connection refused; retrying in 2 s"));
        QCOMPARE(cell(m, 1, ClusterListModel::Status, Qt::ToolTipRole), QStringLiteral("connection refused; retrying in 2 s"));
        QCOMPARE(cell(m, 1, ClusterListModel::Applications), QStringLiteral("7"));
        QCOMPARE(m.index(1, 0).data(ClusterListModel::StateRole).toInt(), int(State::Reconnecting));
        QCOMPARE(m.index(1, 0).data(ClusterListModel::CountRole).toInt(), 7);
        // The same state again changes nothing.
        QVERIFY(m.setState(QStringLiteral("b"), State::Reconnecting, QStringLiteral("connection refused; retrying in 2 s"), 7));
        QCOMPARE(changed.size(), 1);
        QVERIFY(m.setState(QStringLiteral("b"), State::Live, {}, 8));
        QCOMPARE(cell(m, 1, ClusterListModel::Status), QStringLiteral("Live"));
        QCOMPARE(m.state(QStringLiteral("a")), State::Closed);
        QVERIFY(!m.setState(QStringLiteral("nope"), State::Live));
    }

    void openFlagIsCheckable()
    {
        ClusterListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setKubeconfig(parsed(kubeconfig({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})));
        QSignalSpy open(&m, &ClusterListModel::openChanged);
        QVERIFY(m.setData(m.index(2, 0), Qt::Checked, Qt::CheckStateRole));
        QVERIFY(m.setOpen(QStringLiteral("a"), true));
        QCOMPARE(open.size(), 2);
        QCOMPARE(open.at(0).at(0).toString(), QStringLiteral("c"));
        QCOMPARE(open.at(0).at(1).toBool(), true);
        QCOMPARE(m.openContexts(), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        QCOMPARE(m.index(2, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(m.index(2, 3).data(ClusterListModel::OpenRole).toBool());
        QVERIFY(m.setOpen(QStringLiteral("a"), true)); // no change, no signal
        QCOMPARE(open.size(), 2);
        QVERIFY(m.setData(m.index(0, 0), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(open.size(), 3);
        QCOMPARE(open.at(2).at(1).toBool(), false);
        QVERIFY(!m.setData(m.index(0, 1), Qt::Checked, Qt::CheckStateRole)); // only the Context column
        QVERIFY(!m.setOpen(QStringLiteral("nope"), true));
        QCOMPARE(m.openContexts(), QStringList{QStringLiteral("c")});
    }

    void reloadKeepsStatesOfRemainingContexts()
    {
        ClusterListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setKubeconfig(parsed(kubeconfig({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, QStringLiteral("a"))));
        m.setState(QStringLiteral("a"), State::Live, {}, 3);
        m.setState(QStringLiteral("c"), State::Failed, QStringLiteral("Unauthorized"));
        m.setOpen(QStringLiteral("a"), true);
        m.setOpen(QStringLiteral("c"), true);
        const QPersistentModelIndex cRow = m.index(2, 0);
        QSignalSpy gone(&m, &ClusterListModel::contextRemoved);
        QSignalSpy resets(&m, &QAbstractItemModel::modelReset);

        // b goes, d arrives between a and c, a's server changes, the current context moves to c.
        m.setKubeconfig(parsed(kubeconfig({QStringLiteral("a"), QStringLiteral("d"), QStringLiteral("c")}, QStringLiteral("c"),
                                          QStringLiteral("/v2"))));
        QCOMPARE(m.contexts(), (QStringList{QStringLiteral("a"), QStringLiteral("d"), QStringLiteral("c")}));
        QCOMPARE(gone.size(), 1);
        QCOMPARE(gone.at(0).at(0).toString(), QStringLiteral("b"));
        QCOMPARE(resets.size(), 0); // edited in place: views keep their selection
        QCOMPARE(cRow.row(), 2);
        QCOMPARE(m.state(QStringLiteral("a")), State::Live);
        QCOMPARE(m.applicationCount(QStringLiteral("a")), 3);
        QCOMPARE(m.state(QStringLiteral("c")), State::Failed);
        QCOMPARE(m.detail(QStringLiteral("c")), QStringLiteral("Unauthorized"));
        QCOMPARE(m.state(QStringLiteral("d")), State::Closed);
        QCOMPARE(m.openContexts(), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        QCOMPARE(cell(m, 0, ClusterListModel::Server), QStringLiteral("https://a.example:6443/v2"));
        QVERIFY(m.index(2, 0).data(ClusterListModel::CurrentRole).toBool());
        QVERIFY(!m.index(0, 0).data(ClusterListModel::CurrentRole).toBool());

        // A reordering keeps the states too (through one reset).
        m.setKubeconfig(parsed(kubeconfig({QStringLiteral("c"), QStringLiteral("a")})));
        QCOMPARE(m.contexts(), (QStringList{QStringLiteral("c"), QStringLiteral("a")}));
        QCOMPARE(m.state(QStringLiteral("c")), State::Failed);
        QCOMPARE(m.state(QStringLiteral("a")), State::Live);
        QCOMPARE(m.openContexts(), (QStringList{QStringLiteral("c"), QStringLiteral("a")}));
        QCOMPARE(gone.size(), 2);

        m.setKubeconfig(kube::Kubeconfig{});
        QCOMPARE(m.rowCount(), 0);
    }

    void reloadsWhenTheFileChanges()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("config"));
        QVERIFY(writeFile(path, kubeconfig({QStringLiteral("one"), QStringLiteral("two")})));
        ClusterListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.watchFiles({path}, true);
        QCOMPARE(m.contexts(), (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
        QVERIFY(m.loadError().message.isEmpty());
        m.setState(QStringLiteral("two"), State::Live, {}, 5);

        QVERIFY(writeFile(path, kubeconfig({QStringLiteral("two"), QStringLiteral("three")})));
        QTRY_COMPARE_WITH_TIMEOUT(m.contexts(), (QStringList{QStringLiteral("two"), QStringLiteral("three")}), 10000);
        QCOMPARE(m.state(QStringLiteral("two")), State::Live);
        QCOMPARE(m.applicationCount(QStringLiteral("two")), 5);

        // A broken file keeps the rows and says what is wrong; fixing it clears the error.
        QSignalSpy errorChanged(&m, &ClusterListModel::loadErrorChanged);
        QVERIFY(writeFile(path, "apiVersion: v1\nkind: Config\ncontexts: [\n"));
        QTRY_VERIFY_WITH_TIMEOUT(!m.loadError().message.isEmpty(), 10000);
        QCOMPARE(errorChanged.size(), 1);
        QCOMPARE(m.contexts(), (QStringList{QStringLiteral("two"), QStringLiteral("three")}));
        QVERIFY(writeFile(path, kubeconfig({QStringLiteral("three")})));
        QTRY_COMPARE_WITH_TIMEOUT(m.contexts(), QStringList{QStringLiteral("three")}, 10000);
        QVERIFY(m.loadError().message.isEmpty());
        QCOMPARE(errorChanged.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestClusterListModel)
#include "tst_clusterlistmodel.moc"
