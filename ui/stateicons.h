#pragma once

// How states look: the colours and icons of SparkApplication states, pod phases, warning events
// and log levels. The models only say which value a cell stands for (model::Look); the look
// function here turns it into a colour or an icon. A program that shows models in widgets calls
// installLooks() once at start-up (the composition root, and the test programs that check colours);
// without it the models give no colours or icons.

#include "models/looks.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace ui {

/// A colour per SparkApplication state that reads on light and dark backgrounds (green
/// completed, red failed, ...); grey for a new ("") or unknown state.
QColor stateColor(const QString& state);

/// A 16 px icon for a SparkApplication state: a dot in the state's colour with a glyph that tells
/// states apart without colour (check = completed, cross = failed, play = running, pause =
/// suspended, ...). Needs a QGuiApplication. Icons are cached per state.
QIcon stateIcon(const QString& state);

/// The look function (see model::LookFunction): Qt::ForegroundRole gives a QColor (application
/// state, unhandled application amber, pod phase, warning event amber, log level), and
/// Qt::DecorationRole the state icon of an application state. Invalid QVariant otherwise.
QVariant lookFor(model::Look look, const QVariant& value, int role);

/// Installs lookFor() for every model (model::setLookFunction). Call it from the main thread
/// before models are shown; calling it again is harmless.
void installLooks();

} // namespace ui
