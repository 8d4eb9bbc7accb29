#pragma once

// default/spark-pi of a FakeSparkCluster's API server as the window sees it: a client, the
// SparkApplications informer and model, and the application's session::ApplicationDetails.

#include "app/kube/informer.h"
#include "app/session/applicationdetails.h"
#include "models/applicationsmodel.h"

#include <QTest>

#include <memory>

#include "tests/support/fakesparkui.h"

struct FakeSparkApp {
    explicit FakeSparkApp(FakeSparkCluster& spark)
        : client([&] {
              kube::ClusterConnection c;
              c.server = QUrl(spark.api.url());
              return c;
          }())
        , informer(&client, kube::ResourceKind::sparkApplications(), QStringLiteral("default"))
    {
        applications.setInformer(&informer);
        informer.start();
    }
    /// Waits until the informer has the application; then details() is its session. False on timeout.
    bool waitListed()
    {
        if (!QTest::qWaitFor([&] { return applications.rowOf(QStringLiteral("default/spark-pi")) >= 0; }, 10000))
            return false;
        details = std::make_unique<session::ApplicationDetails>(&client, &applications, QStringLiteral("default"), QStringLiteral("spark-pi"));
        return true;
    }
    kube::KubeClient client;
    kube::Informer informer;
    model::ApplicationsModel applications;
    std::unique_ptr<session::ApplicationDetails> details;
};
