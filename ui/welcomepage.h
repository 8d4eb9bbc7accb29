#pragma once

#include <QWidget>

class QLabel;

namespace ui {

/// Shown when SparkDeck has no cluster to talk to: says why (the kubeconfig problem, naming the
/// file and field) and what to do, with buttons to open a kubeconfig file or retry.
class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

    /// Shows `problem` (plain text) as the reason.
    void setProblem(const QString& problem);
    QString text() const;

signals:
    void retryRequested();
    /// The user wants to create a local cluster with the Kind wizard.
    void setupRequested();
    /// The user picked a kubeconfig file.
    void kubeconfigChosen(const QString& file);

private:
    QLabel* m_problem;
    QLabel* m_body;
};

} // namespace ui
