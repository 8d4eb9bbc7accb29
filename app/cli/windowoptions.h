#pragma once

#include "app/cli/command.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace cli {

/// `option` as a QCommandLineOption: the same names, description, value name and default.
QCommandLineOption qtOption(const Option& option);
/// Adds every option of `options` to `parser` (see qtOption()).
void addOptions(QCommandLineParser& parser, const QList<Option>& options);

} // namespace cli
