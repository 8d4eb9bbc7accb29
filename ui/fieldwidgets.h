#pragma once

#include "models/sparkapplication.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;

namespace ui {

class YamlEditor;

/// The editor of one form field. value() and setValue() speak the QVariant shapes of
/// model::YamlDocument::value() for the field's ValueType; edited() is emitted only for user edits,
/// never by setValue().
class FieldEditor : public QWidget {
    Q_OBJECT
public:
    /// Creates the editor that fits `field` (line edit, choice, list, text, key/value table or
    /// embedded YAML block).
    static FieldEditor* create(const model::FieldSpec& field, QWidget* parent);

    virtual QVariant value() const = 0;
    virtual void setValue(const QVariant& value) = 0;
    /// The widget that takes input (for tests and focus).
    virtual QWidget* input() const = 0;

signals:
    void edited();

protected:
    using QWidget::QWidget;
    bool m_setting = false; ///< true while setValue() runs, so programmatic changes are not edits
};

/// A key/value table (labels, sparkConf, ...): one row per entry, an empty last row to add one,
/// key suggestions from FieldSpec::suggestions.
class MapEditor : public FieldEditor {
    Q_OBJECT
public:
    MapEditor(const QStringList& suggestions, QWidget* parent);
    QVariant value() const override;
    void setValue(const QVariant& value) override;
    QWidget* input() const override;
    /// Sets row `row` (appending rows as needed) as a user would; for tests.
    void setEntry(int row, const QString& key, const QString& value);

private:
    void ensureEmptyLastRow();
    void fitHeight();
    QTableWidget* m_table;
};

/// A YAML block for a deeply nested Kubernetes type (tolerations, affinity, sidecars, template ...).
/// value() is the text as typed; the job editor parses it and shows errors under the field.
class YamlBlockEditor : public FieldEditor {
    Q_OBJECT
public:
    explicit YamlBlockEditor(QWidget* parent);
    QVariant value() const override;
    void setValue(const QVariant& value) override;
    QWidget* input() const override;
    YamlEditor* editor() const { return m_editor; }

private:
    void fitHeight();
    YamlEditor* m_editor;
};

} // namespace ui
