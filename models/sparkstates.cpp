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

QString stateLabel(const QString& state)
{
    return state.isEmpty() ? QStringLiteral("NEW") : state;
}

} // namespace spark

} // namespace model
