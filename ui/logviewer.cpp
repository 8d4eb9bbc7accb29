#include "ui/logviewer.h"

#include "app/session/logsession.h"
#include "models/logmodel.h"
#include "models/podsmodel.h"
#include "models/sparkapplication.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QSaveFile>
#include <QScrollBar>
#include <QShortcut>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTextLayout>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace ui {

namespace {

// Paints a log line in its level's colour and highlights search hits.
class LineDelegate : public QStyledItemDelegate {
public:
    LineDelegate(const QString* pattern, const bool* regex, const bool* caseSensitive, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_pattern(pattern)
        , m_regex(regex)
        , m_case(caseSensitive)
    {
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const QRect r = opt.rect.adjusted(4, 0, -4, 0);
        painter->save();
        const bool selected = opt.state & QStyle::State_Selected;
        QColor color = index.data(Qt::ForegroundRole).value<QColor>();
        if (!color.isValid() || selected)
            color = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        // Search hits: a yellow box behind each match.
        const QRegularExpression re(*m_regex ? *m_pattern : QRegularExpression::escape(*m_pattern),
                                    *m_case ? QRegularExpression::NoPatternOption : QRegularExpression::CaseInsensitiveOption);
        if (!m_pattern->isEmpty() && re.isValid()) { // an invalid pattern highlights nothing (the search box says so)
            const QFontMetrics fm(opt.font);
            for (auto it = re.globalMatch(text); it.hasNext();) {
                const auto m = it.next();
                if (m.capturedLength() == 0)
                    break;
                const int x = fm.horizontalAdvance(text.left(m.capturedStart()));
                const int w = fm.horizontalAdvance(m.captured());
                painter->fillRect(QRect(r.left() + x, r.top() + 1, w, r.height() - 2), QColor(255, 214, 0, 150));
            }
        }
        painter->setPen(color);
        const auto level = model::LogModel::Level(index.data(model::LogModel::LevelRole).toInt());
        if (level == model::LogModel::Error) {
            QFont bold = opt.font;
            bold.setBold(true);
            painter->setFont(bold);
        }
        const int flags = Qt::AlignLeft | Qt::AlignVCenter | (opt.features & QStyleOptionViewItem::WrapText ? Qt::TextWrapAnywhere : 0);
        painter->drawText(r, flags, text);
        painter->restore();
    }

private:
    const QString* m_pattern;
    const bool* m_regex;
    const bool* m_case;
};

} // namespace

LogViewer::LogViewer(QWidget* parent)
    : QWidget(parent)
    , m_session(new session::LogSession(this))
    , m_model(m_session->model())
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto* source = new QHBoxLayout;
    source->addWidget(new QLabel(tr("Pod"), this));
    m_pod = new QComboBox(this);
    m_pod->setObjectName(QStringLiteral("logPod"));
    m_pod->setMinimumContentsLength(12); // grows with the window (stretch), gives way on narrow screens
    m_pod->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    source->addWidget(m_pod, 2);
    source->addWidget(new QLabel(tr("Container"), this));
    m_container = new QComboBox(this);
    m_container->setObjectName(QStringLiteral("logContainer"));
    m_container->setMinimumContentsLength(10);
    m_container->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    source->addWidget(m_container, 1);
    m_followBox = new QCheckBox(tr("Follow"), this);
    m_followBox->setChecked(true);
    m_followBox->setToolTip(tr("Stream new lines as they are written and keep the newest in view"));
    source->addWidget(m_followBox);
    m_previous = new QCheckBox(tr("Previous"), this);
    m_previous->setObjectName(QStringLiteral("logPrevious"));
    m_previous->setToolTip(tr("The log of the previous (crashed) instance of the container"));
    source->addWidget(m_previous);
    source->addWidget(new QLabel(tr("Tail"), this));
    m_tail = new QSpinBox(this);
    m_tail->setRange(0, 10'000'000);
    m_tail->setSpecialValueText(tr("all"));
    m_tail->setSingleStep(100);
    m_tail->setToolTip(tr("Only the last N lines (all = the whole log)"));
    source->addWidget(m_tail);
    m_since = new QComboBox(this);
    m_since->addItem(tr("since start"), -1);
    for (const auto& [label, seconds] : QList<QPair<QString, int>>{{tr("last 1 min"), 60}, {tr("last 5 min"), 300},
                                                                    {tr("last 15 min"), 900}, {tr("last 1 h"), 3600},
                                                                    {tr("last 6 h"), 21600}, {tr("last 24 h"), 86400}})
        m_since->addItem(label, seconds);
    source->addWidget(m_since);
    m_timestamps = new QCheckBox(tr("Timestamps"), this);
    source->addWidget(m_timestamps);
    m_wrap = new QCheckBox(tr("Wrap"), this);
    source->addWidget(m_wrap);
    auto* save = new QToolButton(this);
    save->setText(tr("Save…"));
    save->setToolTip(tr("Save the log as shown to a file"));
    source->addWidget(save);
    layout->addLayout(source);

    auto* find = new QHBoxLayout;
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("logSearch"));
    m_search->setPlaceholderText(tr("Search the log (Enter: next, Shift+Enter: previous)"));
    m_search->setClearButtonEnabled(true);
    find->addWidget(m_search, 1);
    m_regex = new QCheckBox(tr("Regex"), this);
    m_regex->setObjectName(QStringLiteral("logRegex"));
    find->addWidget(m_regex);
    m_case = new QCheckBox(tr("Match case"), this);
    find->addWidget(m_case);
    auto* previous = new QToolButton(this);
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous match (Shift+F3)"));
    auto* next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (F3)"));
    find->addWidget(previous);
    find->addWidget(next);
    m_matchLabel = new QLabel(this);
    m_matchLabel->setObjectName(QStringLiteral("logMatches"));
    m_matchLabel->setMinimumWidth(m_matchLabel->fontMetrics().horizontalAdvance(QStringLiteral("000000 of 000000")));
    find->addWidget(m_matchLabel);
    layout->addLayout(find);

    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("logHeader"));
    m_header->setTextFormat(Qt::RichText);
    m_header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(m_header);

    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setModel(m_model);
    m_view->setUniformItemSizes(true);
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(2000);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_view->setItemDelegate(new LineDelegate(&m_highlight, &m_highlightRegex, &m_highlightCase, m_view));
    layout->addWidget(m_view, 1);

    auto* copy = new QShortcut(QKeySequence::Copy, m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(copy, &QShortcut::activated, this, &LogViewer::copySelection);
    auto* f3 = new QShortcut(QKeySequence::FindNext, this);
    connect(f3, &QShortcut::activated, this, &LogViewer::findNext);
    auto* shiftF3 = new QShortcut(QKeySequence::FindPrevious, this);
    connect(shiftF3, &QShortcut::activated, this, &LogViewer::findPrevious);

    connect(m_pod, &QComboBox::activated, this, &LogViewer::onPodPicked);
    connect(m_container, &QComboBox::activated, this, [this] {
        follow(m_ns, m_pod->currentData().toString(), m_container->currentText());
    });
    connect(m_previous, &QCheckBox::toggled, this, &LogViewer::reopen);
    connect(m_followBox, &QCheckBox::toggled, this, &LogViewer::reopen);
    connect(m_tail, &QSpinBox::editingFinished, this, &LogViewer::reopen);
    connect(m_since, &QComboBox::activated, this, &LogViewer::reopen);
    connect(m_timestamps, &QCheckBox::toggled, m_model, &model::LogModel::setShowTimestamps);
    connect(m_wrap, &QCheckBox::toggled, this, [this](bool wrap) {
        m_view->setWordWrap(wrap);
        // Wrapped lines have different heights: QListView then measures every row, so keep it for
        // logs of a reasonable size.
        m_view->setUniformItemSizes(!wrap);
        if (wrap && m_model->rowCount() > 200'000)
            m_header->setToolTip(tr("Wrapping a very long log makes scrolling slower"));
    });
    connect(save, &QToolButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save log"), target().section(QLatin1Char('/'), 1, 1) + QStringLiteral(".log"));
        QString error;
        if (!path.isEmpty() && !saveTo(path, &error))
            m_header->setText(QStringLiteral("<span style='color:#d93b3b'>%1</span>").arg(error.toHtmlEscaped()));
    });
    auto searchOptionsChanged = [this] {
        m_highlight = m_search->text();
        m_highlightRegex = m_regex->isChecked();
        m_highlightCase = m_case->isChecked();
        m_view->viewport()->update();
        startSearch();
    };
    connect(m_search, &QLineEdit::textChanged, this, searchOptionsChanged);
    connect(m_regex, &QCheckBox::toggled, this, searchOptionsChanged);
    connect(m_case, &QCheckBox::toggled, this, searchOptionsChanged);
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (QApplication::keyboardModifiers() & Qt::ShiftModifier)
            findPrevious();
        else
            findNext();
    });
    connect(previous, &QToolButton::clicked, this, &LogViewer::findPrevious);
    connect(next, &QToolButton::clicked, this, &LogViewer::findNext);
    connect(&m_searchWatcher, &QFutureWatcher<QList<int>>::finished, this, [this] {
        m_matches = m_searchWatcher.result();
        m_matchIndex = -1;
        m_matchLabel->setText(m_search->text().isEmpty() ? QString() : tr("%n match(es)", nullptr, int(m_matches.size())));
        emit searchFinished(int(m_matches.size()));
        if (m_searchAgain) {
            m_searchAgain = false;
            startSearch();
        }
    });
    // Keep the newest line in view while following, unless the user scrolled up.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        QScrollBar* bar = m_view->verticalScrollBar();
        m_view->setProperty("sparkdeckAtBottom", bar->value() >= bar->maximum() - 1);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_followBox->isChecked() && m_view->property("sparkdeckAtBottom").toBool())
            m_view->scrollToBottom();
        updateHeader();
    });
    connect(m_session, &session::LogSession::stateChanged, this, &LogViewer::updateHeader);
    connect(m_model, &model::LogModel::spilledLinesChanged, this, &LogViewer::updateHeader);
    connect(m_session, &session::LogSession::targetChanged, this, &LogViewer::showTarget);
    clear(tr("Select an application to follow its driver log."));
}

LogViewer::~LogViewer()
{
    // The session would otherwise report its stop to a half-destroyed viewer.
    m_session->disconnect(this);
    m_searchWatcher.waitForFinished();
}

void LogViewer::setClient(kube::KubeClient* client)
{
    m_session->setClient(client);
    clear(tr("Select an application to follow its driver log."));
}

void LogViewer::setPods(model::PodsModel* pods)
{
    if (m_pods)
        m_pods->disconnect(this);
    m_pods = pods;
    m_session->setPods(pods); // first: it sees a deleted or new driver before the picker is filled
    auto refill = [this] {
        const QString current = m_pod->currentData().toString();
        m_pod->clear();
        if (!m_pods)
            return;
        QList<QPair<QString, QString>> entries; // label, pod name; driver first
        for (int row = 0; row < m_pods->rowCount(); ++row) {
            const QString name = m_pods->index(row, model::PodsModel::Name).data().toString();
            const QString role = m_pods->index(row, model::PodsModel::Role).data().toString();
            entries << qMakePair(role.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, role), name);
        }
        std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
            return a.first.endsWith(QLatin1String("(driver)")) && !b.first.endsWith(QLatin1String("(driver)"));
        });
        for (const auto& [label, name] : entries)
            m_pod->addItem(label, name);
        const QString followed = target().section(QLatin1Char('/'), 1, 1);
        int index = m_pod->findData(followed.isEmpty() ? current : followed);
        if (index < 0 && !followed.isEmpty() && followed != m_session->deletedPod()) {
            m_pod->addItem(followed, followed); // not created yet: keep showing what we wait for
            index = m_pod->count() - 1;
        }
        // A deleted pod is not offered; while its log is still shown, the picker names it as deleted.
        m_pod->setPlaceholderText(index < 0 && !followed.isEmpty() ? tr("%1 (deleted)").arg(followed) : QString());
        m_pod->setCurrentIndex(index < 0 && !followed.isEmpty() ? -1 : qMax(0, index));
        fillContainers();
    };
    if (pods) {
        connect(pods, &QAbstractItemModel::rowsInserted, this, refill);
        connect(pods, &QAbstractItemModel::rowsRemoved, this, refill);
        connect(pods, &QAbstractItemModel::modelReset, this, refill);
        connect(pods, &QAbstractItemModel::dataChanged, this, [this] { fillContainers(); });
    }
    refill();
}

QModelIndex LogViewer::podIndex(const QString& pod) const
{
    if (m_pods)
        for (int row = 0; row < m_pods->rowCount(); ++row) {
            const QModelIndex index = m_pods->index(row, model::PodsModel::Name);
            if (index.data().toString() == pod)
                return index;
        }
    return {};
}

void LogViewer::fillContainers()
{
    // Only the picked pod's own containers; while that pod is not known yet, the one followed in it.
    const QString pod = m_pod->currentData().toString();
    const bool followed = m_session->isFollowing() && m_session->streamOptions().pod == pod;
    const QString current = followed ? m_session->streamOptions().container : m_container->currentText();
    QStringList names = podIndex(pod).data(model::PodsModel::ContainersRole).toStringList();
    if (names.isEmpty() && followed)
        names << current;
    QStringList shown;
    for (int i = 0; i < m_container->count(); ++i)
        shown << m_container->itemText(i);
    if (names != shown) {
        m_container->clear();
        m_container->addItems(names);
    }
    if (names.contains(current))
        m_container->setCurrentText(current);
}

void LogViewer::onPodPicked()
{
    const QString pod = m_pod->currentData().toString();
    follow(m_ns, pod, m_session->mainContainerOf(pod));
}

QString LogViewer::target() const
{
    return m_session->target();
}

kube::LogStream::State LogViewer::streamState() const
{
    return m_session->state();
}

void LogViewer::resetMatches()
{
    m_matches.clear();
    m_matchIndex = -1;
}

void LogViewer::clear(const QString& hint)
{
    m_hint = hint;
    resetMatches();
    m_session->clear();
    updateHeader();
}

void LogViewer::applyOptions()
{
    session::LogSession::Options options;
    options.follow = m_followBox->isChecked();
    options.previous = m_previous->isChecked();
    options.tailLines = m_tail->value() > 0 ? m_tail->value() : -1;
    options.sinceSeconds = m_since->currentData().toInt();
    m_session->setOptions(options);
}

void LogViewer::follow(const QString& ns, const QString& pod, const QString& container)
{
    if (!m_session->client())
        return;
    if (target() == ns + QLatin1Char('/') + pod + QLatin1Char('/') + container
        && streamState() != kube::LogStream::State::Failed)
        return;
    m_hint.clear();
    resetMatches();
    m_ns = ns;
    applyOptions();
    m_session->follow(ns, pod, container);
    showTarget();
}

void LogViewer::showTarget()
{
    resetMatches(); // they were rows of the log shown before
    const kube::LogStream::Options o = m_session->streamOptions();
    if (!m_session->isFollowing())
        return updateHeader();
    m_ns = o.ns;
    if (m_pod->findData(o.pod) < 0)
        m_pod->addItem(o.pod, o.pod);
    m_pod->setCurrentIndex(m_pod->findData(o.pod));
    m_pod->setPlaceholderText(QString());
    fillContainers();
    updateHeader();
}

void LogViewer::reopen()
{
    if (!m_session->isFollowing())
        return;
    m_hint.clear();
    resetMatches();
    applyOptions();
    m_session->reopen();
    showTarget();
}

QString LogViewer::text() const
{
    return m_model->text();
}

bool LogViewer::saveTo(const QString& path, QString* error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    if (!m_model->writeTo(&f) || !f.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

void LogViewer::copySelection()
{
    QList<int> rows;
    for (const QModelIndex& index : m_view->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    if (!rows.isEmpty())
        QApplication::clipboard()->setText(m_model->text(rows));
}

void LogViewer::startSearch()
{
    if (m_searchWatcher.isRunning()) {
        m_searchAgain = true; // run once more with the newest pattern when this one ends
        return;
    }
    const QString pattern = m_search->text();
    const bool regex = m_regex->isChecked();
    const bool caseSensitive = m_case->isChecked();
    const QRegularExpression re(regex ? pattern : QString());
    m_search->setStyleSheet(re.isValid() ? QString() : QStringLiteral("QLineEdit { color: #d93b3b; }"));
    m_search->setToolTip(re.isValid() ? QString() : tr("Invalid regular expression: %1 (at character %2)").arg(re.errorString()).arg(re.patternErrorOffset() + 1));
    if (!re.isValid()) {
        // Nothing to search for: say so instead of "0 matches".
        m_matches.clear();
        m_matchIndex = -1;
        m_matchLabel->setText(tr("invalid pattern"));
        m_matchLabel->setToolTip(m_search->toolTip());
        emit searchFinished(0);
        return;
    }
    m_matchLabel->setToolTip({});
    m_searchWatcher.setFuture(QtConcurrent::run(
        [snapshot = m_model->snapshot(), pattern, regex, caseSensitive] { return model::LogModel::search(snapshot, pattern, regex, caseSensitive); }));
}

int LogViewer::currentMatch() const
{
    return m_matchIndex >= 0 && m_matchIndex < m_matches.size() ? m_matches[m_matchIndex] : -1;
}

void LogViewer::jumpTo(int matchIndex)
{
    if (m_matches.isEmpty())
        return;
    m_matchIndex = (matchIndex + int(m_matches.size())) % int(m_matches.size());
    const QModelIndex index = m_model->index(m_matches[m_matchIndex]);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    m_matchLabel->setText(tr("%1 of %2").arg(m_matchIndex + 1).arg(m_matches.size()));
}

void LogViewer::findNext()
{
    jumpTo(m_matchIndex + 1);
}

void LogViewer::findPrevious()
{
    jumpTo(m_matchIndex < 0 ? -1 : m_matchIndex - 1);
}

void LogViewer::updateHeader()
{
    if (!m_session->isFollowing()) {
        m_header->setText(QStringLiteral("<span style='color:gray'>%1</span>").arg(m_hint.toHtmlEscaped()));
        return;
    }
    const kube::LogStream::Options o = m_session->streamOptions();
    const QString message = m_session->statusMessage();
    QString state;
    switch (m_session->state()) {
    case kube::LogStream::State::Idle: state = tr("connecting…"); break;
    case kube::LogStream::State::Waiting: state = tr("waiting to start: %1").arg(message); break;
    case kube::LogStream::State::Streaming: state = o.follow ? tr("following") : tr("reading"); break;
    case kube::LogStream::State::Ended: state = tr("ended (the container finished)"); break;
    case kube::LogStream::State::Retrying: state = tr("cannot read the log, retrying: %1").arg(message); break;
    case kube::LogStream::State::Failed: state = message; break;
    }
    if (o.pod == m_session->deletedPod())
        state = tr("pod %1 was deleted (re-run or cleanup); showing its log up to then").arg(o.pod);
    const int lines = m_model->rowCount();
    QString count = lines == 1 ? tr("1 line") : tr("%1 lines").arg(lines);
    // A huge log keeps its oldest lines in a temporary file (model::LogModel's spill file).
    if (const qsizetype onDisk = m_model->spilledLines(); onDisk > 0)
        count += QLatin1String(", ") + tr("%1 on disk").arg(onDisk == 1 ? tr("1 line") : tr("%1 lines").arg(onDisk));
    QString notice = m_session->notice();
    if (!m_model->spillError().isEmpty())
        notice = notice.isEmpty() ? m_model->spillError() : notice + QLatin1String("; ") + m_model->spillError();
    m_header->setToolTip(notice.isEmpty() ? message : notice);
    m_header->setText((notice.isEmpty() ? QString() : QStringLiteral("<span style='color:#d98e04'>%1:</span> ").arg(notice.toHtmlEscaped()))
                      + QStringLiteral("<b>%1</b> <span style='color:gray'>/ %2 — %3 — %4</span>")
                            .arg(o.pod.toHtmlEscaped(), o.container.toHtmlEscaped(), state.toHtmlEscaped(), count.toHtmlEscaped()));
}

} // namespace ui
