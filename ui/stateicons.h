#pragma once

// How states look: the colours and icons of SparkApplication states, pod phases, warning events
// and log levels. The models only say which value a cell stands for (model::Look); the look
// function here turns it into a colour or an icon, and is installed for every model
// (model::setLookFunction) when the application object is created, in any program that links
// this file.

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

/// Installs lookFor() for every model. Runs by itself when the QCoreApplication is created;
/// calling it again is harmless.
void installLooks();

} // namespace ui

namespace model::spark {
/// The same as ui::stateColor, under the name it had when the colours lived with the models.
using ::ui::stateColor;
} // namespace model::spark
