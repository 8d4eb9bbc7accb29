// Helpers for the tests that run against a local control plane started by
// tests/integration/fixture (stand-in or real mode): where its kubeconfig and kubectl are, the
// states the applications table shows for one application, and a main window on the cluster.
#pragma once

#include "models/applicationsmodel.h"
#include "tests/support/clusterpaths.h"
#include "ui/jobeditor.h"
#include "ui/mainwindow.h"

#include <QAbstractItemModel>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QString>
#include <QStringList>
#include <QTest>

/// Options of a main window on the fixture's cluster (its kubeconfig only, default namespace).
inline ui::SessionOptions fixtureSessionOptions(const QString& kubeconfig)
{
    ui::SessionOptions options;
    options.kubeconfigFiles = {kubeconfig};
    options.explicitKubeconfig = true;
    return options;
}

/// Appends to *seen every new State the model shows for the application `key` ("ns/name"),
/// from now until `context` is destroyed. Runs on the model's (GUI) thread.
inline void recordStates(model::ApplicationsModel* model, const QString& key, QStringList* seen, QObject* context)
{
    auto record = [model, key, seen] {
        const int row = model->rowOf(key);
        if (row < 0)
            return;
        const QString state = model->index(row, model::ApplicationsModel::State).data().toString();
        if (!state.isEmpty() && (seen->isEmpty() || seen->last() != state))
            *seen << state;
    };
    QObject::connect(model, &QAbstractItemModel::dataChanged, context, record);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, context, record);
}

/// Fills the window's job editor like a user: opens it, loads the preset `preset` and types `name`
/// over metadata.name. Reports failures through QTest (check QTest::currentTestFailed()).
inline void fillPresetInEditor(ui::MainWindow& window, const QString& preset, const QString& name)
{
    window.showEditor();
    ui::JobEditor* editor = window.jobEditor();
    QVERIFY(editor->loadPreset(preset));
    auto* nameEdit = qobject_cast<QLineEdit*>(editor->fieldWidget(QStringLiteral("metadata.name")));
    QVERIFY(nameEdit);
    nameEdit->selectAll();
    QTest::keyClicks(nameEdit, name);
    QVERIFY(editor->yamlText().contains(QStringLiteral("name: ") + name));
}

/// Submits from the window's job editor like a user: fillPresetInEditor(), then clicks Submit once
/// it is enabled. Reports failures through QTest (check QTest::currentTestFailed()).
inline void submitPresetFromEditor(ui::MainWindow& window, const QString& preset, const QString& name)
{
    fillPresetInEditor(window, preset, name);
    if (QTest::currentTestFailed())
        return;
    ui::JobEditor* editor = window.jobEditor();
    QTRY_VERIFY(editor->submitButton()->isEnabled());
    QTest::mouseClick(editor->submitButton(), Qt::LeftButton);
}
