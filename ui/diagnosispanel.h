#pragma once

#include "models/diagnosis.h"

#include <QFrame>

class QLabel;
class QToolButton;

namespace ui {

/// Why an application failed or cannot start (model::diagnose()): the one-sentence summary, what to
/// change, a link "Change <field>" when a spec field is at fault, and the evidence lines behind a
/// toggle. Hidden while there is nothing to say. Used in the DetailsPane for the selected
/// application, and usable for any run whose objects are at hand (e.g. one read back from the run
/// history) through setInput(). GUI thread only.
class DiagnosisPanel : public QFrame {
    Q_OBJECT
public:
    explicit DiagnosisPanel(QWidget* parent = nullptr);

    /// Diagnoses `input` and shows the result (hides the panel when model::diagnose() finds nothing).
    void setInput(const model::DiagnosisInput& input);
    /// Shows `diagnosis` (hides the panel when it is empty).
    void setDiagnosis(const model::Diagnosis& diagnosis);
    /// Hides the panel and forgets the diagnosis.
    void clear();
    model::Diagnosis diagnosis() const { return m_diagnosis; }
    /// The panel's text as shown (summary, remedy, link text), for tests and copying.
    QString text() const;
    /// The link label (its text holds the "Change <field>" link; empty without a field).
    QLabel* linkLabel() const { return m_link; }

signals:
    /// The user clicked "Change <field>": open a copy of the application in the job editor with
    /// `field` (a model::FieldSpec path, e.g. "spec.driver.memory") focused.
    void changeFieldRequested(const QString& field);

private:
    model::Diagnosis m_diagnosis;
    QLabel* m_summary;
    QLabel* m_remedy;
    QLabel* m_link;
    QToolButton* m_evidenceToggle;
    QLabel* m_evidence;
};

} // namespace ui
