#include "app/process/toolpath.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace proc {

QString toolsDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/sparkdeck/bin");
}

QString resolveProgram(const QString& program)
{
    if (program.isEmpty() || program.contains(QLatin1Char('/')) || program.contains(QDir::separator()))
        return program;
    if (!QStandardPaths::findExecutable(program).isEmpty())
        return program;
    const QString downloaded = QStandardPaths::findExecutable(program, {toolsDirectory()});
    return downloaded.isEmpty() ? program : downloaded;
}

QProcessEnvironment environmentWithTools(const QProcessEnvironment& base)
{
    QProcessEnvironment env = base.isEmpty() ? QProcessEnvironment::systemEnvironment() : base;
    const QString dir = toolsDirectory();
    if (!QFileInfo(dir).isDir())
        return env;
    const QString path = env.value(QStringLiteral("PATH"));
    const QStringList entries = path.split(QDir::listSeparator(), Qt::SkipEmptyParts);
    if (!entries.contains(dir))
        env.insert(QStringLiteral("PATH"), path.isEmpty() ? dir : path + QDir::listSeparator() + dir);
    return env;
}

} // namespace proc
