#include "jobeditor.h"

#include "kubeclient.h"
#include "sparkapi.h"
#include "yamleditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ui {

using model::FieldSpec;
using model::ValueType;

namespace {

QString escaped(const QString& s)
{
    return s.toHtmlEscaped();
}

// A list editor: one entry per line.
class ListEdit : public QPlainTextEdit {
public:
    explicit ListEdit(QWidget* parent = nullptr)
        : QPlainTextEdit(parent)
    {
        setTabChangesFocus(true);
        setLineWrapMode(QPlainTextEdit::NoWrap);
        const int lines = 3;
        setFixedHeight(fontMetrics().lineSpacing() * lines + 2 * frameWidth() + 8);
    }
    QStringList values() const
    {
        QStringList list = toPlainText().split(QLatin1Char('\n'));
        while (!list.isEmpty() && list.last().isEmpty())
            list.removeLast();
        return list;
    }
};

} // namespace

JobEditor::JobEditor(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);

    // Top bar: presets, status, submit.
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Start from:"), this));
    m_presets = new QComboBox(this);
    for (const model::Preset& p : model::presets())
        m_presets->addItem(p.title, p.id);
    m_presets->setToolTip(tr("Replace the editor's content with a preset"));
    bar->addWidget(m_presets);
    auto* load = new QPushButton(tr("Load preset"), this);
    connect(load, &QPushButton::clicked, this, [this] { loadPreset(m_presets->currentData().toString()); });
    bar->addWidget(load);
    bar->addSpacing(16);
    m_status = new QLabel(this);
    m_status->setTextFormat(Qt::PlainText);
    bar->addWidget(m_status, 1);
    m_submit = new QPushButton(tr("Submit"), this);
    m_submit->setObjectName(QStringLiteral("submitButton"));
    m_submit->setDefault(true);
    m_submit->setToolTip(tr("Validate with the API server (dry run), then create the SparkApplication"));
    connect(m_submit, &QPushButton::clicked, this, &JobEditor::submit);
    bar->addWidget(m_submit);
    layout->addLayout(bar);

    // Form | YAML.
    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* formSide = new QWidget(split);
    auto* formLayout = new QVBoxLayout(formSide);
    formLayout->setContentsMargins(0, 0, 0, 0);
    m_formBanner = new QLabel(formSide);
    m_formBanner->setWordWrap(true);
    m_formBanner->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #8a1f11; border: 1px solid #f5c2bd;"
                                               " border-radius: 4px; padding: 6px; }"));
    m_formBanner->hide();
    formLayout->addWidget(m_formBanner);
    auto* scroll = new QScrollArea(formSide);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_form = new QWidget(scroll);
    buildForm(m_form);
    scroll->setWidget(m_form);
    formLayout->addWidget(scroll);

    auto* yamlSide = new QWidget(split);
    auto* yamlLayout = new QVBoxLayout(yamlSide);
    yamlLayout->setContentsMargins(0, 0, 0, 0);
    m_yaml = new YamlEditor(yamlSide);
    m_yaml->setObjectName(QStringLiteral("yamlEditor"));
    yamlLayout->addWidget(m_yaml);
    split->addWidget(formSide);
    split->addWidget(yamlSide);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    m_message = new QTextBrowser(this);
    m_message->setObjectName(QStringLiteral("submitMessage"));
    m_message->setOpenLinks(false);
    m_message->setMaximumHeight(110);
    m_message->hide();

    layout->addWidget(split, 1);
    layout->addWidget(m_message);

    m_parseTimer.setSingleShot(true);
    m_parseTimer.setInterval(250);
    connect(&m_parseTimer, &QTimer::timeout, this, &JobEditor::parseYamlNow);
    connect(m_yaml, &QPlainTextEdit::textChanged, this, &JobEditor::onYamlEdited);

    if (m_presets->count() > 0)
        loadPreset(m_presets->itemData(0).toString());
    setClient(nullptr);
}

void JobEditor::buildForm(QWidget* container)
{
    auto* outer = new QVBoxLayout(container);
    outer->setContentsMargins(0, 0, 8, 0);
    QString currentSection;
    QFormLayout* form = nullptr;
    QList<QLabel*> labels;
    for (const FieldSpec& field : model::sparkApplicationFields()) {
        if (field.section != currentSection) {
            currentSection = field.section;
            auto* box = new QGroupBox(field.section, container);
            form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            outer->addWidget(box);
        }
        QWidget* editor = nullptr;
        if (!field.choices.isEmpty()) {
            auto* combo = new QComboBox(container);
            for (const QString& choice : field.choices)
                combo->addItem(choice.isEmpty() ? tr("(default: %1)").arg(field.placeholder) : choice, choice);
            connect(combo, &QComboBox::activated, this, [this, field] { onFieldEdited(field); });
            editor = combo;
        } else if (field.type == ValueType::StringList) {
            auto* list = new ListEdit(container);
            list->setPlaceholderText(field.placeholder);
            connect(list, &QPlainTextEdit::textChanged, this, [this, field] { onFieldEdited(field); });
            editor = list;
        } else {
            auto* line = new QLineEdit(container);
            line->setPlaceholderText(field.placeholder);
            line->setClearButtonEnabled(true);
            if (field.type == ValueType::Integer)
                line->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,6}")), line));
            connect(line, &QLineEdit::textEdited, this, [this, field] { onFieldEdited(field); });
            editor = line;
        }
        editor->setObjectName(field.path);
        editor->setToolTip(field.help);
        m_fields.insert(field.path, editor);

        auto* cell = new QWidget(container);
        auto* cellLayout = new QVBoxLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        cellLayout->addWidget(editor);
        auto* problem = new QLabel(cell);
        problem->setWordWrap(true);
        problem->setStyleSheet(QStringLiteral("QLabel { color: #d93b3b; }"));
        problem->hide();
        cellLayout->addWidget(problem);
        m_problems.insert(field.path, problem);
        auto* label = new QLabel(field.required ? field.label + QStringLiteral(" *") : field.label, container);
        label->setToolTip(field.help);
        labels << label;
        form->addRow(label, cell);
    }
    // One label column across all sections, so the fields line up.
    int labelWidth = 0;
    for (QLabel* label : std::as_const(labels))
        labelWidth = qMax(labelWidth, label->sizeHint().width());
    for (QLabel* label : std::as_const(labels))
        label->setMinimumWidth(labelWidth);
    auto* note = new QLabel(tr("Fields marked * are required. Everything else in the YAML, including fields "
                               "this form has no editor for, is kept as written."),
                            container);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    outer->addWidget(note);
    outer->addStretch(1);
}

void JobEditor::setClient(kube::KubeClient* client)
{
    m_client = client;
    m_submitting = false; // a submit in flight on the old client will not answer
    m_submit->setEnabled(client && !m_submitting);
    if (!client)
        m_submit->setToolTip(tr("Connect to a cluster to submit"));
}

void JobEditor::setDefaultNamespace(const QString& ns)
{
    m_defaultNamespace = ns.isEmpty() ? QStringLiteral("default") : ns;
    if (auto* line = qobject_cast<QLineEdit*>(m_fields.value(QStringLiteral("metadata.namespace"))))
        line->setPlaceholderText(m_defaultNamespace);
}

bool JobEditor::loadPreset(const QString& id)
{
    for (const model::Preset& p : model::presets()) {
        if (p.id == id) {
            setYaml(p.yaml);
            const int index = m_presets->findData(id);
            if (index >= 0)
                m_presets->setCurrentIndex(index);
            return true;
        }
    }
    return false;
}

void JobEditor::setYaml(const QString& yaml)
{
    m_yaml->setPlainText(yaml);
    parseYamlNow();
}

QString JobEditor::yamlText() const
{
    return m_yaml->toPlainText();
}

QWidget* JobEditor::fieldWidget(const QString& path) const
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
    return m_message->isHidden() ? QString() : m_message->toPlainText();
}

void JobEditor::onFieldEdited(const FieldSpec& field)
{
    if (m_syncing)
        return;
    QWidget* w = m_fields.value(field.path);
    QVariant value;
    if (auto* combo = qobject_cast<QComboBox*>(w))
        value = combo->currentData().toString();
    else if (auto* list = dynamic_cast<ListEdit*>(w))
        value = list->values();
    else if (auto* line = qobject_cast<QLineEdit*>(w)) {
        const QString text = line->text().trimmed();
        if (field.type == ValueType::Integer)
            value = text.isEmpty() ? QVariant() : QVariant(text.toLongLong());
        else
            value = line->text();
    }
    m_doc.setValue(field.path, field.type, value);
    m_syncing = true;
    m_yaml->setTextKeepingView(m_doc.toYaml());
    m_syncing = false;
    m_parseTimer.stop(); // the editor now shows exactly m_doc
    refreshProblems();
}

void JobEditor::onYamlEdited()
{
    if (m_syncing)
        return;
    m_parseTimer.start();
}

void JobEditor::parseYamlNow()
{
    m_parseTimer.stop();
    model::YamlError error;
    auto doc = model::YamlDocument::parse(m_yaml->toPlainText(), &error);
    if (!doc) {
        m_yaml->setError(error.line, error.column, error.message);
        m_formBanner->setText(tr("The YAML has an error at line %1, column %2: %3.\nThe form shows the last valid "
                                 "version and is read-only until the YAML is fixed; your text is kept as typed.")
                                  .arg(error.line)
                                  .arg(error.column)
                                  .arg(error.message));
        m_formBanner->show();
        m_form->setEnabled(false);
        m_submit->setEnabled(false);
        m_status->setText(tr("YAML error at %1:%2").arg(error.line).arg(error.column));
        return;
    }
    m_yaml->clearError();
    m_formBanner->hide();
    m_form->setEnabled(true);
    m_doc = std::move(*doc);
    refreshForm();
    refreshProblems();
}

void JobEditor::refreshForm()
{
    m_syncing = true;
    for (const FieldSpec& field : model::sparkApplicationFields()) {
        QWidget* w = m_fields.value(field.path);
        const QVariant v = m_doc.value(field.path, field.type);
        if (auto* combo = qobject_cast<QComboBox*>(w)) {
            const QString text = m_doc.text(field.path);
            int index = combo->findData(text);
            if (index < 0) {
                // A value the form does not offer (a typo, or a newer operator): show it, keep it.
                combo->addItem(text, text);
                index = combo->count() - 1;
            }
            combo->setCurrentIndex(index);
        } else if (auto* list = dynamic_cast<ListEdit*>(w)) {
            const QString text = v.toStringList().join(QLatin1Char('\n'));
            if (list->toPlainText() != text)
                list->setPlainText(text);
        } else if (auto* line = qobject_cast<QLineEdit*>(w)) {
            const QString text = field.type == ValueType::Integer && !v.isValid() ? m_doc.text(field.path) : v.toString();
            if (line->text() != text)
                line->setText(text);
        }
    }
    m_syncing = false;
}

void JobEditor::refreshProblems()
{
    const QList<model::FieldProblem> problems = model::validate(m_doc);
    for (QLabel* label : std::as_const(m_problems))
        label->hide();
    QStringList summary;
    for (const model::FieldProblem& p : problems) {
        if (QLabel* label = m_problems.value(p.path)) {
            label->setText(p.message);
            label->show();
        }
        summary << p.message;
    }
    if (problems.isEmpty()) {
        m_status->setText(tr("Ready to submit"));
        m_submit->setEnabled(m_client && !m_submitting);
        m_submit->setToolTip(m_client ? tr("Validate with the API server (dry run), then create the SparkApplication")
                                      : tr("Connect to a cluster to submit"));
    } else {
        m_status->setText(tr("%n problem(s) to fix before submitting", nullptr, int(problems.size())));
        m_submit->setEnabled(false);
        m_submit->setToolTip(summary.join(QLatin1Char('\n')));
    }
}

void JobEditor::showMessage(const QString& html, bool error)
{
    m_message->setHtml(html);
    m_message->setStyleSheet(error ? QStringLiteral("QTextBrowser { border: 1px solid #d93b3b; }")
                                   : QStringLiteral("QTextBrowser { border: 1px solid #2e9e4f; }"));
    m_message->show();
}

QJsonObject JobEditor::applicationForSubmit() const
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
    if (m_yaml->errorLine() > 0 || !model::validate(m_doc).isEmpty())
        return;
    const QJsonObject app = applicationForSubmit();
    const QJsonObject meta = app.value(QLatin1String("metadata")).toObject();
    const QString ns = meta.value(QLatin1String("namespace")).toString();
    const QString name = meta.value(QLatin1String("name")).toString();
    m_submitting = true;
    m_submit->setEnabled(false);
    m_status->setText(tr("Checking %1/%2 with the API server (dry run)…").arg(ns, name));
    kube::submitSparkApplication(m_client, app, false, this, [this, ns, name](const kube::SubmitResult& r) {
        m_submitting = false;
        refreshProblems();
        QString warnings;
        for (const QString& w : r.warnings)
            warnings += QStringLiteral("<br>⚠ %1").arg(escaped(w));
        if (r.error.isError()) {
            QString html = QStringLiteral("<b>%1</b><br>%2")
                               .arg(r.stage == kube::SubmitResult::Stage::DryRun
                                        ? tr("The API server rejected %1/%2 (dry run); nothing was created.").arg(ns, name)
                                        : tr("Creating %1/%2 failed.").arg(ns, name),
                                    escaped(r.error.summary()));
            if (!r.error.causes.isEmpty()) {
                html += QStringLiteral("<ul style='margin-top:2px'>");
                for (const kube::StatusCause& c : r.error.causes)
                    html += QStringLiteral("<li><code>%1</code>: %2</li>").arg(escaped(c.field), escaped(c.message));
                html += QStringLiteral("</ul>");
            }
            if (r.error.reason == QLatin1String("AlreadyExists"))
                html += tr("<br>Change the name, or delete the existing application first.");
            showMessage(html + warnings, true);
            m_status->setText(tr("Not submitted"));
            return;
        }
        showMessage(tr("<b>Created %1/%2.</b> Its state appears in the Applications table.").arg(escaped(ns), escaped(name))
                        + warnings,
                    false);
        m_status->setText(tr("Submitted %1/%2").arg(ns, name));
        emit submitted(ns, name);
    });
}

} // namespace ui
