#include "ui/setup/donepage.h"

#include <QCheckBox>
#include <QLabel>
#include <QVBoxLayout>

namespace ui {

DonePage::DonePage(setup::SetupSession* session, QWidget* parent)
    : SetupPage(session, tr("7. Done"), parent)
{
    auto* layout = new QVBoxLayout(this);
    m_summary = note(QString(), this);
    layout->addWidget(m_summary);
    m_switch = new QCheckBox(this);
    m_switch->setChecked(true);
    m_editor = new QCheckBox(tr("Open the job editor"), this);
    m_editor->setChecked(true);
    layout->addWidget(m_switch);
    layout->addWidget(m_editor);
    layout->addStretch(1);
}

void DonePage::initializePage()
{
    const setup::SetupOptions o = options();
    m_switch->setText(tr("Switch SparkDeck to the context %1").arg(o.context()));
    m_summary->setText(tr("<p>The Kind cluster <b>%1</b> runs the Spark Operator (release <b>%2</b> in <b>%3</b>), watching "
                          "<b>%4</b>. Jobs use the service account <b>%5</b>.</p><p>Next: submit SparkPi from the job editor "
                          "and watch it in the Applications table.</p>")
                           .arg(o.clusterName, o.release, o.operatorNamespace, o.jobNamespaces.join(QStringLiteral(", ")),
                                o.serviceAccount()));
}

bool DonePage::switchContext() const
{
    return m_switch->isChecked();
}

bool DonePage::openEditor() const
{
    return m_editor->isChecked();
}

} // namespace ui
