#include "ui/setup/setuppage.h"

#include "ui/setupwizard.h"

#include <QLabel>
#include <QRegularExpression>

namespace ui {

SetupPage::SetupPage(setup::SetupSession* session, const QString& title, QWidget* parent)
    : QWizardPage(parent)
    , m_session(session)
{
    setTitle(title);
}

setup::SetupOptions SetupPage::options() const
{
    if (auto* w = qobject_cast<SetupWizard*>(wizard()))
        return w->options();
    setup::SetupOptions o;
    fillOptions(o);
    return o;
}

QStringList SetupPage::splitList(const QString& text)
{
    QStringList out;
    for (const QString& part : text.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
        out << part.trimmed();
    return out;
}

QLabel* SetupPage::note(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setOpenExternalLinks(true);
    return label;
}

} // namespace ui
