#include "ui/fieldwidgets.h"

#include "ui/yamleditor.h"

#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpressionValidator>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

using model::FieldSpec;
using model::ValueType;

namespace {

// String and Integer fields.
class LineEditor : public FieldEditor {
public:
    LineEditor(const FieldSpec& field, QWidget* parent)
        : FieldEditor(parent)
        , m_integer(field.type == ValueType::Integer)
        , m_edit(new QLineEdit(this))
    {
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_edit);
        m_edit->setPlaceholderText(field.placeholder);
        m_edit->setClearButtonEnabled(true);
        if (m_integer)
            m_edit->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("-?[0-9]{0,10}")), m_edit));
        connect(m_edit, &QLineEdit::textEdited, this, &FieldEditor::edited);
    }
    QVariant value() const override
    {
        const QString text = m_edit->text().trimmed();
        if (m_integer)
            return text.isEmpty() || text == QLatin1String("-") ? QVariant() : QVariant(text.toLongLong());
        return m_edit->text();
    }
    void setValue(const QVariant& value) override
    {
        const QString text = value.toString();
        if (m_edit->text() != text)
            m_edit->setText(text);
    }
    QWidget* input() const override { return m_edit; }

private:
    bool m_integer;
    QLineEdit* m_edit;
};

// Enumerations and booleans: a combo box whose first entry means "not set".
class ChoiceEditor : public FieldEditor {
public:
    ChoiceEditor(const FieldSpec& field, QWidget* parent)
        : FieldEditor(parent)
        , m_boolean(field.type == ValueType::Boolean)
        , m_combo(new QComboBox(this))
    {
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_combo);
        QStringList choices = field.choices;
        if (m_boolean)
            choices = {QString(), QStringLiteral("true"), QStringLiteral("false")};
        for (const QString& c : choices)
            m_combo->addItem(c.isEmpty() ? (field.placeholder.isEmpty() ? tr("(not set)") : tr("(default: %1)").arg(field.placeholder))
                                         : c,
                             c);
        connect(m_combo, &QComboBox::activated, this, &FieldEditor::edited);
    }
    QVariant value() const override
    {
        const QString v = m_combo->currentData().toString();
        if (m_boolean)
            return v.isEmpty() ? QVariant() : QVariant(v == QLatin1String("true"));
        return v;
    }
    void setValue(const QVariant& value) override
    {
        QString text;
        if (m_boolean)
            text = value.isValid() ? (value.toBool() ? QStringLiteral("true") : QStringLiteral("false")) : QString();
        else
            text = value.toString();
        int index = m_combo->findData(text);
        if (index < 0) {
            // A value the form does not offer (a typo, or a newer operator): show it, keep it.
            m_combo->addItem(text, text);
            index = m_combo->count() - 1;
        }
        m_combo->setCurrentIndex(index);
    }
    QWidget* input() const override { return m_combo; }

private:
    bool m_boolean;
    QComboBox* m_combo;
};

// Lists (one entry per line) and multi-line text.
class TextEditor : public FieldEditor {
public:
    TextEditor(const FieldSpec& field, QWidget* parent)
        : FieldEditor(parent)
        , m_list(field.type == ValueType::StringList)
        , m_edit(new QPlainTextEdit(this))
    {
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_edit);
        m_edit->setPlaceholderText(field.placeholder);
        m_edit->setTabChangesFocus(true);
        m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
        m_edit->setFixedHeight(m_edit->fontMetrics().lineSpacing() * (m_list ? 3 : 4) + 2 * m_edit->frameWidth() + 8);
        connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
            if (!m_setting)
                emit edited();
        });
    }
    QVariant value() const override
    {
        if (!m_list)
            return m_edit->toPlainText();
        QStringList list = m_edit->toPlainText().split(QLatin1Char('\n'));
        while (!list.isEmpty() && list.last().isEmpty())
            list.removeLast();
        return list;
    }
    void setValue(const QVariant& value) override
    {
        const QString text = m_list ? value.toStringList().join(QLatin1Char('\n')) : value.toString();
        if (m_edit->toPlainText() == text)
            return;
        m_setting = true;
        m_edit->setPlainText(text);
        m_setting = false;
    }
    QWidget* input() const override { return m_edit; }

private:
    bool m_list;
    QPlainTextEdit* m_edit;
};

// Suggests well-known keys while a key cell is edited.
class KeyDelegate : public QStyledItemDelegate {
public:
    KeyDelegate(QStringList suggestions, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_suggestions(std::move(suggestions))
    {
    }
    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto* line = qobject_cast<QLineEdit*>(editor); line && index.column() == 0 && !m_suggestions.isEmpty()) {
            auto* completer = new QCompleter(m_suggestions, line);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            completer->setFilterMode(Qt::MatchContains);
            line->setCompleter(completer);
        }
        return editor;
    }

private:
    QStringList m_suggestions;
};

} // namespace

FieldEditor* FieldEditor::create(const FieldSpec& field, QWidget* parent)
{
    if (!field.choices.isEmpty() || field.type == ValueType::Boolean)
        return new ChoiceEditor(field, parent);
    switch (field.type) {
    case ValueType::StringList:
    case ValueType::Text:
        return new TextEditor(field, parent);
    case ValueType::StringMap:
        return new MapEditor(field.suggestions, parent);
    case ValueType::Yaml:
        return new YamlBlockEditor(parent);
    default:
        return new LineEditor(field, parent);
    }
}

MapEditor::MapEditor(const QStringList& suggestions, QWidget* parent)
    : FieldEditor(parent)
    , m_table(new QTableWidget(0, 2, this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    m_table->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setItemDelegate(new KeyDelegate(suggestions, m_table));
    m_table->setToolTip(tr("Type in the empty last row to add an entry; clear a key to remove its entry."));
    m_table->setEditTriggers(QAbstractItemView::AllEditTriggers);
    ensureEmptyLastRow();
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_setting)
            return;
        m_setting = true;
        ensureEmptyLastRow();
        m_setting = false;
        emit edited();
    });
}

QWidget* MapEditor::input() const
{
    return m_table;
}

QVariant MapEditor::value() const
{
    model::StringPairs pairs;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem* key = m_table->item(row, 0);
        const QTableWidgetItem* value = m_table->item(row, 1);
        const QString k = key ? key->text().trimmed() : QString();
        if (!k.isEmpty())
            pairs << qMakePair(k, value ? value->text() : QString());
    }
    return QVariant::fromValue(pairs);
}

void MapEditor::setValue(const QVariant& value)
{
    const model::StringPairs pairs = value.value<model::StringPairs>();
    if (this->value().value<model::StringPairs>() == pairs)
        return;
    m_setting = true;
    m_table->setRowCount(0);
    for (const auto& [k, v] : pairs) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(k));
        m_table->setItem(row, 1, new QTableWidgetItem(v));
    }
    ensureEmptyLastRow();
    m_setting = false;
}

void MapEditor::setEntry(int row, const QString& key, const QString& value)
{
    while (m_table->rowCount() <= row)
        m_table->insertRow(m_table->rowCount());
    m_table->setItem(row, 1, new QTableWidgetItem(value));
    m_table->setItem(row, 0, new QTableWidgetItem(key)); // emits itemChanged → edited()
}

void MapEditor::ensureEmptyLastRow()
{
    // Drop rows whose key and value are both empty, then keep exactly one empty row at the end.
    for (int row = m_table->rowCount() - 1; row >= 0; --row) {
        const auto* k = m_table->item(row, 0);
        const auto* v = m_table->item(row, 1);
        if ((!k || k->text().isEmpty()) && (!v || v->text().isEmpty()))
            m_table->removeRow(row);
    }
    m_table->insertRow(m_table->rowCount());
    fitHeight();
}

void MapEditor::fitHeight()
{
    const int rows = qMin(m_table->rowCount(), 8);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() + rows * m_table->verticalHeader()->defaultSectionSize()
                            + 2 * m_table->frameWidth() + 2);
}

YamlBlockEditor::YamlBlockEditor(QWidget* parent)
    : FieldEditor(parent)
    , m_editor(new YamlEditor(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editor);
    m_editor->setPlaceholderText(tr("YAML, e.g. a list starting with \"- \""));
    m_editor->setTabChangesFocus(true);
    fitHeight();
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        fitHeight();
        if (!m_setting)
            emit edited();
    });
}

QWidget* YamlBlockEditor::input() const
{
    return m_editor;
}

QVariant YamlBlockEditor::value() const
{
    return m_editor->toPlainText();
}

void YamlBlockEditor::setValue(const QVariant& value)
{
    const QString text = value.toString();
    if (m_editor->toPlainText() == text)
        return;
    m_setting = true;
    m_editor->setPlainText(text);
    m_editor->clearError();
    m_setting = false;
    fitHeight();
}

void YamlBlockEditor::fitHeight()
{
    const int lines = qBound(2, m_editor->blockCount(), 14);
    m_editor->setFixedHeight(m_editor->fontMetrics().lineSpacing() * lines + 2 * m_editor->frameWidth() + 10);
}

} // namespace ui
