#include "ui/confirm.h"

#include <QMessageBox>
#include <QPushButton>

namespace ui {

bool confirmAction(QWidget* parent, const QString& title, const QString& question, const QString& action,
                   const QString& details)
{
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::Cancel, parent);
    if (!details.isEmpty())
        box.setInformativeText(details);
    QPushButton* yes = box.addButton(action, QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmAction"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == yes;
}

} // namespace ui
