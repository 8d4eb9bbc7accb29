#include "ui/jobeditor.h"

#include "models/cron.h"
#include "models/sparksize.h"
#include "ui/fieldwidgets.h"
#include "ui/yamleditor.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

using model::FieldScope;
using model::FieldSpec;
using model::ValueType;

namespace {

QString escaped(const QString& s)
{
    return s.toHtmlEscaped();
}

const QString kOtherSection = QStringLiteral("Other fields");
// Narrower than this, the editor hides its section list.
constexpr int kNavigatorMinimumWidth = 1100;

// The header status: one line that gives way to the other header controls; when it does not fit
// it ends in "…" and its tool tip has the whole text and details.
class StatusLabel : public QLabel {
public:
    using QLabel::QLabel;
    QSize minimumSizeHint() const override
    {
        return {fontMetrics().horizontalAdvance(QStringLiteral("Ready…")), QLabel::minimumSizeHint().height()};
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        painter.setPen(palette().color(foregroundRole()));
        const QRect area = contentsRect();
        painter.drawText(area, Qt::AlignVCenter | Qt::AlignLeft, fontMetrics().elidedText(text(), Qt::ElideRight, area.width()));
    }
};

// A word-wrapped message under a field. Form layouts size a height-for-width row from another
// width than the one they give it (the first and last lines were cut off until some later
// relayout), so this label reports the height its text needs at its current width as a plain size
// hint, and asks for a new layout when its width changes.
class FieldMessageLabel : public QLabel {
public:
    explicit FieldMessageLabel(QWidget* parent)
        : QLabel(parent)
    {
        setWordWrap(true);
    }
    bool hasHeightForWidth() const override { return false; }
    QSize sizeHint() const override { return fitted(QLabel::sizeHint()); }
    QSize minimumSizeHint() const override { return fitted(QLabel::minimumSizeHint()); }

protected:
    void resizeEvent(QResizeEvent* event) override
    {
        QLabel::resizeEvent(event);
        if (event->oldSize().width() != width())
            updateGeometry();
    }

private:
    QSize fitted(QSize size) const
    {
        if (width() > 0)
            size.setHeight(heightForWidth(width()));
        return size;
    }
};

QStringList secretKeys(const QList<model::InlineSecret>& secrets)
{
    QStringList keys;
    for (const model::InlineSecret& s : secrets)
        keys << s.key;
    return keys;
}

} // namespace

JobEditor::JobEditor(QWidget* parent)
    : QWidget(parent)
    , m_document(new session::JobDocument(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);

    // Top bar: kind, presets, sizing, status, submit.
    auto* bar = new QHBoxLayout;
    m_kindBox = new QComboBox(this);
    m_kindBox->setObjectName(QStringLiteral("kindBox"));
    m_kindBox->addItem(tr("SparkApplication"), false);
    m_kindBox->addItem(tr("ScheduledSparkApplication"), true);
    m_kindBox->setToolTip(tr("A ScheduledSparkApplication runs the same application on a cron schedule"));
    connect(m_kindBox, &QComboBox::activated, this, [this] { setKind(m_kindBox->currentData().toBool()); });
    bar->addWidget(m_kindBox);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Start from:"), this));
    // Picking a template loads it at once (asking first when there are unsaved changes).
    m_presets = new QComboBox(this);
    m_presets->setObjectName(QStringLiteral("templateBox"));
    m_presets->setPlaceholderText(tr("Choose a template…"));
    m_presets->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_presets->setMinimumContentsLength(16);
    for (const model::Preset& p : model::presets()) {
        m_presets->addItem(p.title, p.id);
        m_presets->setItemData(m_presets->count() - 1, p.title, Qt::ToolTipRole);
    }
    m_presets->setToolTip(tr("Replace the editor's content with a template"));
    connect(m_presets, &QComboBox::activated, this, [this](int index) {
        const QString id = m_presets->itemData(index).toString();
        const QString title = m_presets->itemText(index);
        m_presets->setCurrentIndex(m_presets->findData(m_document->templateId())); // until the question is answered
        if (confirmReplace(tr("the template %1").arg(title)))
            loadPreset(id);
    });
    bar->addWidget(m_presets);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Size:"), this));
    // Picking a size applies it at once; the box shows the size the document has, or Custom.
    m_sizes = new QComboBox(this);
    m_sizes->setObjectName(QStringLiteral("sizeBox"));
    for (const model::SizingPreset& p : model::sizingPresets()) {
        m_sizes->addItem(p.title.section(QLatin1Char(':'), 0, 0), p.id);
        m_sizes->setItemData(m_sizes->count() - 1, p.title, Qt::ToolTipRole);
    }
    m_sizes->addItem(tr("Custom"), QString());
    m_sizes->setItemData(m_sizes->count() - 1, tr("The document's own driver and executor resources"), Qt::ToolTipRole);
    m_sizes->setToolTip(tr("Set driver and executor resources and dynamic-allocation bounds"));
    connect(m_sizes, &QComboBox::activated, this, [this](int index) {
        const QString id = m_sizes->itemData(index).toString();
        if (id.isEmpty())
            refreshSizeBox();
        else
            applySizing(id);
    });
    bar->addWidget(m_sizes);
    bar->addSpacing(12);
    m_status = new StatusLabel(this);
    m_status->setObjectName(QStringLiteral("editorStatus"));
    m_status->setTextFormat(Qt::PlainText);
    bar->addWidget(m_status, 1);
    m_submit = new QPushButton(tr("Submit"), this);
    m_submit->setObjectName(QStringLiteral("submitButton"));
    m_submit->setDefault(true);
    connect(m_submit, &QPushButton::clicked, this, &JobEditor::submit);
    bar->addWidget(m_submit);
    layout->addLayout(bar);

    // Banners: a draft to restore, credentials to move.
    m_draftBanner = makeBanner(QStringLiteral("draftBanner"));
    auto* draftLayout = static_cast<QHBoxLayout*>(m_draftBanner->layout());
    auto* restore = new QPushButton(tr("Restore"), m_draftBanner);
    connect(restore, &QPushButton::clicked, this, &JobEditor::restoreDraft);
    auto* discard = new QPushButton(tr("Discard"), m_draftBanner);
    connect(discard, &QPushButton::clicked, this, &JobEditor::discardDraft);
    draftLayout->addWidget(restore);
    draftLayout->addWidget(discard);
    layout->addWidget(m_draftBanner);
    m_secretsBanner = makeBanner(QStringLiteral("secretsBanner"));
    m_moveSecrets = new QPushButton(tr("Move to a Secret"), m_secretsBanner);
    m_moveSecrets->setObjectName(QStringLiteral("moveSecretsButton"));
    connect(m_moveSecrets, &QPushButton::clicked, this, &JobEditor::moveSecrets);
    static_cast<QHBoxLayout*>(m_secretsBanner->layout())->addWidget(m_moveSecrets);
    layout->addWidget(m_secretsBanner);

    // Sections | form | YAML.
    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* formSide = new QWidget(split);
    auto* formLayout = new QVBoxLayout(formSide);
    formLayout->setContentsMargins(0, 0, 0, 0);
    m_formBanner = makeBanner(QStringLiteral("yamlErrorBanner"));
    m_formBanner->setStyleSheet(QStringLiteral("QFrame#yamlErrorBanner { background: #fdecea; border: 1px solid #f5c2bd; "
                                               "border-radius: 4px; } QFrame#yamlErrorBanner QLabel { color: #8a1f11; }"));
    formLayout->addWidget(m_formBanner);
    auto* formRow = new QHBoxLayout;
    m_nav = new QListWidget(formSide);
    m_nav->setObjectName(QStringLiteral("sectionList"));
    m_nav->setFrameShape(QFrame::NoFrame);
    m_nav->setFixedWidth(m_nav->fontMetrics().horizontalAdvance(QStringLiteral("Hadoop configuration")) + 28);
    formRow->addWidget(m_nav);
    m_scroll = new QScrollArea(formSide);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_form = new QWidget(m_scroll);
    buildForm(m_form);
    m_scroll->setWidget(m_form);
    formRow->addWidget(m_scroll, 1);
    formLayout->addLayout(formRow, 1);
    connect(m_nav, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        if (QGroupBox* box = m_sectionBoxes.value(item->data(Qt::UserRole).toString()))
            m_scroll->verticalScrollBar()->setValue(box->y());
    });

    m_yaml = new YamlEditor(split);
    m_yaml->setObjectName(QStringLiteral("yamlEditor"));
    split->addWidget(formSide);
    split->addWidget(m_yaml);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({700, 560});

    // The result of the last submit or Secret move: as tall as its text (at most 120 px), with a
    // button to dismiss it; a new document takes it away.
    m_messagePanel = new QFrame(this);
    m_messagePanel->setObjectName(QStringLiteral("submitMessagePanel"));
    auto* messageRow = new QHBoxLayout(m_messagePanel);
    messageRow->setContentsMargins(0, 0, 0, 0);
    m_message = new QTextBrowser(m_messagePanel);
    m_message->setObjectName(QStringLiteral("submitMessage"));
    m_message->setOpenLinks(false);
    messageRow->addWidget(m_message, 1);
    auto* dismiss = new QToolButton(m_messagePanel);
    dismiss->setObjectName(QStringLiteral("dismissMessage"));
    dismiss->setText(QStringLiteral("✕"));
    dismiss->setAutoRaise(true);
    dismiss->setToolTip(tr("Hide this message"));
    connect(dismiss, &QToolButton::clicked, m_messagePanel, &QWidget::hide);
    messageRow->addWidget(dismiss, 0, Qt::AlignTop);
    m_messagePanel->hide();

    layout->addWidget(split, 1);
    layout->addWidget(m_messagePanel);

    // The cluster changes behind the editor's back (kubectl create namespace / serviceaccount):
    // while it is shown, look again now and then.
    m_recheckTimer.setInterval(15'000);
    connect(&m_recheckTimer, &QTimer::timeout, this, [this] {
        if (isVisible() && !m_document->isBusy())
            m_document->checkCluster();
    });
    connect(m_yaml, &QPlainTextEdit::textChanged, this, &JobEditor::onYamlEdited);
    // A paste that would make the text larger than the codec reads is refused whole (the text
    // stays, the clipboard keeps it), so the editor never holds what it cannot parse or lay out.
    m_yaml->setPasteLimit(model::kMaxYamlBytes, [this](qsizetype characters) {
        showMessage(tr("<b>Not pasted:</b> the clipboard holds %1 characters, and the YAML editor takes at most %2 "
                       "(SparkDeck reads YAML files up to %3). Your text is unchanged; paste a smaller part.")
                        .arg(QLocale().toString(characters), QLocale().toString(model::kMaxYamlBytes),
                             QLocale().formattedDataSize(model::kMaxYamlBytes, 0, QLocale::DataSizeIecFormat)),
                    true);
    });
    connect(m_document, &session::JobDocument::textChanged, this, &JobEditor::onTextChanged);
    connect(m_document, &session::JobDocument::syntaxChecked, this, &JobEditor::onSyntaxChecked);
    connect(m_document, &session::JobDocument::documentReplaced, this, [this] {
        refreshKind();
        refreshForm();
    });
    connect(m_document, &session::JobDocument::problemsChanged, this, &JobEditor::refreshProblems);
    connect(m_document, &session::JobDocument::modificationChanged, this, &JobEditor::modificationChanged);
    connect(m_document, &session::JobDocument::fileChanged, this, &JobEditor::fileChanged);
    connect(m_document, &session::JobDocument::submitFinished, this, &JobEditor::onSubmitFinished);
    connect(m_document, &session::JobDocument::submitted, this, &JobEditor::submitted);
    connect(m_document, &session::JobDocument::secretsMoved, this, &JobEditor::onSecretsMoved);

    if (m_presets->count() > 0)
        loadPreset(m_presets->itemData(0).toString());
    setClient(nullptr);
    updatePlaceholderPalette();
}

bool JobEditor::event(QEvent* event)
{
    switch (event->type()) {
    case QEvent::WindowActivate:
    case QEvent::Show:
        // Back from a terminal or another tab: what was created or deleted meanwhile shows at once.
        if (isVisible())
            m_document->scheduleClusterCheck();
        break;
    case QEvent::PaletteChange:
        updatePlaceholderPalette();
        break;
    default:
        break;
    }
    return QWidget::event(event);
}

void JobEditor::updatePlaceholderPalette()
{
    // Styles draw a disabled field's placeholder from the enabled text colour (half transparent),
    // which can be darker than a disabled value; halfway between disabled text and the background
    // keeps it a hint.
    QPalette p = m_form->palette();
    const QColor text = palette().color(QPalette::Disabled, QPalette::Text);
    const QColor base = palette().color(QPalette::Disabled, QPalette::Base);
    const QColor hint = QColor::fromRgbF((text.redF() + base.redF()) / 2, (text.greenF() + base.greenF()) / 2,
                                         (text.blueF() + base.blueF()) / 2);
    if (p.color(QPalette::Disabled, QPalette::PlaceholderText) == hint)
        return;
    p.setColor(QPalette::Disabled, QPalette::PlaceholderText, hint);
    // YAML block fields re-highlight on a palette change, which is not an edit.
    m_syncing = true;
    m_form->setPalette(p);
    m_syncing = false;
}

void JobEditor::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // On a narrow window the section list gives its column to the form (the sections keep their
    // titles while scrolling).
    m_nav->setVisible(width() >= kNavigatorMinimumWidth);
}

QFrame* JobEditor::makeBanner(const QString& objectName)
{
    auto* banner = new QFrame(this);
    banner->setObjectName(objectName);
    banner->setStyleSheet(QStringLiteral("QFrame#%1 { background: #fff4e5; border: 1px solid #ffd8a8; border-radius: 4px; }"
                                         " QFrame#%1 QLabel { color: #663c00; }")
                              .arg(objectName));
    auto* row = new QHBoxLayout(banner);
    row->setContentsMargins(8, 4, 8, 4);
    auto* label = new QLabel(banner);
    label->setObjectName(objectName + QStringLiteral("Text"));
    label->setWordWrap(true);
    row->addWidget(label, 1);
    banner->hide();
    return banner;
}

void JobEditor::buildForm(QWidget* container)
{
    auto* outer = new QVBoxLayout(container);
    outer->setContentsMargins(0, 0, 8, 0);
    QString currentSection;
    QFormLayout* form = nullptr;
    QList<QLabel*> labels;
    auto addSection = [&](const QString& name) {
        auto* box = new QGroupBox(name, container);
        box->setObjectName(QStringLiteral("section ") + name);
        form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        outer->addWidget(box);
        m_sectionBoxes.insert(name, box);
        auto* item = new QListWidgetItem(name, m_nav);
        item->setData(Qt::UserRole, name);
        currentSection = name;
    };
    for (const FieldSpec& field : model::sparkApplicationFields()) {
        if (field.section != currentSection)
            addSection(field.section);
        FieldEditor* editor = FieldEditor::create(field, container);
        editor->setObjectName(field.path);
        editor->input()->setObjectName(field.path);
        editor->setToolTip(field.help);
        connect(editor, &FieldEditor::edited, this, [this, field] { onFieldEdited(field); });
        m_fields.insert(field.path, editor);

        auto* cell = new QWidget(container);
        auto* cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        cellLayout->addWidget(editor);
        if (field.path == QLatin1String("schedule.schedule")) {
            m_cronPreview = new QLabel(cell);
            m_cronPreview->setObjectName(QStringLiteral("cronPreview"));
            m_cronPreview->setWordWrap(true);
            m_cronPreview->setForegroundRole(QPalette::PlaceholderText);
            cellLayout->addWidget(m_cronPreview);
        }
        auto* problem = new FieldMessageLabel(cell);
        problem->hide();
        cellLayout->addWidget(problem);
        m_problems.insert(field.path, problem);
        auto* label = new QLabel(field.required ? field.label + QStringLiteral(" *") : field.label, container);
        label->setToolTip(field.help);
        labels << label;
        form->addRow(label, cell);
        m_labels.insert(field.path, label);
    }
    addSection(kOtherSection);
    m_otherLabel = new QLabel(container);
    m_otherLabel->setObjectName(QStringLiteral("otherFields"));
    m_otherLabel->setWordWrap(true);
    m_otherLabel->setTextFormat(Qt::RichText);
    form->addRow(m_otherLabel);
    // One label column across all sections, so the fields line up.
    int labelWidth = 0;
    for (QLabel* label : std::as_const(labels))
        labelWidth = qMax(labelWidth, label->sizeHint().width());
    for (QLabel* label : std::as_const(labels))
        label->setMinimumWidth(labelWidth);
    outer->addStretch(1);
}

void JobEditor::setClient(kube::KubeClient* client)
{
    m_document->setClient(client);
    if (client)
        m_recheckTimer.start();
    else
        m_recheckTimer.stop();
}

void JobEditor::setDefaultNamespace(const QString& ns)
{
    m_document->setDefaultNamespace(ns);
    if (auto* line = qobject_cast<QLineEdit*>(fieldWidget(QStringLiteral("metadata.namespace"))))
        line->setPlaceholderText(m_document->defaultNamespace());
}

bool JobEditor::loadPreset(const QString& id)
{
    if (!m_document->loadPreset(id))
        return false;
    m_presets->setCurrentIndex(m_presets->findData(id));
    return true;
}

void JobEditor::setYaml(const QString& yaml)
{
    m_document->setText(yaml);
}

void JobEditor::onTextChanged(session::JobDocument::TextChange change)
{
    m_syncing = true;
    if (change == session::JobDocument::TextChange::Replaced) {
        m_yaml->setPlainText(m_document->text());
        m_messagePanel->hide(); // it was about the document this one replaces
        m_presets->setCurrentIndex(-1);
    } else {
        m_yaml->setTextKeepingView(m_document->text());
    }
    m_syncing = false;
}

bool JobEditor::confirmReplace(const QString& what)
{
    return !isModified() || askToSave(tr("Save them before the editor shows %1? Discard loses them.").arg(what));
}

bool JobEditor::confirmClose()
{
    if (!isModified())
        return true;
    if (!askToSave(tr("Save them before SparkDeck quits? Discard loses them.")))
        return false;
    // Saved, or discarded on purpose: nothing to offer back next time.
    m_document->discardDraft();
    return true;
}

bool JobEditor::askToSave(const QString& question)
{
    const QString file = filePath();
    QMessageBox box(QMessageBox::Question, tr("Unsaved changes"),
                    tr("The job editor has unsaved changes%1.").arg(file.isEmpty() ? QString() : tr(" to %1").arg(QFileInfo(file).fileName())),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setInformativeText(question);
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return saveForReplace();
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

bool JobEditor::saveForReplace()
{
    if (m_saveHandler)
        return m_saveHandler() && !isModified();
    QString path = filePath();
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(this, tr("Save SparkApplication"),
                                            QDir::homePath() + QLatin1Char('/') + document().text(QStringLiteral("metadata.name"))
                                                + QStringLiteral(".yaml"),
                                            tr("YAML files (*.yaml *.yml)"));
    if (path.isEmpty())
        return false;
    QString error;
    if (!saveFile(path, &error)) {
        QMessageBox::warning(this, tr("Save"), error);
        return false;
    }
    return true;
}

bool JobEditor::openFile(const QString& path, QString* error, const std::function<int(const QStringList&)>& choose)
{
    return m_document->openFile(path, error, choose);
}

bool JobEditor::saveFile(const QString& path, QString* error)
{
    return m_document->saveFile(path, error);
}

QString JobEditor::yamlText() const
{
    return m_yaml->toPlainText();
}

QWidget* JobEditor::fieldWidget(const QString& path) const
{
    FieldEditor* e = m_fields.value(path);
    return e ? e->input() : nullptr;
}

FieldEditor* JobEditor::fieldEditor(const QString& path) const
{
    return m_fields.value(path);
}

bool JobEditor::focusField(const QString& path)
{
    std::optional<model::YamlPosition> at;
    for (QStringList segments = path.split(QLatin1Char('.')); !segments.isEmpty() && !at; segments.removeLast())
        at = m_document->document().position(segments, true);
    if (at) {
        QTextCursor cursor(m_yaml->document()->findBlockByNumber(at->line - 1));
        cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, std::max(0, at->column - 1));
        cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
        m_yaml->setTextCursor(cursor);
        m_yaml->centerCursor();
    }
    FieldEditor* field = m_fields.value(path);
    if (!field)
        return at.has_value();
    m_scroll->ensureWidgetVisible(field);
    QWidget* input = field->input();
    input->setFocus(Qt::OtherFocusReason);
    if (auto* line = qobject_cast<QLineEdit*>(input))
        line->selectAll();
    return true;
}

QString JobEditor::fieldProblem(const QString& path) const
{
    const QLabel* label = m_problems.value(path);
    return label && !label->isHidden() ? label->text() : QString();
}

QString JobEditor::messageText() const
{
    return m_messagePanel->isHidden() ? QString() : m_message->toPlainText();
}

QString JobEditor::schedulePreview() const
{
    return m_cronPreview && m_cronPreview->isVisible() ? m_cronPreview->text() : QString();
}

void JobEditor::onFieldEdited(const FieldSpec& field)
{
    if (m_syncing)
        return;
    FieldEditor* editor = m_fields.value(field.path);
    if (m_document->parsePending()) {
        // YAML typed just before: take it in first (it refreshes the form), then this field again.
        const QVariant typed = editor->value();
        if (!m_document->takePendingText())
            return; // the form is read-only until the YAML is fixed; the YAML keeps what was typed
        m_syncing = true;
        editor->setValue(typed);
        m_syncing = false;
    }
    model::YamlError error;
    const bool ok = m_document->setFieldValue(field, editor->value(), &error);
    if (field.type == ValueType::Yaml) {
        // Keep the block's text as typed, marked where it does not parse.
        YamlEditor* block = static_cast<YamlBlockEditor*>(editor)->editor();
        if (ok)
            block->clearError();
        else
            block->setError(error.line, error.column, error.message);
    }
    if (ok && (field.path == QLatin1String("schedule.schedule") || field.path == QLatin1String("schedule.timeZone")))
        refreshKind();
}

void JobEditor::onYamlEdited()
{
    if (m_syncing)
        return;
    m_document->editText(m_yaml->toPlainText());
}

void JobEditor::onSyntaxChecked()
{
    if (m_document->hasSyntaxError()) {
        const model::YamlError error = m_document->syntaxError();
        m_yaml->setError(error.line, error.column, error.message);
        const QString what = error.line > 0 ? tr("The YAML has an error at line %1, column %2: %3.").arg(error.line).arg(error.column).arg(error.message)
                                            : tr("The YAML cannot be read: %1.").arg(error.message);
        m_formBanner->findChild<QLabel*>()->setText(
            what + tr("\nThe form shows the last valid version and is read-only until the YAML is fixed; your text is kept as typed."));
        m_formBanner->show();
        m_form->setEnabled(false);
        m_kindBox->setEnabled(false);
        m_submit->setEnabled(false);
        m_status->setText(error.line > 0 ? tr("YAML error at %1:%2").arg(error.line).arg(error.column) : tr("YAML error"));
        return;
    }
    m_yaml->clearError();
    m_formBanner->hide();
    m_form->setEnabled(true);
    m_kindBox->setEnabled(true);
}

void JobEditor::refreshKind()
{
    const bool scheduled = m_document->isScheduled();
    const model::YamlDocument& doc = document();
    m_kindBox->setCurrentIndex(scheduled ? 1 : 0);
    for (const FieldSpec& f : model::sparkApplicationFields()) {
        if (f.scope != FieldScope::Schedule)
            continue;
        m_fields.value(f.path)->parentWidget()->setVisible(scheduled);
        m_labels.value(f.path)->setVisible(scheduled);
    }
    m_sectionBoxes.value(QStringLiteral("Schedule"))->setVisible(scheduled);
    for (int i = 0; i < m_nav->count(); ++i)
        if (m_nav->item(i)->data(Qt::UserRole).toString() == QLatin1String("Schedule"))
            m_nav->item(i)->setHidden(!scheduled);
    if (!scheduled || !m_cronPreview)
        return;
    const QString expression = doc.text(QStringLiteral("spec.schedule"));
    QString why;
    const auto schedule = model::parseCron(expression, &why);
    if (!schedule) {
        m_cronPreview->setText(expression.isEmpty() ? tr("Five cron fields, e.g. 0 2 * * * for 02:00 every day.") : QString());
        return;
    }
    const QString zoneName = doc.text(QStringLiteral("spec.timeZone"));
    const QTimeZone zone = zoneName.isEmpty() ? QTimeZone::systemTimeZone() : QTimeZone(zoneName.toUtf8());
    QStringList runs;
    for (const QDateTime& t : model::nextRuns(*schedule, QDateTime::currentDateTimeUtc(), zone.isValid() ? zone : QTimeZone::utc(), 5))
        runs << t.toString(QStringLiteral("ddd d MMM yyyy HH:mm t"));
    m_cronPreview->setText(tr("%1. Next runs: %2").arg(model::describeCron(*schedule), runs.join(QStringLiteral(" · "))));
}

void JobEditor::refreshForm()
{
    const bool scheduled = m_document->isScheduled();
    const model::YamlDocument& doc = document();
    m_syncing = true;
    for (const FieldSpec& field : model::sparkApplicationFields()) {
        if (field.scope == FieldScope::Schedule && !scheduled)
            continue;
        FieldEditor* editor = m_fields.value(field.path);
        const QString path = model::documentPath(field, scheduled);
        QVariant v = doc.value(path, field.type);
        if (!v.isValid() && field.type == ValueType::Integer)
            v = doc.text(path); // show what is there even when it is not a number
        if (field.type == ValueType::Boolean && !v.isValid() && doc.contains(path))
            v = doc.text(path);
        editor->setValue(v);
    }
    m_syncing = false;
    m_otherPaths = doc.uncoveredPaths(model::formPaths(scheduled));
    // status is set by the API server; it is not part of what Save writes
    m_otherPaths.removeAll(QStringLiteral("status"));
    if (m_otherPaths.isEmpty()) {
        m_otherLabel->setText(tr("<i>Every field of this document has an editor above.</i>"));
    } else {
        QStringList items;
        for (const QString& p : std::as_const(m_otherPaths))
            items << QStringLiteral("<code>%1</code>").arg(escaped(p));
        m_otherLabel->setText(tr("Kept exactly as written in the YAML (this form has no editor for them, e.g. fields of a "
                                 "newer operator): %1")
                                  .arg(items.join(QStringLiteral(", "))));
    }
}

void JobEditor::refreshProblems()
{
    const QHash<QString, session::FieldProblems>& problems = m_document->problems();
    for (auto it = m_problems.cbegin(); it != m_problems.cend(); ++it) {
        const session::FieldProblems p = problems.value(it.key());
        QLabel* label = it.value();
        if (p.errors.isEmpty() && p.warnings.isEmpty()) {
            label->hide();
            continue;
        }
        const QString text = (p.errors + p.warnings).join(QLatin1Char('\n'));
        const QString style =
            p.errors.isEmpty() ? QStringLiteral("QLabel { color: #b26a00; }") : QStringLiteral("QLabel { color: #d93b3b; }");
        if (label->text() == text && label->styleSheet() == style && !label->isHidden())
            continue;
        label->setText(text);
        label->setStyleSheet(style);
        label->show();
    }

    const bool online = m_document->client() != nullptr;
    const QList<model::InlineSecret> secrets = m_document->inlineSecrets();
    if (secrets.isEmpty()) {
        m_secretsBanner->hide();
    } else {
        m_secretsBanner->findChild<QLabel*>()->setText(
            tr("%n credential(s) typed inline (%1): anyone who can read the application can read them.", nullptr, int(secrets.size()))
                .arg(secretKeys(secrets).join(QStringLiteral(", "))));
        m_moveSecrets->setEnabled(online && !m_document->isBusy());
        m_moveSecrets->setToolTip(online ? tr("Create or update the Secret %1-credentials in %2 and reference it from the spec")
                                               .arg(document().text(QStringLiteral("metadata.name")), m_document->targetNamespace())
                                         : tr("Connect to a cluster to create the Secret"));
        m_secretsBanner->show();
    }

    const QStringList errors = m_document->errors();
    const QStringList fatal = m_document->fatalProblems();
    if (errors.isEmpty()) {
        m_submit->setEnabled(online && !m_document->isBusy());
        m_submit->setToolTip(online ? tr("Validate with the API server (dry run), then create it") : tr("Connect to a cluster to submit"));
    } else {
        m_submit->setEnabled(false);
        m_submit->setToolTip(errors.join(QLatin1Char('\n')));
    }
    if (!errors.isEmpty())
        setStatus(errors.size() == 1 ? tr("1 problem to fix before submitting")
                                     : tr("%1 problems to fix before submitting").arg(errors.size()),
                  (errors + fatal).join(QLatin1Char('\n')), StatusLevel::Error);
    else if (fatal.size() == 1)
        setStatus(m_document->fatalSummary(), fatal.first(), StatusLevel::Error);
    else if (!fatal.isEmpty())
        setStatus(tr("%1 problems will stop the job from running").arg(fatal.size()), fatal.join(QLatin1Char('\n')),
                  StatusLevel::Error);
    else
        setStatus(online ? tr("Ready to submit") : tr("Offline: connect to a cluster to submit"));

    // What else follows the document: the size it has, and hints that depend on its type.
    refreshSizeBox();
    refreshPlaceholders();
}

void JobEditor::setStatus(const QString& text, const QString& details, StatusLevel level)
{
    m_status->setText(text);
    m_status->setToolTip(details.isEmpty() ? text : details);
    m_status->setStyleSheet(level == StatusLevel::Error ? QStringLiteral("QLabel { color: #d93b3b; }") : QString());
}

void JobEditor::refreshSizeBox()
{
    const bool scheduled = m_document->isScheduled();
    const model::YamlDocument& doc = document();
    // Spark's defaults when a value is not set: 1 core, 1g.
    auto cores = [&](const QString& path) {
        const QVariant v = doc.value(model::appFieldPath(path, scheduled), ValueType::Integer);
        return v.isValid() ? v.toLongLong() : 1;
    };
    auto memory = [&](const QString& path) {
        const QString text = doc.text(model::appFieldPath(path, scheduled));
        return model::parseSparkByteSize(text.isEmpty() ? QStringLiteral("1g") : text).value;
    };
    int index = m_sizes->findData(QString());
    for (const model::SizingPreset& p : model::sizingPresets()) {
        bool same = true;
        for (const auto& [path, value] : p.values) {
            if (path.endsWith(QLatin1String(".cores")))
                same = same && cores(path) == value.toLongLong();
            else if (path.endsWith(QLatin1String(".memory")))
                same = same && memory(path) == model::parseSparkByteSize(value.toString()).value;
        }
        if (same) {
            index = m_sizes->findData(p.id);
            break;
        }
    }
    m_sizes->setCurrentIndex(index);
}

void JobEditor::refreshPlaceholders()
{
    // The main class is for JVM applications; Python and R run the main application file.
    const QString type = document().text(model::appFieldPath(QStringLiteral("spec.type"), m_document->isScheduled()));
    QString mainClass;
    QString mainFile;
    if (type == QLatin1String("Python")) {
        mainClass = tr("not used by Python applications");
        mainFile = QStringLiteral("local:///opt/spark/examples/src/main/python/pi.py");
    } else if (type == QLatin1String("R")) {
        mainClass = tr("not used by R applications");
        mainFile = QStringLiteral("local:///opt/spark/examples/src/main/r/dataframe.R");
    } else {
        for (const FieldSpec& f : model::sparkApplicationFields()) {
            if (f.path == QLatin1String("spec.mainClass"))
                mainClass = f.placeholder;
            else if (f.path == QLatin1String("spec.mainApplicationFile"))
                mainFile = f.placeholder;
        }
    }
    if (auto* line = qobject_cast<QLineEdit*>(fieldWidget(QStringLiteral("spec.mainClass"))))
        line->setPlaceholderText(mainClass);
    if (auto* line = qobject_cast<QLineEdit*>(fieldWidget(QStringLiteral("spec.mainApplicationFile"))))
        line->setPlaceholderText(mainFile);
}

void JobEditor::setKind(bool scheduled)
{
    m_document->setScheduled(scheduled);
}

void JobEditor::applySizing(const QString& id)
{
    m_document->applySizing(id);
}

void JobEditor::setDraftFile(const QString& path)
{
    if (!m_document->setDraftFile(path)) {
        m_draftBanner->hide();
        return;
    }
    m_draftBanner->findChild<QLabel*>()->setText(
        tr("You have unsaved work from your last session (autosaved %1). Restore it into the editor?")
            .arg(QLocale().toString(m_document->draftTime(), QLocale::ShortFormat)));
    m_draftBanner->show();
}

bool JobEditor::draftOffered() const
{
    return !m_draftBanner->isHidden();
}

void JobEditor::restoreDraft()
{
    m_document->restoreDraft();
    m_draftBanner->hide();
}

void JobEditor::discardDraft()
{
    m_document->discardDraft();
    m_draftBanner->hide();
}

void JobEditor::showMessage(const QString& html, bool error)
{
    m_message->setHtml(html);
    m_message->setStyleSheet(error ? QStringLiteral("QTextBrowser { border: 1px solid #d93b3b; }")
                                   : QStringLiteral("QTextBrowser { border: 1px solid #2e9e4f; }"));
    m_messagePanel->show();
    const int width = qMax(m_message->viewport()->width(), 200);
    m_message->document()->setTextWidth(width);
    const int height = int(m_message->document()->size().height()) + 2 * m_message->frameWidth() + 2;
    m_message->setFixedHeight(qMin(height, 120));
}

void JobEditor::submit()
{
    const QString ns = m_document->targetNamespace();
    if (!m_document->checkBeforeSubmit([this] { confirmAndSend(); }))
        return;
    // The fresh cluster check runs first, so that the question below and the header say the same.
    m_submit->setEnabled(false);
    setStatus(tr("Checking %1 in the cluster…").arg(ns));
}

void JobEditor::confirmAndSend()
{
    if (!m_document->client() || m_document->isBusy())
        return;
    const QStringList fatal = m_document->fatalProblems();
    if (!fatal.isEmpty()) {
        const QString missing = m_document->missingNamespace();
        QMessageBox box(QMessageBox::Warning, tr("Submit"), tr("This application will not run as it is:"), QMessageBox::Cancel, this);
        box.setInformativeText(fatal.join(QStringLiteral("\n\n")));
        QPushButton* create = nullptr;
        if (!missing.isEmpty())
            create = box.addButton(tr("Create namespace %1").arg(missing), QMessageBox::ActionRole);
        QPushButton* anyway = box.addButton(tr("Submit anyway"), QMessageBox::AcceptRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (create && box.clickedButton() == create) {
            // Create it, then submit again (which looks at the cluster again and asks about what is left).
            const bool started = m_document->createMissingNamespace([this, missing](const kube::KubeError& error) {
                if (error.isError()) {
                    showMessage(tr("<b>Could not create namespace %1.</b> Nothing was submitted.<br>%2")
                                    .arg(escaped(missing), escaped(error.summary())),
                                true);
                    return;
                }
                submit();
            });
            if (started) {
                m_submit->setEnabled(false);
                setStatus(tr("Creating namespace %1…").arg(missing));
            }
            return;
        }
        if (box.clickedButton() != anyway)
            return;
    }
    const session::SubmitTarget target = m_document->submitTarget();
    if (!m_document->submit())
        return;
    m_submit->setEnabled(false);
    setStatus(tr("Checking %1/%2 with the API server (dry run)…").arg(target.ns, target.name));
}

void JobEditor::onSubmitFinished(const kube::SubmitResult& r, const session::SubmitTarget& target)
{
    const QString& ns = target.ns;
    const QString& name = target.name;
    const QString& kind = target.kind;
    QString warnings;
    for (const QString& w : r.warnings)
        warnings += QStringLiteral("<br>⚠ %1").arg(escaped(w));
    const QString missing = session::JobDocument::namespaceNotFound(r.status.error());
    if (!missing.isEmpty()) {
        showMessage(tr("<b>Namespace %1 does not exist; nothing was created.</b><br>Create it (<code>kubectl create "
                       "namespace %1</code>, or Submit again and choose Create namespace %1), or pick another namespace.")
                            .arg(escaped(missing))
                        + warnings,
                    true);
        return;
    }
    if (r.status.error().isError()) {
        QString html = QStringLiteral("<b>%1</b><br>%2")
                           .arg(r.stage == kube::SubmitResult::Stage::DryRun
                                    ? tr("The API server rejected %1/%2 (dry run); nothing was created.").arg(ns, name)
                                    : tr("Creating %1/%2 failed.").arg(ns, name),
                                escaped(r.status.error().summary()));
        const FieldSpec* first = nullptr;
        if (!r.status.error().causes.isEmpty()) {
            html += QStringLiteral("<ul style='margin-top:2px'>");
            for (const kube::StatusCause& c : r.status.error().causes) {
                html += QStringLiteral("<li><code>%1</code>: %2</li>").arg(escaped(c.field), escaped(c.message));
                if (!first)
                    first = model::fieldForApiPath(c.field, m_document->isScheduled());
            }
            html += QStringLiteral("</ul>");
        }
        if (r.status.error().reason == QLatin1String("AlreadyExists"))
            html += tr("<br>Change the name, or delete the existing %1 first.").arg(kind);
        showMessage(html + warnings, true);
        setStatus(tr("Not submitted"), tr("The API server rejected it; see the message below the editor."), StatusLevel::Error);
        if (first)
            m_scroll->ensureWidgetVisible(m_fields.value(first->path));
        return;
    }
    const QString where = kind == QLatin1String("ScheduledSparkApplication")
        ? tr("It is selected in the Scheduled tab, with its next runs; each run appears under Applications when it starts.")
        : tr("Its state appears in the Applications table.");
    showMessage(tr("<b>Created %1 %2/%3.</b> %4").arg(escaped(kind), escaped(ns), escaped(name), escaped(where)) + warnings, false);
    setStatus(tr("Submitted %1/%2").arg(ns, name));
}

void JobEditor::moveSecrets()
{
    if (!m_document->client())
        return;
    const QList<model::InlineSecret> secrets = m_document->inlineSecrets();
    if (secrets.isEmpty())
        return;
    const QString ns = m_document->targetNamespace();
    const QString secretName = m_document->secretName();
    QMessageBox box(QMessageBox::Question, tr("Move to a Secret"),
                    tr("Create or update the Secret %1/%2 in the cluster now?").arg(ns, secretName), QMessageBox::Cancel, this);
    box.setInformativeText(tr("It will hold %1; keys of the same name in an existing Secret are overwritten. The spec is "
                              "then rewritten to read them from it.")
                               .arg(secretKeys(secrets).join(QStringLiteral(", "))));
    QPushButton* create = box.addButton(tr("Create the Secret"), QMessageBox::AcceptRole);
    box.setDefaultButton(create);
    box.exec();
    if (box.clickedButton() != create)
        return;
    if (m_document->moveSecrets())
        m_moveSecrets->setEnabled(false);
}

void JobEditor::onSecretsMoved(const kube::KubeError& error, const QString& ns, const QString& secretName, int count)
{
    if (error.isError()) {
        showMessage(tr("<b>Could not create the Secret %1/%2.</b> The spec is unchanged.<br>%3")
                        .arg(escaped(ns), escaped(secretName), escaped(error.summary())),
                    true);
        return;
    }
    showMessage(tr("<b>Moved %n credential(s) into the Secret %1/%2.</b> The spec now reads them from it "
                   "(env valueFrom.secretKeyRef).", nullptr, count)
                    .arg(escaped(ns), escaped(secretName)),
                false);
}

} // namespace ui
