#include "ui/setup/runpanel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

using setup::Command;
using setup::StepResult;

RunPanel::RunPanel(setup::StepRunner* runner, const QString& runLabel, QWidget* parent)
    : QWidget(parent)
    , m_runner(runner)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    m_run = new QPushButton(runLabel, this);
    m_run->setObjectName(QStringLiteral("runButton"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(true);
    m_status = new QLabel(this);
    m_clock = new QLabel(this);
    m_clock->setObjectName(QStringLiteral("stepClock"));
    m_clock->setToolTip(tr("How long this step has run"));
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &RunPanel::showElapsed);
    bar->addWidget(m_run);
    bar->addWidget(m_cancel);
    bar->addWidget(m_progress, 1);
    bar->addWidget(m_status);
    bar->addWidget(m_clock);
    layout->addLayout(bar);
    m_explanation = new QLabel(this);
    m_explanation->setObjectName(QStringLiteral("explanation"));
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::RichText);
    m_explanation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_explanation->setStyleSheet(QStringLiteral("QLabel { background: #fff4e5; color: #663c00; border: 1px solid #ffd8a8; "
                                                "border-radius: 4px; padding: 6px; }"));
    m_explanation->hide();
    layout->addWidget(m_explanation);
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(QStringLiteral("commandLog"));
    m_log->setReadOnly(true);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setMaximumBlockCount(20'000);
    m_log->setPlaceholderText(tr("The commands this step runs, and their output, appear here."));
    layout->addWidget(m_log, 1);

    connect(m_run, &QPushButton::clicked, this, &RunPanel::runRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RunPanel::cancel);
    connect(m_runner, &setup::StepRunner::started, this, [this] {
        m_explanation->hide();
        m_status->setText(tr("Running…"));
        m_run->setEnabled(false);
        m_cancel->setEnabled(true);
        m_succeeded = false;
        showElapsed();
        m_tick.start();
    });
    connect(m_runner, &setup::StepRunner::commandStarted, this, [this](const QString& display) {
        m_log->appendHtml(QStringLiteral("<b>%1</b>").arg(display.toHtmlEscaped()));
    });
    connect(m_runner, &setup::StepRunner::line, this, [this](const QString& text, bool stderr) {
        if (stderr)
            m_log->appendHtml(QStringLiteral("<span style='color:#b26a00'>%1</span>").arg(text.toHtmlEscaped()));
        else
            m_log->appendPlainText(text);
    });
    connect(m_runner, &setup::StepRunner::progress, this, [this](int done, int total) {
        m_progress->setRange(0, qMax(1, total));
        m_progress->setValue(done);
    });
    connect(m_runner, &setup::StepRunner::finished, this, [this](const StepResult& r) {
        m_run->setEnabled(true);
        m_cancel->setEnabled(false);
        m_succeeded = r.ok;
        m_tick.stop();
        showElapsed();
        if (r.ok) {
            m_status->setText(tr("✓ Done"));
        } else if (r.cancelled) {
            m_status->setText(tr("Cancelled"));
            m_log->appendHtml(tr("<i>Cancelled: the command and everything it started were stopped. Run the step again "
                                 "when you are ready; it picks up what is already there.</i>"));
        } else {
            m_status->setText(tr("✗ Failed (exit code %1)").arg(r.exitCode));
            if (!r.explanation.title.isEmpty()) {
                m_explanation->setText(QStringLiteral("<b>%1</b><br>%2<br><b>%3</b> %4%5")
                                           .arg(r.explanation.title.toHtmlEscaped(), r.explanation.why.toHtmlEscaped(),
                                                tr("What to do:"), r.explanation.fix.toHtmlEscaped(),
                                                r.explanation.retry ? tr("<br><i>Retrying usually helps.</i>") : QString()));
            } else {
                m_explanation->setText(tr("<b>%1 failed.</b> Its output is below; fix what it says and run the step again.")
                                           .arg(r.failedCommand.display().toHtmlEscaped()));
            }
            m_explanation->show();
        }
        emit finished(r);
    });
}

void RunPanel::showElapsed()
{
    if (m_runner->hasRun())
        m_clock->setText(tr("Time: %1").arg(setup::formatElapsed(m_runner->elapsedMs())));
}

QString RunPanel::elapsedText() const
{
    return m_runner->hasRun() ? setup::formatElapsed(m_runner->elapsedMs()) : QString();
}

QString RunPanel::clockText() const
{
    return m_clock->text();
}

void RunPanel::reset()
{
    m_log->clear();
    m_explanation->hide();
    m_status->clear();
    m_progress->reset();
    m_succeeded = false;
}

void RunPanel::run(const QList<Command>& commands)
{
    m_runner->run(commands);
}

void RunPanel::setProgress(int done, int total)
{
    m_progress->setRange(0, qMax(1, total));
    m_progress->setValue(done);
}

void RunPanel::setSummary(const QString& status, const QString& explanationHtml)
{
    m_status->setText(status);
    m_explanation->setText(explanationHtml);
    m_explanation->setVisible(!explanationHtml.isEmpty());
}

void RunPanel::cancel()
{
    m_runner->cancel();
}

QString RunPanel::log() const
{
    return m_log->toPlainText();
}

QString RunPanel::explanation() const
{
    return m_explanation->isHidden() ? QString() : m_explanation->text();
}

} // namespace ui
