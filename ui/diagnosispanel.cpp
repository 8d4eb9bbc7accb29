#include "ui/diagnosispanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

namespace {

QLabel* makeLabel(QWidget* parent, const QString& objectName)
{
    auto* l = new QLabel(parent);
    l->setObjectName(objectName);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    return l;
}

} // namespace

DiagnosisPanel::DiagnosisPanel(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("diagnosisPanel"));
    setFrameShape(QFrame::StyledPanel);
    // A warm band that reads in light and dark themes.
    setStyleSheet(QStringLiteral("#diagnosisPanel { background: rgba(217, 59, 59, 0.10); border: 1px solid rgba(217, 59, 59, 0.45); border-radius: 4px; }"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(3);
    m_summary = makeLabel(this, QStringLiteral("diagnosisSummary"));
    m_summary->setTextFormat(Qt::RichText);
    m_remedy = makeLabel(this, QStringLiteral("diagnosisRemedy"));
    m_remedy->setTextFormat(Qt::PlainText);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    m_link = makeLabel(this, QStringLiteral("diagnosisLink"));
    m_link->setTextFormat(Qt::RichText);
    m_link->setWordWrap(false);
    m_link->setOpenExternalLinks(false);
    connect(m_link, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link.startsWith(QLatin1String("field:")))
            emit changeFieldRequested(link.mid(6));
    });
    m_evidenceToggle = new QToolButton(this);
    m_evidenceToggle->setObjectName(QStringLiteral("diagnosisEvidenceToggle"));
    m_evidenceToggle->setAutoRaise(true);
    m_evidenceToggle->setCheckable(true);
    m_evidenceToggle->setToolButtonStyle(Qt::ToolButtonTextOnly);
    row->addWidget(m_link);
    row->addStretch(1);
    row->addWidget(m_evidenceToggle);
    m_evidence = makeLabel(this, QStringLiteral("diagnosisEvidence"));
    m_evidence->setTextFormat(Qt::PlainText);
    m_evidence->setForegroundRole(QPalette::PlaceholderText);
    m_evidence->hide();
    connect(m_evidenceToggle, &QToolButton::toggled, this, [this](bool on) {
        m_evidence->setVisible(on);
        m_evidenceToggle->setText(on ? tr("Evidence ▾") : tr("Evidence ▸"));
    });
    layout->addWidget(m_summary);
    layout->addWidget(m_remedy);
    layout->addLayout(row);
    layout->addWidget(m_evidence);
    clear();
}

void DiagnosisPanel::setInput(const model::DiagnosisInput& input)
{
    setDiagnosis(model::diagnose(input));
}

void DiagnosisPanel::setDiagnosis(const model::Diagnosis& diagnosis)
{
    m_diagnosis = diagnosis;
    if (diagnosis.isEmpty()) {
        hide();
        return;
    }
    m_summary->setText(QStringLiteral("<b>%1</b> %2").arg(tr("Why:"), diagnosis.summary.toHtmlEscaped()));
    m_remedy->setText(tr("What to change: %1").arg(diagnosis.remedy));
    if (diagnosis.field.isEmpty()) {
        m_link->clear();
        m_link->hide();
    } else {
        m_link->setText(QStringLiteral("<a href=\"field:%1\">%2</a>")
                            .arg(diagnosis.field.toHtmlEscaped(), tr("Change %1 in a copy…").arg(diagnosis.field).toHtmlEscaped()));
        m_link->setToolTip(tr("Open a copy of the application in the job editor at %1").arg(diagnosis.field));
        m_link->show();
    }
    m_evidence->setText(diagnosis.evidence.join(QLatin1Char('\n')));
    m_evidenceToggle->setVisible(!diagnosis.evidence.isEmpty());
    m_evidenceToggle->setText(m_evidenceToggle->isChecked() ? tr("Evidence ▾") : tr("Evidence ▸"));
    show();
}

void DiagnosisPanel::clear()
{
    m_diagnosis = {};
    m_summary->clear();
    m_remedy->clear();
    m_link->clear();
    m_evidence->clear();
    hide();
}

QString DiagnosisPanel::text() const
{
    if (m_diagnosis.isEmpty())
        return {};
    QStringList out{tr("Why: %1").arg(m_diagnosis.summary), m_remedy->text()};
    if (!m_diagnosis.field.isEmpty())
        out << tr("Change %1 in a copy…").arg(m_diagnosis.field);
    return out.join(QLatin1Char('\n'));
}

} // namespace ui
