// SparkApplication facts, the states: the list of application states, which are terminal, their
// labels (declared in models/sparkapplication.h, namespace spark).
#include "models/sparkapplication.h"

#include <QHash>

namespace model {

namespace spark {

QStringList applicationStates()
{
    return {QString(),
            QStringLiteral("SUBMITTED"),
            QStringLiteral("RUNNING"),
            QStringLiteral("COMPLETED"),
            QStringLiteral("FAILED"),
            QStringLiteral("SUBMISSION_FAILED"),
            QStringLiteral("PENDING_RERUN"),
            QStringLiteral("INVALIDATING"),
            QStringLiteral("SUCCEEDING"),
            QStringLiteral("FAILING"),
            QStringLiteral("SUSPENDING"),
            QStringLiteral("SUSPENDED"),
            QStringLiteral("RESUMING"),
            QStringLiteral("UNKNOWN")};
}

bool isTerminalState(const QString& state)
{
    return state == QLatin1String("COMPLETED") || state == QLatin1String("FAILED")
        || state == QLatin1String("SUBMISSION_FAILED");
}

QColor stateColor(const QString& state)
{
    // One distinct colour per state (the icon's glyph tells them apart without colour too).
    static const QHash<QString, QColor> colors{
        {QString(), QColor(0x9a, 0xa0, 0xa6)},                          // new
        {QStringLiteral("SUBMITTED"), QColor(0x6a, 0x5a, 0xcd)},
        {QStringLiteral("RUNNING"), QColor(0x1f, 0x7a, 0xe0)},
        {QStringLiteral("SUCCEEDING"), QColor(0x3f, 0xb5, 0xa0)},
        {QStringLiteral("COMPLETED"), QColor(0x2e, 0x9e, 0x4f)},
        {QStringLiteral("FAILING"), QColor(0xe8, 0x74, 0x3b)},
        {QStringLiteral("FAILED"), QColor(0xd9, 0x3b, 0x3b)},
        {QStringLiteral("SUBMISSION_FAILED"), QColor(0xa3, 0x26, 0x2a)},
        {QStringLiteral("PENDING_RERUN"), QColor(0xd9, 0x8e, 0x04)},
        {QStringLiteral("INVALIDATING"), QColor(0xb8, 0x86, 0x0b)},
        {QStringLiteral("SUSPENDING"), QColor(0x7f, 0x8c, 0x9a)},
        {QStringLiteral("SUSPENDED"), QColor(0x5f, 0x6b, 0x7a)},
        {QStringLiteral("RESUMING"), QColor(0x5b, 0x9b, 0xd5)},
        {QStringLiteral("UNKNOWN"), QColor(0xa0, 0x6c, 0xd5)},
    };
    return colors.value(state, QColor(0x9a, 0xa0, 0xa6));
}

QString stateLabel(const QString& state)
{
    return state.isEmpty() ? QStringLiteral("NEW") : state;
}

} // namespace spark

} // namespace model
