#include "ui/setup/donepage.h"

#include "app/setup/setupsession.h"

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
    m_times = new QLabel(this);
    m_times->setObjectName(QStringLiteral("stepTimes"));
    m_times->setTextFormat(Qt::RichText);
    m_times->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_times);
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
    QString rows;
    const QStringList lines = stepTimes().split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).lastIndexOf(QLatin1String(": "));
        const bool last = i == lines.size() - 1;
        rows += QStringLiteral("<tr><td>%1%2%3</td><td align='right' style='padding-left:24px'>%1%4%3</td></tr>")
                    .arg(last ? QStringLiteral("<b>") : QString(), lines.at(i).left(colon).toHtmlEscaped(),
                         last ? QStringLiteral("</b>") : QString(), lines.at(i).mid(colon + 2).toHtmlEscaped());
    }
    m_times->setText(tr("<p><b>Time per step</b> (each step's last run):</p>") + QStringLiteral("<table>%1</table>").arg(rows));
}

namespace {
struct TimedStep {
    setup::StepId step;
    const char* title;
};
// The steps as the pages title them.
constexpr TimedStep kTimedSteps[] = {
    {setup::StepId::Prerequisites, QT_TRANSLATE_NOOP("ui::DonePage", "1. Prerequisites")},
    {setup::StepId::Cluster, QT_TRANSLATE_NOOP("ui::DonePage", "2. Kind cluster")},
    {setup::StepId::Operator, QT_TRANSLATE_NOOP("ui::DonePage", "3. Spark Operator")},
    {setup::StepId::ServiceAccount, QT_TRANSLATE_NOOP("ui::DonePage", "4. Service account")},
    {setup::StepId::Images, QT_TRANSLATE_NOOP("ui::DonePage", "5. Images")},
    {setup::StepId::Verify, QT_TRANSLATE_NOOP("ui::DonePage", "6. Verify")},
};
} // namespace

QString DonePage::stepTimes() const
{
    QStringList lines;
    qint64 total = 0;
    for (const TimedStep& t : kTimedSteps) {
        const setup::StepRunner* runner = session()->runner(t.step);
        const QString title = tr(t.title);
        if (!runner->hasRun()) {
            lines << tr("%1: not run").arg(title);
            continue;
        }
        total += runner->elapsedMs();
        lines << QStringLiteral("%1: %2").arg(title, setup::formatElapsed(runner->elapsedMs()));
        if (t.step == setup::StepId::Prerequisites && session()->toolDownloadTimeMs() > 0) {
            total += session()->toolDownloadTimeMs();
            lines << tr("1. Prerequisites, tool downloads: %1").arg(setup::formatElapsed(session()->toolDownloadTimeMs()));
        }
    }
    lines << tr("Total: %1").arg(setup::formatElapsed(total));
    return lines.join(QLatin1Char('\n'));
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
