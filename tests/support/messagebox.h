#pragma once

// Answering modal message boxes in GUI tests: queue the answer, then do what opens the box.

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QTimer>

/// Waits (polling every 20 ms, owned by `context`) for the next modal QMessageBox and clicks its
/// button whose text (without '&') starts with `button`; rejects the box when there is none. The
/// box's text and informative text, one per line, go to `text` when given.
inline void answerNextMessageBox(QObject* context, const QString& button, QString* text = nullptr)
{
    auto* timer = new QTimer(context);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, context, [timer, button, text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return;
        timer->stop();
        timer->deleteLater();
        if (text)
            *text = box->text() + QLatin1Char('\n') + box->informativeText();
        for (QAbstractButton* b : box->buttons()) {
            if (b->text().remove(QLatin1Char('&')).startsWith(button)) {
                b->click();
                return;
            }
        }
        qWarning("no button %s in the dialog", qPrintable(button));
        box->reject();
    });
    timer->start();
}
