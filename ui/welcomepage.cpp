#include "ui/welcomepage.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

WelcomePage::WelcomePage(QWidget* parent)
    : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* card = new QWidget(this);
    card->setMaximumWidth(720);
    auto* layout = new QVBoxLayout(card);
    auto* title = new QLabel(tr("<h1>Welcome to SparkDeck</h1>"), card);
    layout->addWidget(title);
    m_problem = new QLabel(card);
    m_problem->setObjectName(QStringLiteral("welcomeProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("QLabel { background: #fff4e5; color: #663c00; border: 1px solid #ffd8a8;"
                                            " border-radius: 4px; padding: 8px; }"));
    layout->addWidget(m_problem);
    m_body = new QLabel(card);
    m_body->setWordWrap(true);
    m_body->setTextFormat(Qt::RichText);
    m_body->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_body->setText(tr(
        "<p>SparkDeck needs a Kubernetes cluster with the Spark Operator. It reads the same kubeconfig as "
        "<code>kubectl</code>: the files in <code>$KUBECONFIG</code>, or <code>~/.kube/config</code>.</p>"
        "<ul>"
        "<li><b>Have a cluster?</b> Open its kubeconfig file, or start SparkDeck with "
        "<code>--kubeconfig FILE --context NAME</code>.</li>"
        "<li><b>No cluster yet?</b> <b>Set up a local cluster</b> below: the wizard creates a Kind cluster, installs "
        "the Spark Operator with Helm, checks the service account, loads your images and runs SparkPi.</li>"
        "<li><b>Just trying SparkDeck?</b> From a source checkout, <code>scripts/run --sandbox</code> starts a "
        "local sandbox cluster (a real Kubernetes control plane, the real Spark Operator and Spark; pods run as local "
        "processes, no Docker needed) and opens SparkDeck on it.</li>"
        "</ul>"));
    layout->addWidget(m_body);
    auto* buttons = new QHBoxLayout;
    auto* open = new QPushButton(tr("Open kubeconfig…"), card);
    connect(open, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Open kubeconfig"), QDir::homePath() + QStringLiteral("/.kube"));
        if (!file.isEmpty())
            emit kubeconfigChosen(file);
    });
    auto* setup = new QPushButton(tr("Set up a local cluster with Kind…"), card);
    setup->setObjectName(QStringLiteral("setupButton"));
    connect(setup, &QPushButton::clicked, this, &WelcomePage::setupRequested);
    buttons->addWidget(setup);
    auto* retry = new QPushButton(tr("Retry"), card);
    connect(retry, &QPushButton::clicked, this, &WelcomePage::retryRequested);
    buttons->addWidget(open);
    buttons->addWidget(retry);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(card, 3);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);
}

void WelcomePage::setProblem(const QString& problem)
{
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

QString WelcomePage::text() const
{
    return m_problem->text();
}

} // namespace ui
