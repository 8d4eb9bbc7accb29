// SparkApplication facts, secrets: finding credentials written inline in Spark or Hadoop
// configuration and moving them into a Kubernetes Secret.
#include "models/sparkapplication.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace model {

namespace {
bool namesASecret(const QString& key)
{
    static const QRegularExpression re(
        QStringLiteral(R"((secret|passw(or)?d|token|credential|access[._-]?key|private[._-]?key|api[._-]?key))"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(key).hasMatch() && !key.contains(QLatin1String("provider"), Qt::CaseInsensitive)
        && !key.endsWith(QLatin1String(".file"), Qt::CaseInsensitive) && !key.contains(QLatin1String("keyfile"), Qt::CaseInsensitive);
}

bool isReference(const QString& value)
{
    return value.contains(QLatin1String("${env:")) || value.contains(QLatin1String("${env."));
}

} // namespace

QString secretEnvName(const QString& key)
{
    if (key == QLatin1String("fs.s3a.access.key") || key == QLatin1String("spark.hadoop.fs.s3a.access.key"))
        return QStringLiteral("AWS_ACCESS_KEY_ID");
    if (key == QLatin1String("fs.s3a.secret.key") || key == QLatin1String("spark.hadoop.fs.s3a.secret.key"))
        return QStringLiteral("AWS_SECRET_ACCESS_KEY");
    if (key == QLatin1String("fs.s3a.session.token") || key == QLatin1String("spark.hadoop.fs.s3a.session.token"))
        return QStringLiteral("AWS_SESSION_TOKEN");
    QString name = key.toUpper();
    static const QRegularExpression nonWord(QStringLiteral("[^A-Z0-9]+"));
    name.replace(nonWord, QStringLiteral("_"));
    return QStringLiteral("SPARKDECK_") + name;
}

QString secretKeyName(const QString& envName)
{
    return envName.toLower().replace(QLatin1Char('_'), QLatin1Char('-'));
}

QList<InlineSecret> findInlineSecrets(const YamlDocument& doc)
{
    QList<InlineSecret> found;
    const QString spec = isScheduled(doc) ? QStringLiteral("spec.template") : QStringLiteral("spec");
    for (const QString& map : {QStringLiteral("sparkConf"), QStringLiteral("hadoopConf")}) {
        const QString path = spec + QLatin1Char('.') + map;
        for (const auto& [key, value] : doc.value(path, ValueType::StringMap).value<StringPairs>())
            if (namesASecret(key) && !value.isEmpty() && !isReference(value))
                found << InlineSecret{path, key, value};
    }
    for (const QString& pod : {QStringLiteral("driver"), QStringLiteral("executor")}) {
        const QString path = spec + QLatin1Char('.') + pod + QStringLiteral(".env");
        for (const QJsonValue& v : doc.json(path).toArray()) {
            const QJsonObject e = v.toObject();
            const QString name = e.value(QLatin1String("name")).toString();
            const QString value = e.value(QLatin1String("value")).toString();
            if (namesASecret(name) && !value.isEmpty())
                found << InlineSecret{path, name, value};
        }
    }
    return found;
}

void moveSecretsToSecret(YamlDocument& doc, const QList<InlineSecret>& secrets, const QString& secretName,
                         QMap<QString, QString>* secretData)
{
    const QString spec = isScheduled(doc) ? QStringLiteral("spec.template") : QStringLiteral("spec");
    QMap<QString, QJsonArray> envs; // "driver" / "executor" → env list, edited as JSON
    for (const QString& pod : {QStringLiteral("driver"), QStringLiteral("executor")})
        envs[pod] = doc.json(spec + QLatin1Char('.') + pod + QStringLiteral(".env")).toArray();
    auto secretRef = [&](const QString& envName, const QString& key) {
        return QJsonObject{{QStringLiteral("name"), envName},
                           {QStringLiteral("valueFrom"),
                            QJsonObject{{QStringLiteral("secretKeyRef"),
                                         QJsonObject{{QStringLiteral("name"), secretName}, {QStringLiteral("key"), key}}}}}};
    };
    auto setEnv = [&](const QString& pod, const QJsonObject& entry) {
        QJsonArray& list = envs[pod];
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list.at(i).toObject().value(QLatin1String("name")) == entry.value(QLatin1String("name"))) {
                list.replace(i, entry);
                return;
            }
        }
        list.append(entry);
    };
    for (const InlineSecret& s : secrets) {
        if (s.path.endsWith(QLatin1String(".env"))) {
            const QString key = secretKeyName(s.key);
            secretData->insert(key, s.value);
            setEnv(s.path.section(QLatin1Char('.'), -2, -2), secretRef(s.key, key));
            continue;
        }
        const QString envName = secretEnvName(s.key);
        const QString key = secretKeyName(envName);
        secretData->insert(key, s.value);
        for (const QString& pod : {QStringLiteral("driver"), QStringLiteral("executor")})
            setEnv(pod, secretRef(envName, key));
        if (envName.startsWith(QLatin1String("AWS_")))
            doc.removeEntry(s.path, s.key); // S3A's default credential chain reads AWS_* from the environment
        else if (s.path.endsWith(QLatin1String(".sparkConf")))
            doc.setEntry(s.path, s.key, QStringLiteral("${env:%1}").arg(envName)); // Spark's substitution
        else
            doc.setEntry(s.path, s.key, QStringLiteral("${env.%1}").arg(envName)); // Hadoop's substitution
    }
    for (auto it = envs.cbegin(); it != envs.cend(); ++it) {
        if (!it.value().isEmpty())
            doc.setYaml(spec + QLatin1Char('.') + it.key() + QStringLiteral(".env"),
                        QString::fromUtf8(QJsonDocument(it.value()).toJson(QJsonDocument::Compact)), nullptr);
    }
}

} // namespace model
