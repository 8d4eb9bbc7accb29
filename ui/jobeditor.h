#pragma once

#include "sparkapplication.h"
#include "yamldocument.h"

#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QTextBrowser;

namespace kube {
class KubeClient;
}

namespace ui {

class YamlEditor;

/// The job editor: a form over the SparkApplication fields of model::sparkApplicationFields() and a
/// YAML editor beside it, kept in step both ways (form → YAML at once; YAML → form 250 ms after
/// typing stops). While the YAML has a syntax error the error is marked in the editor, the form
/// keeps the last valid state and is read-only, and nothing typed is discarded. Submit runs a
/// server-side dry run first and shows the API server's Status (message and causes) if it fails.
class JobEditor : public QWidget {
    Q_OBJECT
public:
    explicit JobEditor(QWidget* parent = nullptr);

    /// Where Submit sends the application (nullptr disables Submit).
    void setClient(kube::KubeClient* client);
    /// Namespace used when the form leaves metadata.namespace empty.
    void setDefaultNamespace(const QString& ns);

    /// Replaces the document with preset `id` (see model::presets()); false if unknown.
    bool loadPreset(const QString& id);
    /// Replaces the document with `yaml`, as if typed into the YAML editor.
    void setYaml(const QString& yaml);

    /// The last valid document (what Submit sends).
    const model::YamlDocument& document() const { return m_doc; }
    /// The YAML editor's current text (may be invalid).
    QString yamlText() const;
    /// The editor widget of a field path (for tests), or nullptr.
    QWidget* fieldWidget(const QString& path) const;
    /// The inline problem shown under a field, empty when none.
    QString fieldProblem(const QString& path) const;
    YamlEditor* yamlEditor() const { return m_yaml; }
    QPushButton* submitButton() const { return m_submit; }
    /// The text of the message panel under the editor (submit results).
    QString messageText() const;

public slots:
    /// Validates (client side, then dry run on the server) and creates the application.
    void submit();

signals:
    /// The application was created on the server.
    void submitted(const QString& ns, const QString& name);

private:
    void buildForm(QWidget* container);
    void onFieldEdited(const model::FieldSpec& field);
    void onYamlEdited();
    void parseYamlNow();
    void refreshForm();
    void refreshProblems();
    void showMessage(const QString& html, bool error);
    QJsonObject applicationForSubmit() const;

    model::YamlDocument m_doc;
    QPointer<kube::KubeClient> m_client;
    QString m_defaultNamespace = QStringLiteral("default");
    QHash<QString, QWidget*> m_fields;
    QHash<QString, QLabel*> m_problems;
    QWidget* m_form = nullptr;
    QLabel* m_formBanner = nullptr;
    YamlEditor* m_yaml = nullptr;
    QComboBox* m_presets = nullptr;
    QPushButton* m_submit = nullptr;
    QLabel* m_status = nullptr;
    QTextBrowser* m_message = nullptr;
    QTimer m_parseTimer;
    bool m_syncing = false;
    bool m_submitting = false;
};

} // namespace ui
