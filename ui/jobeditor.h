#pragma once

#include "app/session/jobdocument.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

#include <functional>

class QComboBox;
class QFrame;
class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QScrollArea;
class QTextBrowser;

namespace kube {
class KubeClient;
}

namespace ui {

class FieldEditor;
class YamlEditor;

/// The job editor: every field of a SparkApplication or ScheduledSparkApplication
/// (model::sparkApplicationFields()) as a form in sections, and the YAML beside it, kept in step
/// both ways (form → YAML at once; YAML → form 250 ms after typing stops). Fields the form has no
/// editor for are kept and listed. While the YAML has a syntax error it is marked in the editor, the
/// form keeps the last valid state and is read-only, and nothing typed is discarded.
///
/// The document itself (text, file, draft, problems, cluster checks, Submit, the Secret move) is a
/// session::JobDocument owned by the editor; the editor renders it and asks the questions (Save /
/// Discard / Cancel, Submit anyway, Create namespace, Create the Secret). The cluster checks are
/// looked up again when the target changes, when the window becomes active, every 15 s while shown,
/// and before Submit; the Status causes of a rejected submit are shown under the fields they name.
class JobEditor : public QWidget {
    Q_OBJECT
public:
    explicit JobEditor(QWidget* parent = nullptr);

    /// Where Submit and the cluster checks go (nullptr: offline; Submit disabled).
    void setClient(kube::KubeClient* client);
    /// Namespace used when the form leaves metadata.namespace empty.
    void setDefaultNamespace(const QString& ns);

    /// Replaces the document with preset `id` (see model::presets()); false if unknown. Does not
    /// ask about unsaved changes: callers that replace the user's work call confirmReplace() first.
    bool loadPreset(const QString& id);
    /// Replaces the document with `yaml`, as if typed into the YAML editor (no question asked, see
    /// confirmReplace()). Hides the result panel of the previous document.
    void setYaml(const QString& yaml);

    /// True when the document has been edited since it was loaded, saved or submitted.
    bool isModified() const { return m_document->isModified(); }
    /// Before the document is replaced by `what` (e.g. "the template SparkPi"): when it is modified,
    /// asks whether to save, discard or cancel (a modal dialog). Returns true when the caller may
    /// replace it (saved, discarded, or nothing to lose), false to keep it.
    bool confirmReplace(const QString& what);
    /// Before the application quits: like confirmReplace(); Discard also removes the autosaved
    /// draft. Returns true when it may quit.
    bool confirmClose();
    /// How confirmReplace() saves: returns true when the document was saved. Without a handler the
    /// editor saves to filePath(), asking for a file name when there is none.
    void setSaveHandler(std::function<bool()> handler) { m_saveHandler = std::move(handler); }

    /// Opens a YAML file. With several documents, `choose` gets "Kind name" labels and returns the
    /// index to edit (-1 cancels). Returns false and sets `error` (with line:column for YAML errors)
    /// when the file cannot be read; the editor is then unchanged.
    bool openFile(const QString& path, QString* error, const std::function<int(const QStringList&)>& choose = {});
    /// Writes the editor's text to `path` (for a multi-document file opened from `path`, the other
    /// documents as they were). The text is written even when it has a YAML error, so nothing is lost.
    bool saveFile(const QString& path, QString* error);
    /// The file being edited, empty for a new document.
    QString filePath() const { return m_document->filePath(); }

    /// Keeps an autosaved copy of unsent edits in `path`; offers an existing one back (banner).
    void setDraftFile(const QString& path);
    /// True when the draft banner offers a draft back.
    bool draftOffered() const;
    void restoreDraft();
    void discardDraft();

    /// Applies a sizing preset (model::sizingPresets()) to the document.
    void applySizing(const QString& id);

    /// The last valid document (what Submit sends and Save would write when the YAML is valid).
    const model::YamlDocument& document() const { return m_document->document(); }
    /// The document the editor shows (owned by the editor).
    session::JobDocument* jobDocument() const { return m_document; }
    /// The YAML editor's current text (may be invalid).
    QString yamlText() const;
    /// The input widget of a field (QLineEdit, QComboBox, QPlainTextEdit, QTableWidget, YamlEditor).
    QWidget* fieldWidget(const QString& path) const;
    FieldEditor* fieldEditor(const QString& path) const;
    /// Shows the field at `path` (a model::FieldSpec path such as "spec.driver.memory"): scrolls the
    /// form to it and gives its input the keyboard focus (a line edit's text selected), and puts the
    /// YAML editor's cursor on its key (or on the nearest enclosing key written, when the field is
    /// not). Returns false when neither has it.
    bool focusField(const QString& path);
    /// The problems shown under a field, one per line; empty when none.
    QString fieldProblem(const QString& path) const;
    /// Paths kept from the YAML that the form has no editor for.
    QStringList otherFields() const { return m_otherPaths; }
    /// The human-readable schedule and next runs shown under the cron field.
    QString schedulePreview() const;
    YamlEditor* yamlEditor() const { return m_yaml; }
    QPushButton* submitButton() const { return m_submit; }
    QPushButton* moveSecretsButton() const { return m_moveSecrets; }
    /// The text of the message panel under the editor (submit results).
    QString messageText() const;
    /// The section navigator (for tests); hidden while the editor is narrower than 1100 px.
    QListWidget* sections() const { return m_nav; }

public slots:
    /// Validates (client side, then the cluster checks looked up again, then dry run on the server)
    /// and creates the application. When the checks find the job will not run, asks first (and for
    /// a missing namespace offers to create it). Asynchronous: the outcome shows in the header and
    /// the message panel.
    void submit();
    /// Moves credentials typed inline into the Secret "<name>-credentials" (created or updated) and
    /// rewrites the spec to reference it.
    void moveSecrets();

signals:
    /// The application was created on the server; `kind` is SparkApplication or
    /// ScheduledSparkApplication.
    void submitted(const QString& ns, const QString& name, const QString& kind);
    /// isModified() changed.
    void modificationChanged(bool modified);
    /// filePath() changed.
    void fileChanged(const QString& path);

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    void buildForm(QWidget* container);
    QFrame* makeBanner(const QString& objectName);
    void onFieldEdited(const model::FieldSpec& field);
    void onYamlEdited();
    void onTextChanged(session::JobDocument::TextChange change);
    void onSyntaxChecked();
    void onSubmitFinished(const kube::SubmitResult& r, const session::SubmitTarget& target);
    void onSecretsMoved(const kube::KubeError& error, const QString& ns, const QString& secretName, int count);
    void refreshForm();
    void refreshProblems();
    void refreshKind();
    void setKind(bool scheduled);
    /// Submit after the fresh cluster check: asks when the job will not run, then sends.
    void confirmAndSend();
    bool askToSave(const QString& question);
    /// Placeholders of the read-only form fainter than its values.
    void updatePlaceholderPalette();
    void showMessage(const QString& html, bool error);
    enum class StatusLevel { Normal, Error };
    /// The header status `text` (one line) with `details` as its tool tip.
    void setStatus(const QString& text, const QString& details = {}, StatusLevel level = StatusLevel::Normal);
    /// Shows the sizing preset the document matches (driver/executor cores and memory), or Custom.
    void refreshSizeBox();
    /// Main class / main file hints that fit the application type (JVM, Python, R).
    void refreshPlaceholders();
    bool saveForReplace();

    session::JobDocument* m_document = nullptr;

    QHash<QString, FieldEditor*> m_fields;     // by FieldSpec::path
    QHash<QString, QLabel*> m_problems;        // by FieldSpec::path
    QHash<QString, QWidget*> m_labels;         // row labels, to hide Schedule rows
    QHash<QString, QGroupBox*> m_sectionBoxes;
    QStringList m_otherPaths;

    QWidget* m_form = nullptr;
    QScrollArea* m_scroll = nullptr;
    QListWidget* m_nav = nullptr;
    QComboBox* m_kindBox = nullptr;
    QLabel* m_cronPreview = nullptr;
    QLabel* m_otherLabel = nullptr;
    QFrame* m_formBanner = nullptr;
    QFrame* m_draftBanner = nullptr;
    QFrame* m_secretsBanner = nullptr;
    QPushButton* m_moveSecrets = nullptr;
    YamlEditor* m_yaml = nullptr;
    QComboBox* m_presets = nullptr;
    QComboBox* m_sizes = nullptr;
    QPushButton* m_submit = nullptr;
    QLabel* m_status = nullptr;
    QFrame* m_messagePanel = nullptr;
    QTextBrowser* m_message = nullptr;
    std::function<bool()> m_saveHandler;
    QTimer m_recheckTimer;
    bool m_syncing = false;
};

} // namespace ui
