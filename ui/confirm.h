#pragma once

#include <QString>

class QWidget;

namespace ui {

/// Asks `question` (with `details` under it when given) in a modal message box titled `title`,
/// whose buttons are the action itself, `action` (e.g. "Delete"; a destructive verb, not "Yes"),
/// and Cancel, the default. Returns true when the user chose `action`.
bool confirmAction(QWidget* parent, const QString& title, const QString& question, const QString& action,
                   const QString& details = {});

} // namespace ui
