#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

namespace session {

/// What the details of a SparkApplication show from its live object (sparkoperator.k8s.io/v1beta2,
/// fields as the Kubeflow Spark Operator's API reference names them), so widgets show fields and
/// never read JSON. Empty strings / 0 where the object has no such field.
struct ApplicationFacts {
    QString uid;                 ///< metadata.uid
    QString state;               ///< status.applicationState.state
    QString errorMessage;        ///< status.applicationState.errorMessage
    QString submissionId;        ///< status.submissionID
    bool hasDriverInfo = false;  ///< status.driverInfo is present
    QString driverPod;           ///< status.driverInfo.podName
    QString webUIServiceName;    ///< status.driverInfo.webUIServiceName
    QString webUIAddress;        ///< status.driverInfo.webUIAddress ("10.0.0.5:4040")
    int webUIPort = 0;           ///< status.driverInfo.webUIPort
    QString webUIIngressAddress; ///< status.driverInfo.webUIIngressAddress
    /// status.executorState: executor pod name -> state (RUNNING, COMPLETED, FAILED ...), by name.
    QList<QPair<QString, QString>> executorStates;
    /// How many executors are in each state, by state.
    QMap<QString, int> executorStateCounts;

    /// The service the Spark UI is port-forwarded from: webUIServiceName, else "<name>-ui-svc"
    /// (the operator's name for it).
    QString sparkUiService(const QString& applicationName) const;
};

/// The facts of `application` (a SparkApplication object; an empty object gives empty facts). Pure.
ApplicationFacts applicationFacts(const QJsonObject& application);

} // namespace session
