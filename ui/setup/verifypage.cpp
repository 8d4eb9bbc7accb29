#include "ui/setup/verifypage.h"

#include "app/setup/setupprobes.h"
#include "app/setup/setupsession.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"
#include "ui/setup/runpanel.h"

#include <QCheckBox>
#include <QDateTime>
#include <QVBoxLayout>

namespace ui {

VerifyPage::VerifyPage(setup::SetupSession* session, QWidget* parent)
    : SetupPage(session, tr("6. Verify"), parent)
{
    setSubTitle(tr("The CRDs are served and the operator is ready; the smoke test runs SparkPi and waits for COMPLETED."));
    auto* layout = new QVBoxLayout(this);
    m_smoke = new QCheckBox(tr("Run the SparkPi smoke test (submits an application and shows its driver log)"), this);
    m_smoke->setChecked(true);
    layout->addWidget(m_smoke);
    m_panel = new RunPanel(session->runner(setup::StepId::Verify), tr("Verify"), this);
    layout->addWidget(m_panel, 1);
    connect(m_panel, &RunPanel::runRequested, this, [this] {
        const setup::SetupOptions o = options();
        QList<setup::Command> commands = setup::commandsFor(setup::StepId::Verify, o);
        if (m_smoke->isChecked()) {
            const QString name = setup::smokeTestName(QDateTime::currentSecsSinceEpoch());
            commands << setup::smokeTestCommands(o, name, smokeTestManifest(o, name));
        }
        m_panel->run(commands);
    });
    connect(m_panel, &RunPanel::finished, this, &QWizardPage::completeChanged);
}

QByteArray VerifyPage::smokeTestManifest(const setup::SetupOptions& o, const QString& name)
{
    QString yaml;
    for (const model::Preset& p : model::presets())
        if (p.id == QLatin1String("spark-pi"))
            yaml = p.yaml;
    model::YamlError error;
    auto doc = model::YamlDocument::parse(yaml, &error);
    if (!doc)
        return {};
    doc->setValue(QStringLiteral("metadata.name"), model::ValueType::String, name);
    doc->setValue(QStringLiteral("metadata.namespace"), model::ValueType::String, o.jobNamespaces.value(0, QStringLiteral("default")));
    doc->setValue(QStringLiteral("spec.driver.serviceAccount"), model::ValueType::String, o.serviceAccount());
    return doc->toYaml().toUtf8();
}

void VerifyPage::fillOptions(setup::SetupOptions& o) const
{
    o.smokeTest = m_smoke->isChecked();
}

void VerifyPage::applyOptions(const setup::SetupOptions& o)
{
    m_smoke->setChecked(o.smokeTest);
}

} // namespace ui
