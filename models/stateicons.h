#pragma once

#include <QIcon>
#include <QString>

namespace model {

/// A 16 px icon for a SparkApplication state: a dot in the state's colour with a glyph that tells
/// states apart without colour (check = completed, cross = failed, play = running, pause =
/// suspended, ...). Needs a QGuiApplication. Icons are cached per state.
QIcon stateIcon(const QString& state);

} // namespace model
