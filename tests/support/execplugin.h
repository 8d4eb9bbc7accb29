// A client whose user runs an exec credential plugin, for the tests against the local control
// plane's token webhook (tests/cluster README "Bearer tokens"). QtCore + sparkdeck_kube only.
#pragma once

#include "app/kube/kubeclient.h"
#include "app/kube/kubeconfig.h"

#include <memory>

/// A client for the API server of `adminKubeconfig`'s current context (its server and CA, no
/// client certificate) whose user runs the exec plugin `./command` (client.authentication.k8s.io/v1,
/// interactiveMode Never), resolved against the directory of `kubeconfigPath` (a path only: nothing
/// is written there). nullptr when the admin kubeconfig does not load.
inline std::unique_ptr<kube::KubeClient> execPluginClient(const QString& adminKubeconfig, const QString& command,
                                                          const QString& kubeconfigPath)
{
    kube::KubeconfigError error;
    const auto admin = kube::Kubeconfig::load({adminKubeconfig}, true, &error);
    if (!admin)
        return nullptr;
    const kube::ClusterEntry* cluster = admin->cluster(admin->context(admin->currentContext())->cluster);
    const QByteArray yaml = "clusters:\n- name: local\n  cluster:\n    server: " + cluster->server.toUtf8()
        + "\n    certificate-authority-data: " + cluster->certificateAuthorityData.toBase64()
        + "\nusers:\n- name: plugin\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
          "      command: ./" + command.toUtf8() + "\n      interactiveMode: Never\n"
          "contexts:\n- name: exec\n  context: {cluster: local, user: plugin}\ncurrent-context: exec\n";
    const auto config = kube::Kubeconfig::parse(yaml, kubeconfigPath, &error);
    if (!config)
        return nullptr;
    const auto connection = config->connection({}, &error);
    return connection ? std::make_unique<kube::KubeClient>(*connection) : nullptr;
}
