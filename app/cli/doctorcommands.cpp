// doctor: the preflight of a namespace for Spark on the Spark Operator (session::Doctor), printed.

#include "app/cli/command.h"
#include "app/cli/invocation.h"
#include "app/session/doctor.h"
#include "models/sparkapplication.h"
#include "models/yamldocument.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace cli {

namespace {

using Doctor = session::Doctor;

const QString kDefaultServiceAccount = QStringLiteral("spark-operator-spark"); // as the operator's Helm chart creates it

/// The SparkApplication spec of `yaml` (spec.template for a ScheduledSparkApplication); false and
/// `error` set when it is not YAML or has no spec.
bool templateSpec(const QString& yaml, QJsonObject* spec, QString* error)
{
    model::YamlError yamlError;
    const std::optional<model::YamlDocument> doc = model::YamlDocument::parse(yaml, &yamlError);
    if (!doc) {
        *error = yamlError.toString();
        return false;
    }
    const QJsonObject object = doc->toJson();
    QJsonObject s = object.value(QLatin1String("spec")).toObject();
    if (object.value(QLatin1String("kind")).toString() == QLatin1String("ScheduledSparkApplication"))
        s = s.value(QLatin1String("template")).toObject();
    if (s.isEmpty()) {
        *error = QStringLiteral("no spec (a SparkApplication or ScheduledSparkApplication is expected)");
        return false;
    }
    *spec = s;
    return true;
}

QString mark(const Terminal& t, Doctor::Status status)
{
    switch (status) {
    case Doctor::Status::Ok: return t.paint(QStringLiteral("OK  "), Colour::Green);
    case Doctor::Status::Warning: return t.paint(QStringLiteral("WARN"), Colour::Yellow);
    case Doctor::Status::Error: return t.paint(QStringLiteral("FAIL"), Colour::Red);
    case Doctor::Status::Skipped: break;
    }
    return t.paint(QStringLiteral("SKIP"), Colour::Grey);
}

void print(Invocation& inv, const Doctor& doctor, const Doctor::Options& options, bool json)
{
    int counts[4] = {0, 0, 0, 0};
    for (const Doctor::Finding& f : doctor.findings())
        ++counts[int(f.status)];
    if (json) {
        QJsonArray findings;
        for (const Doctor::Finding& f : doctor.findings()) {
            findings.append(QJsonObject{{QStringLiteral("id"), f.id},
                                        {QStringLiteral("title"), f.title},
                                        {QStringLiteral("status"), Doctor::statusName(f.status)},
                                        {QStringLiteral("detail"), f.detail},
                                        {QStringLiteral("fix"), f.fix}});
        }
        const QJsonObject out{{QStringLiteral("namespace"), options.ns},
                              {QStringLiteral("serviceAccount"), options.serviceAccount},
                              {QStringLiteral("template"), options.templateName},
                              {QStringLiteral("findings"), findings},
                              {QStringLiteral("summary"), QJsonObject{{QStringLiteral("ok"), counts[0]},
                                                                      {QStringLiteral("warnings"), counts[1]},
                                                                      {QStringLiteral("errors"), counts[2]},
                                                                      {QStringLiteral("skipped"), counts[3]}}}};
        inv.terminal().write(QJsonDocument(out).toJson(QJsonDocument::Indented));
        return;
    }
    // One line a check: MARK  TITLE  detail, then "fix: ..." under the detail. Plain words as
    // marks (coloured on a terminal), so CI logs read and grep the same.
    qsizetype width = 0;
    for (const Doctor::Finding& f : doctor.findings())
        width = std::max(width, f.title.size());
    const QString indent(4 + 2 + width + 2, QLatin1Char(' '));
    Terminal& t = inv.terminal();
    for (const Doctor::Finding& f : doctor.findings()) {
        t.line(QStringLiteral("%1  %2  %3").arg(mark(t, f.status), f.title.leftJustified(width), f.detail));
        if (!f.fix.isEmpty())
            t.line(indent + t.paint(QStringLiteral("fix: "), Colour::Bold) + f.fix);
    }
    t.line(QStringLiteral("%1 checks in namespace %2: %3 ok, %4 warning%5, %6 failed, %7 skipped")
               .arg(doctor.findings().size())
               .arg(options.ns)
               .arg(counts[0])
               .arg(counts[1])
               .arg(counts[1] == 1 ? "" : "s")
               .arg(counts[2])
               .arg(counts[3]));
}

void runDoctor(Invocation& inv)
{
    const bool json = inv.value(QStringLiteral("output")) == QLatin1String("json");
    Doctor::Options options;
    // The template: --template FILE ("-" = standard input), else the shipped SparkPi.
    QString yaml;
    if (inv.isSet(QStringLiteral("template"))) {
        const QString file = inv.value(QStringLiteral("template"));
        QFile f;
        const bool opened = file == QLatin1String("-") ? f.open(stdin, QIODevice::ReadOnly) : (f.setFileName(file), f.open(QIODevice::ReadOnly));
        if (!opened)
            return inv.usageError(QStringLiteral("cannot read --template %1: %2").arg(file, f.errorString()));
        yaml = QString::fromUtf8(f.readAll());
        options.templateName = file == QLatin1String("-") ? QStringLiteral("the template") : QFileInfo(file).fileName();
    } else {
        for (const model::Preset& p : model::presets()) {
            if (p.id == QLatin1String("spark-pi")) {
                yaml = p.yaml;
                options.templateName = p.title;
            }
        }
    }
    QString error;
    if (!yaml.isEmpty() && !templateSpec(yaml, &options.spec, &error))
        return inv.usageError(QStringLiteral("--template %1: %2").arg(inv.value(QStringLiteral("template")), error));

    options.serviceAccount = inv.value(QStringLiteral("service-account"));
    if (options.serviceAccount.isEmpty() && inv.isSet(QStringLiteral("template")))
        options.serviceAccount = options.spec.value(QLatin1String("driver")).toObject().value(QLatin1String("serviceAccount")).toString();
    if (options.serviceAccount.isEmpty())
        options.serviceAccount = kDefaultServiceAccount;

    kube::KubeClient* client = inv.client();
    if (!client)
        return;
    options.ns = inv.ns();
    auto* doctor = new Doctor(client, options, &inv);
    QObject::connect(doctor, &Doctor::finished, &inv, [&inv, doctor, options, json]() {
        if (doctor->fatalError().isError()) {
            if (json)
                print(inv, *doctor, options, true);
            return inv.fail(doctor->fatalError());
        }
        print(inv, *doctor, options, json);
        inv.finish(doctor->hasErrors() ? ExitFailed : ExitOk);
    });
    doctor->start();
}

} // namespace

QList<Command> doctorCommands()
{
    Command doctor;
    doctor.name = QStringLiteral("doctor");
    doctor.summary = QStringLiteral("Check that the cluster and namespace are ready to run Spark applications.");
    doctor.description = QStringLiteral(
        "Runs read-only checks of the cluster for Spark on the Kubeflow Spark Operator (v2.x) in the namespace: the API server "
        "answers and accepts your credentials; the namespace exists; the SparkApplication and ScheduledSparkApplication CRDs "
        "serve v1beta2; the operator's controller Deployment is ready and watches the namespace; its webhook configurations "
        "exist, select the namespace and their Service has ready endpoints; the driver's service account exists and may "
        "run pods, services and config maps there (a SubjectAccessReview, as `kubectl auth can-i --as "
        "system:serviceaccount:NS:SA`); you may create SparkApplications there; and ResourceQuotas and LimitRanges leave "
        "room for the template's driver and executors (memory including Spark's overhead, max(384 MiB, 10%)).\n\n"
        "Each check prints OK, WARN, FAIL or SKIP, what it found and, when not OK, a fix. The service account is "
        "--service-account, else the template's spec.driver.serviceAccount, else spark-operator-spark (the chart's). The "
        "template is --template FILE, else the shipped SparkPi.\n\n"
        "Exit status: 0 when no check failed, 1 when one did, 3 when the cluster is unreachable or refuses the credentials.");
    doctor.options = {
        valued({QStringLiteral("service-account")}, QStringLiteral("NAME"),
               QStringLiteral("The driver's service account (default: the template's, else spark-operator-spark).")),
        valued({QStringLiteral("template")}, QStringLiteral("FILE"),
               QStringLiteral("A SparkApplication whose driver and executors the quota check counts (\"-\" = standard input).")),
        valued({QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("FORMAT"),
               QStringLiteral("json: the findings as JSON."), {}, {QStringLiteral("json")}),
    };
    doctor.examples = {QStringLiteral("sparkdeck doctor"), QStringLiteral("sparkdeck doctor -n spark-jobs --service-account spark"),
                       QStringLiteral("sparkdeck doctor --template job.yaml -o json")};
    doctor.run = runDoctor;
    return {doctor};
}

} // namespace cli
