#include "ui/jobeditor.h"

#include "models/cron.h"
#include "ui/fieldwidgets.h"
#include "app/kube/kubeclient.h"
#include "app/kube/sparkapi.h"
#include "models/sparksize.h"
#include "ui/yamleditor.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFile>
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
#include <QSaveFile>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
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

// Fields the operator applies to the pods through its mutating webhook only (operator 2.x); with
// the webhook off they are silently ignored.
bool needsWebhook(const QString& path)
{
    static const QStringList podFields{
        QStringLiteral("env"), QStringLiteral("envFrom"), QStringLiteral("configMaps"), QStringLiteral("ports"),
        QStringLiteral("hostNetwork"), QStringLiteral("hostAliases"), QStringLiteral("initContainers"), QStringLiteral("sidecars"),
        QStringLiteral("dnsConfig"), QStringLiteral("priorityClassName"), QStringLiteral("schedulerName"),
        QStringLiteral("nodeSelector"), QStringLiteral("affinity"), QStringLiteral("tolerations"), QStringLiteral("memoryLimit"),
        QStringLiteral("gpu.name"), QStringLiteral("podSecurityContext"), QStringLiteral("securityContext"),
        QStringLiteral("terminationGracePeriodSeconds"), QStringLiteral("lifecycle"), QStringLiteral("shareProcessNamespace"),
        QStringLiteral("volumeMounts")};
    if (path == QLatin1String("spec.volumes") || path == QLatin1String("spec.sparkConfigMap")
        || path == QLatin1String("spec.hadoopConfigMap") || path.startsWith(QLatin1String("spec.monitoring.prometheus.")))
        return true;
    for (const QString& pod : {QStringLiteral("spec.driver."), QStringLiteral("spec.executor.")})
        if (path.startsWith(pod) && podFields.contains(path.mid(pod.size())))
            return true;
    return false;
}

} // namespace

JobEditor::JobEditor(QWidget* parent)
    : QWidget(parent)
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
        m_presets->setCurrentIndex(m_presets->findData(m_templateId)); // until the question is answered
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

    m_parseTimer.setSingleShot(true);
    m_parseTimer.setInterval(250);
    connect(&m_parseTimer, &QTimer::timeout, this, &JobEditor::parseYamlNow);
    m_draftTimer.setSingleShot(true);
    m_draftTimer.setInterval(1000);
    connect(&m_draftTimer, &QTimer::timeout, this, &JobEditor::writeDraft);
    m_probeTimer.setSingleShot(true);
    m_probeTimer.setInterval(600);
    connect(&m_probeTimer, &QTimer::timeout, this, [this] {
        if (!m_submitting) // Submit looks up the checks itself
            probeCluster();
    });
    // The cluster changes behind the editor's back (kubectl create namespace / serviceaccount):
    // while it is shown, look again now and then.
    m_recheckTimer.setInterval(15'000);
    connect(&m_recheckTimer, &QTimer::timeout, this, [this] {
        if (isVisible() && !m_submitting)
            probeCluster();
    });
    connect(m_yaml, &QPlainTextEdit::textChanged, this, &JobEditor::onYamlEdited);

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
            scheduleProbe();
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
    m_client = client;
    m_submitting = false; // a submit in flight on the old client will not answer
    ++m_probeSerial;      // nor will its lookups
    m_facts.reset();
    m_probedFor.clear();
    refreshProblems();
    scheduleProbe();
    if (client)
        m_recheckTimer.start();
    else
        m_recheckTimer.stop();
}

void JobEditor::probeCluster(std::function<void()> then)
{
    if (!m_client)
        return;
    m_probeTimer.stop();
    const QString ns = targetNamespace();
    const QString sa = m_doc.text(model::appFieldPath(QStringLiteral("spec.driver.serviceAccount"), m_scheduled));
    const QString key = ns + QLatin1Char('/') + sa;
    const int serial = ++m_probeSerial;
    kube::probeOperator(m_client, ns, sa, this, [this, key, serial, then = std::move(then)](const kube::OperatorFacts& facts) {
        if (serial != m_probeSerial)
            return;
        m_facts = facts;
        m_probedFor = key;
        refreshProblems();
        if (then)
            then();
    });
}

void JobEditor::setDefaultNamespace(const QString& ns)
{
    m_defaultNamespace = ns.isEmpty() ? QStringLiteral("default") : ns;
    if (auto* line = qobject_cast<QLineEdit*>(fieldWidget(QStringLiteral("metadata.namespace"))))
        line->setPlaceholderText(m_defaultNamespace);
    scheduleProbe();
}

QString JobEditor::targetNamespace() const
{
    const QString ns = m_doc.text(QStringLiteral("metadata.namespace"));
    return ns.isEmpty() ? m_defaultNamespace : ns;
}

bool JobEditor::loadPreset(const QString& id)
{
    for (const model::Preset& p : model::presets()) {
        if (p.id == id) {
            setYaml(p.yaml);
            m_templateId = id;
            m_presets->setCurrentIndex(m_presets->findData(id));
            m_filePath.clear();
            m_fileDocuments.clear();
            m_fileIndex = -1;
            emit fileChanged(m_filePath);
            return true;
        }
    }
    return false;
}

void JobEditor::setYaml(const QString& yaml)
{
    m_syncing = true;
    m_yaml->setPlainText(yaml);
    m_syncing = false;
    setDirty(false);
    m_serverProblems.clear();
    m_messagePanel->hide(); // it was about the document this one replaces
    m_templateId.clear();
    m_presets->setCurrentIndex(-1);
    parseYamlNow();
}

bool JobEditor::confirmReplace(const QString& what)
{
    return !m_dirty || askToSave(tr("Save them before the editor shows %1? Discard loses them.").arg(what));
}

bool JobEditor::confirmClose()
{
    if (!m_dirty)
        return true;
    if (!askToSave(tr("Save them before SparkDeck quits? Discard loses them.")))
        return false;
    // Saved, or discarded on purpose: nothing to offer back next time.
    m_draftTimer.stop();
    if (!m_draftPath.isEmpty())
        QFile::remove(m_draftPath);
    return true;
}

bool JobEditor::askToSave(const QString& question)
{
    QMessageBox box(QMessageBox::Question, tr("Unsaved changes"),
                    tr("The job editor has unsaved changes%1.")
                        .arg(m_filePath.isEmpty() ? QString() : tr(" to %1").arg(QFileInfo(m_filePath).fileName())),
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
        return m_saveHandler() && !m_dirty;
    QString path = m_filePath;
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(this, tr("Save SparkApplication"),
                                            QDir::homePath() + QLatin1Char('/') + m_doc.text(QStringLiteral("metadata.name"))
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

void JobEditor::markDirty()
{
    setDirty(true);
    if (!m_draftPath.isEmpty())
        m_draftTimer.start();
}

void JobEditor::setDirty(bool dirty)
{
    if (dirty == m_dirty)
        return;
    m_dirty = dirty;
    emit modificationChanged(dirty);
}

bool JobEditor::takePendingYaml()
{
    if (!m_parseTimer.isActive())
        return true;
    parseYamlNow();
    return m_yaml->errorLine() <= 0;
}

void JobEditor::showYaml()
{
    m_syncing = true;
    m_yaml->setTextKeepingView(m_doc.toYaml());
    m_syncing = false;
    m_parseTimer.stop(); // the editor now shows exactly m_doc
}

void JobEditor::onFieldEdited(const FieldSpec& field)
{
    if (m_syncing)
        return;
    FieldEditor* editor = m_fields.value(field.path);
    if (m_parseTimer.isActive()) {
        // YAML typed just before: take it in first (it refreshes the form), then this field again.
        const QVariant typed = editor->value();
        if (!takePendingYaml())
            return; // the form is read-only until the YAML is fixed; the YAML keeps what was typed
        m_syncing = true;
        editor->setValue(typed);
        m_syncing = false;
    }
    const QString path = model::documentPath(field, m_scheduled);
    if (field.type == ValueType::Yaml) {
        model::YamlError error;
        if (!m_doc.setYaml(path, editor->value().toString(), &error)) {
            // Keep the block's text as typed; the document keeps its last valid value.
            m_blockErrors.insert(field.path, tr("YAML error at line %1, column %2: %3").arg(error.line).arg(error.column).arg(error.message));
            static_cast<YamlBlockEditor*>(editor)->editor()->setError(error.line, error.column, error.message);
            refreshProblems();
            markDirty();
            return;
        }
        m_blockErrors.remove(field.path);
        static_cast<YamlBlockEditor*>(editor)->editor()->clearError();
    } else {
        m_doc.setValue(path, field.type, editor->value());
    }
    m_serverProblems.remove(field.path);
    showYaml();
    if (field.path == QLatin1String("schedule.schedule") || field.path == QLatin1String("schedule.timeZone"))
        refreshKind();
    refreshProblems();
    markDirty();
    if (field.path == QLatin1String("metadata.namespace") || field.path == QLatin1String("spec.driver.serviceAccount"))
        scheduleProbe();
}

void JobEditor::onYamlEdited()
{
    if (m_syncing)
        return;
    markDirty();
    m_parseTimer.start();
}

void JobEditor::parseYamlNow()
{
    m_parseTimer.stop();
    model::YamlError error;
    auto doc = model::YamlDocument::parse(m_yaml->toPlainText(), &error);
    auto* text = m_formBanner->findChild<QLabel*>();
    if (!doc) {
        m_yaml->setError(error.line, error.column, error.message);
        text->setText(tr("The YAML has an error at line %1, column %2: %3.\nThe form shows the last valid version and is "
                         "read-only until the YAML is fixed; your text is kept as typed.")
                          .arg(error.line)
                          .arg(error.column)
                          .arg(error.message));
        m_formBanner->show();
        m_form->setEnabled(false);
        m_kindBox->setEnabled(false);
        m_submit->setEnabled(false);
        m_status->setText(tr("YAML error at %1:%2").arg(error.line).arg(error.column));
        return;
    }
    m_yaml->clearError();
    m_formBanner->hide();
    m_form->setEnabled(true);
    m_kindBox->setEnabled(true);
    m_doc = std::move(*doc);
    documentReplaced();
}

void JobEditor::documentReplaced()
{
    m_blockErrors.clear();
    refreshKind();
    refreshForm();
    refreshProblems();
    scheduleProbe();
}

void JobEditor::refreshKind()
{
    m_scheduled = model::isScheduled(m_doc);
    m_kindBox->setCurrentIndex(m_scheduled ? 1 : 0);
    const bool visible = m_scheduled;
    for (const FieldSpec& f : model::sparkApplicationFields()) {
        if (f.scope != FieldScope::Schedule)
            continue;
        m_fields.value(f.path)->parentWidget()->setVisible(visible);
        m_labels.value(f.path)->setVisible(visible);
    }
    m_sectionBoxes.value(QStringLiteral("Schedule"))->setVisible(visible);
    for (int i = 0; i < m_nav->count(); ++i)
        if (m_nav->item(i)->data(Qt::UserRole).toString() == QLatin1String("Schedule"))
            m_nav->item(i)->setHidden(!visible);
    if (!m_scheduled || !m_cronPreview)
        return;
    const QString expression = m_doc.text(QStringLiteral("spec.schedule"));
    QString why;
    const auto schedule = model::parseCron(expression, &why);
    if (!schedule) {
        m_cronPreview->setText(expression.isEmpty() ? tr("Five cron fields, e.g. 0 2 * * * for 02:00 every day.") : QString());
        return;
    }
    const QString zoneName = m_doc.text(QStringLiteral("spec.timeZone"));
    const QTimeZone zone = zoneName.isEmpty() ? QTimeZone::systemTimeZone() : QTimeZone(zoneName.toUtf8());
    QStringList runs;
    for (const QDateTime& t : model::nextRuns(*schedule, QDateTime::currentDateTimeUtc(), zone.isValid() ? zone : QTimeZone::utc(), 5))
        runs << t.toString(QStringLiteral("ddd d MMM yyyy HH:mm t"));
    m_cronPreview->setText(tr("%1. Next runs: %2").arg(model::describeCron(*schedule), runs.join(QStringLiteral(" · "))));
}

void JobEditor::refreshForm()
{
    m_syncing = true;
    for (const FieldSpec& field : model::sparkApplicationFields()) {
        if (field.scope == FieldScope::Schedule && !m_scheduled)
            continue;
        FieldEditor* editor = m_fields.value(field.path);
        const QString path = model::documentPath(field, m_scheduled);
        QVariant v = m_doc.value(path, field.type);
        if (!v.isValid() && field.type == ValueType::Integer)
            v = m_doc.text(path); // show what is there even when it is not a number
        if (field.type == ValueType::Boolean && !v.isValid() && m_doc.contains(path))
            v = m_doc.text(path);
        editor->setValue(v);
    }
    m_syncing = false;
    m_otherPaths = m_doc.uncoveredPaths(model::formPaths(m_scheduled));
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
    QHash<QString, QStringList> errors;
    QHash<QString, QStringList> warnings;
    for (const model::FieldProblem& p : model::validate(m_doc))
        (p.warning ? warnings : errors)[p.path] << p.message;
    for (auto it = m_blockErrors.cbegin(); it != m_blockErrors.cend(); ++it)
        errors[it.key()] << it.value();
    for (auto it = m_serverProblems.cbegin(); it != m_serverProblems.cend(); ++it)
        errors[it.key()] << tr("API server: %1").arg(it.value());

    // Cluster checks (known only when connected and the probe has answered for this target). A
    // missing namespace or service account or an ignored namespace means the job will not run: the
    // header says so and Submit asks first.
    m_fatal.clear();
    m_missingNamespace.clear();
    QString fatalSummary;
    const QString sa = m_doc.text(model::appFieldPath(QStringLiteral("spec.driver.serviceAccount"), m_scheduled));
    if (m_facts && m_probedFor == targetNamespace() + QLatin1Char('/') + sa) {
        const QString ns = targetNamespace();
        const bool namespaceMissing = m_facts->namespaceChecked && !m_facts->namespaceExists;
        if (namespaceMissing) {
            const QString message = tr("Namespace %1 does not exist: the application cannot be created there. Create it "
                                       "(kubectl create namespace %1; Submit offers to do it) or pick another namespace.")
                                        .arg(ns);
            warnings[QStringLiteral("metadata.namespace")] << message;
            m_fatal << message;
            m_missingNamespace = ns;
            fatalSummary = tr("Namespace %1 does not exist").arg(ns);
        }
        // In a missing namespace the service account is missing too; the namespace is the cause.
        if (!namespaceMissing && !sa.isEmpty() && m_facts->serviceAccountChecked && !m_facts->serviceAccountExists) {
            const QString message =
                tr("Service account \"%1\" does not exist in namespace %2: the driver pod cannot be created and the "
                   "application ends SUBMISSION_FAILED. Create it, or use the one the Helm chart creates in each job "
                   "namespace (spark-operator-spark).")
                    .arg(sa, ns);
            warnings[QStringLiteral("spec.driver.serviceAccount")] << message;
            m_fatal << message;
            fatalSummary = tr("Will fail: service account %1 is missing").arg(sa);
        }
        if (m_facts->ignoresNamespace(ns)) {
            const QString message =
                tr("The Spark Operator (%1) watches only %2: an application in %3 is silently ignored. Add %3 to the "
                   "chart's spark.jobNamespaces (helm upgrade … --reuse-values --set 'spark.jobNamespaces={%4}').")
                    .arg(m_facts->operatorDeployment, m_facts->watchedNamespaces.join(QStringLiteral(", ")), ns,
                         (m_facts->watchedNamespaces + QStringList{ns}).join(QLatin1Char(',')));
            warnings[QStringLiteral("metadata.namespace")] << message;
            m_fatal << message;
            fatalSummary = tr("Will not run: the operator does not watch %1").arg(ns);
        }
        if (m_facts->operatorFound && !m_facts->webhookFound) {
            for (const FieldSpec& f : model::sparkApplicationFields())
                if (needsWebhook(f.path) && m_doc.contains(model::documentPath(f, m_scheduled)))
                    warnings[f.path] << tr("The operator's webhook is off, so this is not applied to the pods. Enable it "
                                           "(Helm value webhook.enable=true) or use a pod template.");
        }
    }

    for (auto it = m_problems.cbegin(); it != m_problems.cend(); ++it) {
        const QStringList e = errors.value(it.key());
        const QStringList w = warnings.value(it.key());
        QLabel* label = it.value();
        if (e.isEmpty() && w.isEmpty()) {
            label->hide();
            continue;
        }
        const QString text = (e + w).join(QLatin1Char('\n'));
        const QString style = e.isEmpty() ? QStringLiteral("QLabel { color: #b26a00; }") : QStringLiteral("QLabel { color: #d93b3b; }");
        if (label->text() == text && label->styleSheet() == style && !label->isHidden())
            continue;
        label->setText(text);
        label->setStyleSheet(style);
        label->show();
    }

    const QList<model::InlineSecret> secrets = model::findInlineSecrets(m_doc);
    if (secrets.isEmpty()) {
        m_secretsBanner->hide();
    } else {
        const QStringList keys = secretKeys(secrets);
        m_secretsBanner->findChild<QLabel*>()->setText(
            tr("%n credential(s) typed inline (%1): anyone who can read the application can read them.", nullptr, int(secrets.size()))
                .arg(keys.join(QStringLiteral(", "))));
        m_moveSecrets->setEnabled(m_client != nullptr);
        m_moveSecrets->setToolTip(m_client ? tr("Create or update the Secret %1-credentials in %2 and reference it from the spec")
                                                 .arg(m_doc.text(QStringLiteral("metadata.name")), targetNamespace())
                                           : tr("Connect to a cluster to create the Secret"));
        m_secretsBanner->show();
    }

    QStringList allErrors;
    for (const QStringList& e : std::as_const(errors))
        allErrors << e;
    const int errorCount = int(allErrors.size());
    if (errorCount == 0) {
        m_submit->setEnabled(m_client && !m_submitting);
        m_submit->setToolTip(m_client ? tr("Validate with the API server (dry run), then create it") : tr("Connect to a cluster to submit"));
    } else {
        m_submit->setEnabled(false);
        m_submit->setToolTip(allErrors.join(QLatin1Char('\n')));
    }
    if (errorCount > 0)
        setStatus(errorCount == 1 ? tr("1 problem to fix before submitting")
                                  : tr("%1 problems to fix before submitting").arg(errorCount),
                  (allErrors + m_fatal).join(QLatin1Char('\n')), StatusLevel::Error);
    else if (m_fatal.size() == 1)
        setStatus(fatalSummary, m_fatal.first(), StatusLevel::Error);
    else if (!m_fatal.isEmpty())
        setStatus(tr("%1 problems will stop the job from running").arg(m_fatal.size()), m_fatal.join(QLatin1Char('\n')),
                  StatusLevel::Error);
    else
        setStatus(m_client ? tr("Ready to submit") : tr("Offline: connect to a cluster to submit"));

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
    // Spark's defaults when a value is not set: 1 core, 1g.
    auto cores = [this](const QString& path) {
        const QVariant v = m_doc.value(model::appFieldPath(path, m_scheduled), ValueType::Integer);
        return v.isValid() ? v.toLongLong() : 1;
    };
    auto memory = [this](const QString& path) {
        const QString text = m_doc.text(model::appFieldPath(path, m_scheduled));
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
    const QString type = m_doc.text(model::appFieldPath(QStringLiteral("spec.type"), m_scheduled));
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

void JobEditor::scheduleProbe()
{
    if (m_client)
        m_probeTimer.start();
}

void JobEditor::setKind(bool scheduled)
{
    if (!takePendingYaml() || scheduled == m_scheduled)
        return;
    model::YamlDocument doc = m_doc;
    if (scheduled) {
        const QString spec = doc.yaml(QStringLiteral("spec"));
        doc.remove(QStringLiteral("spec"));
        doc.setValue(QStringLiteral("spec.schedule"), ValueType::String, QStringLiteral("@daily"));
        doc.setYaml(QStringLiteral("spec.template"), spec, nullptr);
        doc.setValue(QStringLiteral("kind"), ValueType::String, QStringLiteral("ScheduledSparkApplication"));
    } else {
        const QString spec = doc.yaml(QStringLiteral("spec.template"));
        doc.remove(QStringLiteral("spec"));
        doc.setYaml(QStringLiteral("spec"), spec, nullptr);
        doc.setValue(QStringLiteral("kind"), ValueType::String, QStringLiteral("SparkApplication"));
    }
    m_doc = doc;
    showYaml();
    documentReplaced();
    markDirty();
}

void JobEditor::applySizing(const QString& id)
{
    if (!takePendingYaml())
        return;
    for (const model::SizingPreset& p : model::sizingPresets()) {
        if (p.id != id)
            continue;
        model::applySizing(m_doc, p);
        showYaml();
        refreshForm();
        refreshProblems();
        markDirty();
        return;
    }
}

bool JobEditor::openFile(const QString& path, QString* error, const std::function<int(const QStringList&)>& choose)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot open %1: %2").arg(path, f.errorString());
        return false;
    }
    const QString text = QString::fromUtf8(f.readAll());
    const QList<model::YamlChunk> chunks = model::splitYamlDocuments(text);
    QStringList documents;
    QStringList labels;
    for (const model::YamlChunk& c : chunks) {
        documents << c.text;
        model::YamlError e;
        const auto doc = model::YamlDocument::parse(c.text, &e);
        labels << (doc ? QStringLiteral("%1 %2").arg(doc->text(QStringLiteral("kind")), doc->text(QStringLiteral("metadata.name")))
                       : tr("document at line %1 (YAML error at %2:%3)").arg(c.firstLine).arg(c.firstLine + e.line - 1).arg(e.column));
    }
    int index = 0;
    if (documents.isEmpty()) {
        documents << text;
    } else if (documents.size() > 1) {
        index = choose ? choose(labels) : 0;
        if (index < 0 || index >= documents.size()) {
            *error = tr("No document picked from %1").arg(path);
            return false;
        }
    }
    setYaml(documents.at(index));
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_fileDocuments = documents;
    m_fileIndex = index;
    emit fileChanged(m_filePath);
    return true;
}

bool JobEditor::saveFile(const QString& path, QString* error)
{
    if (m_parseTimer.isActive())
        parseYamlNow(); // text typed in the last 250 ms
    QStringList documents = m_fileDocuments;
    const bool sameFile = QFileInfo(path).absoluteFilePath() == m_filePath;
    QString text = m_yaml->errorLine() > 0 ? m_yaml->toPlainText() : m_doc.toYaml();
    if (sameFile && m_fileIndex >= 0 && m_fileIndex < documents.size())
        documents[m_fileIndex] = text;
    else
        documents = {text};
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.write((documents.size() == 1 ? documents.first() : model::joinYamlDocuments(documents)).toUtf8());
    if (!f.commit()) {
        *error = tr("Cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_fileDocuments = documents;
    m_fileIndex = sameFile ? m_fileIndex : 0;
    if (m_fileIndex < 0)
        m_fileIndex = 0;
    // The file has the work now; the autosaved draft is no longer needed.
    setDirty(false);
    if (!m_draftPath.isEmpty())
        QFile::remove(m_draftPath);
    emit fileChanged(m_filePath);
    return true;
}

void JobEditor::setDraftFile(const QString& path)
{
    m_draftPath = path;
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly)) {
        m_draftBanner->hide();
        return;
    }
    const QString draft = QString::fromUtf8(f.readAll());
    if (draft.trimmed().isEmpty() || draft == m_yaml->toPlainText()) {
        m_draftBanner->hide();
        return;
    }
    const QDateTime when = QFileInfo(path).lastModified();
    m_draftBanner->findChild<QLabel*>()->setText(
        tr("You have unsaved work from your last session (autosaved %1). Restore it into the editor?")
            .arg(QLocale().toString(when, QLocale::ShortFormat)));
    m_draftBanner->show();
}

bool JobEditor::draftOffered() const
{
    return !m_draftBanner->isHidden();
}

void JobEditor::restoreDraft()
{
    QFile f(m_draftPath);
    if (f.open(QIODevice::ReadOnly))
        setYaml(QString::fromUtf8(f.readAll()));
    setDirty(true);
    m_draftBanner->hide();
}

void JobEditor::discardDraft()
{
    QFile::remove(m_draftPath);
    m_draftBanner->hide();
}

void JobEditor::writeDraft()
{
    if (m_draftPath.isEmpty() || !m_dirty)
        return;
    QDir().mkpath(QFileInfo(m_draftPath).absolutePath());
    QSaveFile f(m_draftPath);
    if (f.open(QIODevice::WriteOnly)) {
        f.write(m_yaml->toPlainText().toUtf8());
        f.commit();
    }
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

QJsonObject JobEditor::objectForSubmit() const
{
    model::YamlDocument doc = m_doc;
    if (doc.text(QStringLiteral("metadata.namespace")).isEmpty())
        doc.setValue(QStringLiteral("metadata.namespace"), ValueType::String, m_defaultNamespace);
    return doc.toJson();
}

void JobEditor::submit()
{
    if (!m_client || m_submitting)
        return;
    parseYamlNow();
    if (m_yaml->errorLine() > 0 || !m_blockErrors.isEmpty())
        return;
    for (const model::FieldProblem& p : model::validate(m_doc))
        if (!p.warning)
            return;
    // The cluster may have changed since the last look (a namespace or service account created or
    // deleted meanwhile): look again, so that the question below and the header say the same.
    m_submitting = true;
    m_submit->setEnabled(false);
    setStatus(tr("Checking %1 in the cluster…").arg(targetNamespace()));
    probeCluster([this] {
        m_submitting = false;
        refreshProblems();
        confirmAndSend();
    });
}

void JobEditor::confirmAndSend()
{
    if (!m_client || m_submitting)
        return;
    if (!m_fatal.isEmpty()) {
        QMessageBox box(QMessageBox::Warning, tr("Submit"), tr("This application will not run as it is:"), QMessageBox::Cancel, this);
        box.setInformativeText(m_fatal.join(QStringLiteral("\n\n")));
        QPushButton* create = nullptr;
        if (!m_missingNamespace.isEmpty())
            create = box.addButton(tr("Create namespace %1").arg(m_missingNamespace), QMessageBox::ActionRole);
        QPushButton* anyway = box.addButton(tr("Submit anyway"), QMessageBox::AcceptRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (create && box.clickedButton() == create) {
            // Create it, then submit again (which looks at the cluster again and asks about what is left).
            const QString ns = m_missingNamespace;
            m_submitting = true;
            m_submit->setEnabled(false);
            setStatus(tr("Creating namespace %1…").arg(ns));
            kube::createNamespace(m_client, ns, this, [this, ns](const kube::KubeError& error) {
                m_submitting = false;
                if (error.isError() && error.reason != QLatin1String("AlreadyExists")) {
                    showMessage(tr("<b>Could not create namespace %1.</b> Nothing was submitted.<br>%2")
                                    .arg(escaped(ns), escaped(error.summary())),
                                true);
                    refreshProblems();
                    return;
                }
                submit();
            });
            return;
        }
        if (box.clickedButton() != anyway)
            return;
    }
    send();
}

void JobEditor::send()
{
    const QJsonObject object = objectForSubmit();
    const QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    const QString ns = meta.value(QLatin1String("namespace")).toString();
    const QString name = meta.value(QLatin1String("name")).toString();
    const QString kind = object.value(QLatin1String("kind")).toString();
    m_submitting = true;
    m_serverProblems.clear();
    m_submit->setEnabled(false);
    setStatus(tr("Checking %1/%2 with the API server (dry run)…").arg(ns, name));
    kube::submitSparkApplication(m_client, object, false, this, [this, ns, name, kind](const kube::SubmitResult& r) {
        m_submitting = false;
        QString warnings;
        for (const QString& w : r.warnings)
            warnings += QStringLiteral("<br>⚠ %1").arg(escaped(w));
        const QString missing = kube::missingNamespace(r.error);
        if (!missing.isEmpty()) {
            // The same verdict as the cluster check would give, in the header and under the field.
            const QString sa = m_doc.text(model::appFieldPath(QStringLiteral("spec.driver.serviceAccount"), m_scheduled));
            if (missing == targetNamespace()) {
                if (!m_facts)
                    m_facts = kube::OperatorFacts{};
                m_facts->namespaceChecked = true;
                m_facts->namespaceExists = false;
                m_probedFor = missing + QLatin1Char('/') + sa;
            }
            showMessage(tr("<b>Namespace %1 does not exist; nothing was created.</b><br>Create it (<code>kubectl create "
                           "namespace %1</code>, or Submit again and choose Create namespace %1), or pick another namespace.")
                                .arg(escaped(missing))
                            + warnings,
                        true);
            refreshProblems();
            setDirty(true);
            writeDraft();
            return;
        }
        if (r.error.isError()) {
            QString html = QStringLiteral("<b>%1</b><br>%2")
                               .arg(r.stage == kube::SubmitResult::Stage::DryRun
                                        ? tr("The API server rejected %1/%2 (dry run); nothing was created.").arg(ns, name)
                                        : tr("Creating %1/%2 failed.").arg(ns, name),
                                    escaped(r.error.summary()));
            if (!r.error.causes.isEmpty()) {
                html += QStringLiteral("<ul style='margin-top:2px'>");
                for (const kube::StatusCause& c : r.error.causes) {
                    html += QStringLiteral("<li><code>%1</code>: %2</li>").arg(escaped(c.field), escaped(c.message));
                    if (const FieldSpec* f = model::fieldForApiPath(c.field, m_scheduled)) {
                        QString& text = m_serverProblems[f->path];
                        text += (text.isEmpty() ? QString() : QStringLiteral("; ")) + c.message;
                    }
                }
                html += QStringLiteral("</ul>");
            }
            if (r.error.reason == QLatin1String("AlreadyExists"))
                html += tr("<br>Change the name, or delete the existing %1 first.").arg(kind);
            showMessage(html + warnings, true);
            refreshProblems();
            setStatus(tr("Not submitted"), tr("The API server rejected it; see the message below the editor."), StatusLevel::Error);
            // A failed submit keeps the draft, so the work survives a crash or a restart.
            setDirty(true);
            writeDraft();
            if (!m_serverProblems.isEmpty()) {
                const FieldSpec* first = model::fieldForApiPath(r.error.causes.first().field, m_scheduled);
                if (first)
                    m_scroll->ensureWidgetVisible(m_fields.value(first->path));
            }
            return;
        }
        refreshProblems();
        const QString where = kind == QLatin1String("ScheduledSparkApplication")
            ? tr("It is selected in the Scheduled tab, with its next runs; each run appears under Applications when it starts.")
            : tr("Its state appears in the Applications table.");
        showMessage(tr("<b>Created %1 %2/%3.</b> %4").arg(escaped(kind), escaped(ns), escaped(name), escaped(where)) + warnings, false);
        setStatus(tr("Submitted %1/%2").arg(ns, name));
        setDirty(false);
        if (!m_draftPath.isEmpty())
            QFile::remove(m_draftPath);
        emit submitted(ns, name, kind);
    });
}

void JobEditor::moveSecrets()
{
    if (!m_client)
        return;
    const QList<model::InlineSecret> secrets = model::findInlineSecrets(m_doc);
    if (secrets.isEmpty())
        return;
    const QString ns = targetNamespace();
    QString appName = m_doc.text(QStringLiteral("metadata.name"));
    if (appName.isEmpty())
        appName = QStringLiteral("spark-app");
    const QString secretName = appName + QStringLiteral("-credentials");
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
    model::YamlDocument rewritten = m_doc;
    QMap<QString, QString> data;
    model::moveSecretsToSecret(rewritten, secrets, secretName, &data);
    m_moveSecrets->setEnabled(false);
    kube::applySecret(m_client, ns, secretName, data, this, [this, rewritten, ns, secretName, count = secrets.size()](const kube::KubeError& error) {
        if (error.isError()) {
            showMessage(tr("<b>Could not create the Secret %1/%2.</b> The spec is unchanged.<br>%3")
                            .arg(escaped(ns), escaped(secretName), escaped(error.summary())),
                        true);
            refreshProblems();
            return;
        }
        m_doc = rewritten;
        showYaml();
        documentReplaced();
        markDirty();
        showMessage(tr("<b>Moved %n credential(s) into the Secret %1/%2.</b> The spec now reads them from it "
                       "(env valueFrom.secretKeyRef).", nullptr, int(count))
                        .arg(escaped(ns), escaped(secretName)),
                    false);
    });
}

} // namespace ui
