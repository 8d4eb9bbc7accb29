#pragma once

#include <QVariant>

namespace model {

/// What a coloured or decorated cell of a model stands for. The models decide which cells show
/// which value; how a value looks (a colour, an icon) is the widget layer's choice
/// (ui/stateicons.h installs it with setLookFunction()). Without a look function the models give no
/// colours or icons, so they work without a GUI (a headless command line, tests).
enum class Look {
    ApplicationState, ///< value: QString SparkApplication state ("" = new); foreground and decoration
    Unhandled,        ///< value: none; an application no operator handles (whole row); foreground
    PodPhase,         ///< value: QString pod phase (Running, Succeeded, Failed, Pending, ...); foreground
    WarningEvent,     ///< value: none; a Warning event's type and reason; foreground
    LogLevel,         ///< value: int LogModel::Level of a log line; foreground
    Gone,             ///< value: none; a run no longer on the cluster, kept in the history (whole row); foreground
};

/// Maps (look, value, role) to what Qt::ForegroundRole or Qt::DecorationRole return (a QColor, a
/// QIcon); returns an invalid QVariant for roles it does not dress.
using LookFunction = QVariant (*)(Look look, const QVariant& value, int role);

/// Installs `function` for every model (nullptr: none). Call on the GUI thread before models are
/// shown; models read it in data().
void setLookFunction(LookFunction function);
/// What the installed look function gives for `look` of `value` in `role`; an invalid QVariant
/// when none is installed.
QVariant look(Look look, const QVariant& value, int role);

} // namespace model
