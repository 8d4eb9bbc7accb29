#pragma once

#include "app/kube/operatorprobe.h"
#include "app/kube/sparkapi.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <optional>

namespace kube {
class KubeClient;
}

namespace session {

/// The messages one form field has: errors block Submit, warnings do not.
struct FieldProblems {
    QStringList errors;
    QStringList warnings;
};

/// Where a submit goes: metadata.namespace (the default namespace when the document leaves it
/// empty), metadata.name and kind (SparkApplication or ScheduledSparkApplication).
struct SubmitTarget {
    QString ns;
    QString name;
    QString kind;
};

/// The SparkApplication or ScheduledSparkApplication being edited, without widgets: the YAML text
/// as typed (the source of truth, possibly with a syntax error) and the last valid parse of it
/// (model::YamlDocument), the file it came from (one document of a multi-document file; the other
/// documents are written back byte for byte), whether it is modified, an autosaved draft of unsent
/// edits, problems per form field (model::validate(), YAML blocks that do not parse, the causes the
/// API server gave for the last submit, and the cluster checks of kube::probeOperator()), Submit
/// (kube::submitSparkApplication: a server-side dry run, then create) and moving inline credentials
/// into a Secret (kube::applySecret).
///
/// Cluster operations go through the kube::KubeClient given with setClient() (owned by the caller;
/// never created here) and report kube::KubeError / kube::SubmitResult. Everything runs on the
/// thread that owns this object: state signals (textChanged, documentReplaced, problemsChanged,
/// modificationChanged, fileChanged) are emitted during the call that changed the state; results of
/// cluster operations (callbacks, submitFinished, submitted, secretsMoved) come later from its event
/// loop.
class JobDocument : public QObject {
    Q_OBJECT
public:
    /// How the text changed when textChanged() is emitted.
    enum class TextChange {
        Replaced, ///< a new document (load, template, draft, clone): show it from the top
        Edited,   ///< the document changed it (form field, kind, sizing, Secret move): keep the view
    };

    explicit JobDocument(QObject* parent = nullptr);

    // ---- Cluster

    /// Where Submit, the Secret move and the cluster checks go (nullptr: offline). An operation in
    /// flight on the previous client is forgotten (its answer is dropped).
    void setClient(kube::KubeClient* client);
    kube::KubeClient* client() const { return m_client; }
    /// Namespace used when metadata.namespace is empty ("default" when `ns` is empty).
    void setDefaultNamespace(const QString& ns);
    QString defaultNamespace() const { return m_defaultNamespace; }
    /// metadata.namespace, or the default namespace when it is empty.
    QString targetNamespace() const;

    // ---- Text and document

    /// The YAML text as typed (may have a syntax error).
    QString text() const { return m_text; }
    /// The last valid parse of text() (what Submit sends).
    const model::YamlDocument& document() const { return m_doc; }
    /// True for a ScheduledSparkApplication.
    bool isScheduled() const { return m_scheduled; }
    /// True while text() does not parse; syntaxError() says where (1-based line and column).
    bool hasSyntaxError() const { return m_hasSyntaxError; }
    model::YamlError syntaxError() const { return m_syntaxError; }

    /// Replaces the document with `text` (not modified afterwards; the last submit's server
    /// problems are dropped) and parses it at once. Emits textChanged(Replaced).
    void setText(const QString& text);
    /// Text typed by the user: kept as is, marks the document modified and parses it 250 ms after
    /// the last call (or at parseNow()). Does not emit textChanged().
    void editText(const QString& text);
    /// True while typed text waits for its parse.
    bool parsePending() const { return m_parseTimer.isActive(); }
    /// Parses text() now. Returns false on a syntax error (the last valid document is kept).
    bool parseNow();
    /// Parses text typed less than 250 ms ago, if any, so that a change from elsewhere does not
    /// overwrite it. False when the text has a syntax error: changes made from elsewhere (kind,
    /// sizing) are then refused, so the text as typed is not replaced.
    bool takePendingText();
    /// Replaces the document with template `id` (model::presets()); it is then no file's document.
    /// False if `id` is unknown.
    bool loadPreset(const QString& id);
    /// The template the document was loaded from; empty once replaced by anything else.
    QString templateId() const { return m_templateId; }

    /// Sets form field `field` (a model::sparkApplicationFields() entry) to `value` (a YAML block's
    /// text for ValueType::Yaml) as a minimal text edit. Returns false, with `blockError` set and the
    /// block's error listed under the field, when a YAML block does not parse: the document keeps
    /// its last valid value.
    bool setFieldValue(const model::FieldSpec& field, const QVariant& value, model::YamlError* blockError = nullptr);
    /// Turns the document into a ScheduledSparkApplication (spec moves to spec.template, schedule
    /// @daily) or back.
    void setScheduled(bool scheduled);
    /// Applies the sizing preset `id` (model::sizingPresets()).
    void applySizing(const QString& id);

    // ---- Files

    /// Opens a YAML file. With several documents, `choose` gets "Kind name" labels and returns the
    /// index to edit (-1 cancels; without `choose` the first). Returns false and sets `error` (with
    /// line:column for YAML errors) when the file cannot be read, is larger than
    /// model::kMaxYamlBytes (refused before reading) or is not UTF-8 (the first bad byte's line,
    /// column and offset); the document is then unchanged. A document beyond the other limits
    /// (nesting, aliases: model::checkYamlLimits()) is opened as text with that syntax error.
    bool openFile(const QString& path, QString* error, const std::function<int(const QStringList&)>& choose = {});
    /// Writes the document to `path`: the parsed document (model::YamlDocument::toYaml()), or the
    /// text as typed while it has a syntax error, so nothing is lost. Saving to the file it was
    /// opened from writes the file's other documents back unchanged; another path gets this document
    /// alone (save as). Clears the modified state and removes the draft. False with `error` set when
    /// the file cannot be written.
    bool saveFile(const QString& path, QString* error);
    /// The file being edited (absolute), empty for a new document.
    QString filePath() const { return m_filePath; }
    /// All documents of the file as read or last saved, and the index of the edited one (-1: none).
    QStringList fileDocuments() const { return m_fileDocuments; }
    int fileIndex() const { return m_fileIndex; }

    /// True when the document has been edited since it was loaded, saved or submitted.
    bool isModified() const { return m_dirty; }
    /// What saving every document of a file's `text` writes: each document parsed and written back
    /// through model::YamlDocument (comments and formatting kept; see YamlDocument::parse for what
    /// is normalised), joined by model::joinYamlDocuments(). On the first document that does not
    /// parse returns nothing and sets `error` (line and column in the whole text); a text with no
    /// document is an error at 1:1.
    static std::optional<QString> normalizedFileText(const QString& text, model::YamlError* error);

    // ---- Draft

    /// Autosaves text() to `path` 1 s after an edit while modified. Returns true when `path` holds a
    /// draft different from text() to offer back (restoreDraft()/discardDraft()).
    bool setDraftFile(const QString& path);
    QString draftFile() const { return m_draftPath; }
    bool draftOffered() const { return m_draftOffered; }
    /// When the offered draft was written.
    QDateTime draftTime() const { return m_draftTime; }
    /// Loads the draft as a modified document.
    void restoreDraft();
    /// Removes the draft file (and any pending autosave).
    void discardDraft();
    /// Writes the draft now (when there is a draft file and the document is modified).
    void writeDraft();

    // ---- Problems

    /// Problems by form field (model::FieldSpec::path): client-side validation, YAML blocks that do
    /// not parse, the API server's causes from the last submit, and cluster checks (warnings).
    const QHash<QString, FieldProblems>& problems() const { return m_problems; }
    /// All errors (they block Submit), one message each.
    QStringList errors() const { return m_errors; }
    /// Cluster checks that say the job will not run (missing namespace or service account, a
    /// namespace the operator ignores); empty while unknown.
    QStringList fatalProblems() const { return m_fatal; }
    /// One line for the last of fatalProblems(), for a status line.
    QString fatalSummary() const { return m_fatalSummary; }
    /// The target namespace when the cluster says it does not exist; empty otherwise.
    QString missingNamespace() const { return m_missingNamespace; }
    /// Credentials typed inline (model::findInlineSecrets()).
    QList<model::InlineSecret> inlineSecrets() const;
    /// The Secret moveSecrets() creates: "<metadata.name or spark-app>-credentials".
    QString secretName() const;

    // ---- Cluster operations

    /// True while a submit, its cluster check, a namespace creation or a Secret move is in flight.
    bool isBusy() const { return m_busy; }
    /// Looks the cluster checks up for the current target (namespace, service account, operator,
    /// webhook; kube::probeOperator) at once; `then` runs after the answer, not when a newer lookup
    /// or another client superseded it. Nothing happens offline.
    void checkCluster(std::function<void()> then = {});
    /// Looks the cluster checks up 600 ms from now (edits in between restart the delay).
    void scheduleClusterCheck();
    /// The first half of Submit: parses pending text and, when the document has no error, looks
    /// the cluster checks up again (busy meanwhile) and calls `then` with the fresh problems.
    /// Returns false, calling nothing, when offline, busy, or the document has an error.
    bool checkBeforeSubmit(std::function<void()> then);
    /// Creates missingNamespace() (busy meanwhile); `done` gets the error (None on success,
    /// AlreadyExists counts as success). Returns false when there is nothing to create or no client.
    bool createMissingNamespace(std::function<void(const kube::KubeError&)> done);
    /// Where submit() sends the document (its namespace, name and kind).
    SubmitTarget submitTarget() const;
    /// Sends the document (dry run, then create). Returns false when offline or busy. Emits
    /// submitFinished() once; on success also submitted(), clears the modified state and removes
    /// the draft; on failure keeps the work (modified, draft written) and lists the Status causes
    /// under their fields.
    bool submit();
    /// The namespace a failed submit names as missing (NotFound of the namespace), else empty.
    static QString namespaceNotFound(const kube::KubeError& error);
    /// Creates or updates secretName() in the target namespace with the inline credentials
    /// (kube::applySecret) and, when that worked, rewrites the spec to reference it. Returns false
    /// when offline, busy or there is nothing to move. Emits secretsMoved() once.
    bool moveSecrets();

signals:
    /// text() changed other than through editText().
    void textChanged(session::JobDocument::TextChange change);
    /// hasSyntaxError() or syntaxError() may have changed (after a parse).
    void syntaxChecked();
    /// The parsed document was replaced as a whole (parse, kind, sizing, Secret move): every field
    /// may have changed.
    void documentReplaced();
    /// problems(), errors(), fatalProblems() or the client/busy state changed.
    void problemsChanged();
    /// isModified() changed.
    void modificationChanged(bool modified);
    /// filePath() changed.
    void fileChanged(const QString& path);
    /// A submit ended: result.status is success when the application was created.
    void submitFinished(const kube::SubmitResult& result, const session::SubmitTarget& target);
    /// The application was created on the server.
    void submitted(const QString& ns, const QString& name, const QString& kind);
    /// moveSecrets() ended: `error` None when `count` credentials moved into ns/secretName.
    void secretsMoved(const kube::KubeError& error, const QString& ns, const QString& secretName, int count);

private:
    void afterReplace();
    void afterEdit(bool wholeDocument);
    void recomputeProblems();
    void markDirty();
    void setDirty(bool dirty);
    void removeDraft();

    QString m_text;
    model::YamlDocument m_doc;
    bool m_scheduled = false;
    bool m_hasSyntaxError = false;
    model::YamlError m_syntaxError;
    QString m_templateId;
    QPointer<kube::KubeClient> m_client;
    QString m_defaultNamespace = QStringLiteral("default");

    QHash<QString, QString> m_blockErrors;    // YAML blocks that do not parse, by field path
    QHash<QString, QString> m_serverProblems; // Status causes of the last submit, by field path
    QHash<QString, FieldProblems> m_problems;
    QStringList m_errors;
    QStringList m_fatal;
    QString m_fatalSummary;
    QString m_missingNamespace;
    std::optional<kube::OperatorFacts> m_facts;
    QString m_probedFor;   // "namespace/serviceAccount" the facts are for
    int m_probeSerial = 0; // the newest cluster lookup; older answers are dropped
    bool m_busy = false;

    QString m_filePath;
    QStringList m_fileDocuments;
    int m_fileIndex = -1;
    QString m_draftPath;
    bool m_draftOffered = false;
    QDateTime m_draftTime;
    bool m_dirty = false;

    QTimer m_parseTimer;
    QTimer m_draftTimer;
    QTimer m_probeTimer;
};

} // namespace session
