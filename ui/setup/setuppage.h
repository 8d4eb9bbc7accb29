#pragma once

#include "app/setup/setupplan.h"

#include <QWizardPage>

class QLabel;

namespace setup {
class SetupSession;
}

namespace ui {

class RunPanel;

/// The base of the Kind wizard's pages: each page shows one step, asks the setup::SetupSession to
/// run it and shows what the session reports. A page contributes its fields to the wizard's
/// options (fillOptions) and takes them back (applyOptions).
class SetupPage : public QWizardPage {
    Q_OBJECT
public:
    SetupPage(setup::SetupSession* session, const QString& title, QWidget* parent = nullptr);

    /// The page's run panel (null for a page without a step).
    RunPanel* panel() const { return m_panel; }
    /// Writes the page's fields into `options`.
    virtual void fillOptions(setup::SetupOptions& options) const { Q_UNUSED(options); }
    /// Sets the page's fields from `options`.
    virtual void applyOptions(const setup::SetupOptions& options) { Q_UNUSED(options); }

    /// "a, b c" → {"a", "b", "c"}: a list field as the user typed it.
    static QStringList splitList(const QString& text);
    /// A word-wrapped rich-text label whose links open in the browser.
    static QLabel* note(const QString& text, QWidget* parent);

protected:
    /// The options of the whole wizard, as its pages currently set them.
    setup::SetupOptions options() const;
    setup::SetupSession* session() const { return m_session; }

    RunPanel* m_panel = nullptr;

private:
    setup::SetupSession* m_session;
};

} // namespace ui
