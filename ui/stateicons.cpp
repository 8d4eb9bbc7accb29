#include "ui/stateicons.h"

#include "models/logmodel.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace ui {

namespace {
enum class Glyph { Ring, Dots, Play, PlayOutline, ArrowUp, Check, Exclamation, Cross, Square, Rerun, Slash, PauseDot, Pause, Question };

// One glyph per state, so states are told apart without relying on colour.
Glyph glyphFor(const QString& state)
{
    static const QHash<QString, Glyph> glyphs{
        {QStringLiteral("SUBMITTED"), Glyph::Dots},        {QStringLiteral("RUNNING"), Glyph::Play},
        {QStringLiteral("SUCCEEDING"), Glyph::ArrowUp},    {QStringLiteral("COMPLETED"), Glyph::Check},
        {QStringLiteral("FAILING"), Glyph::Exclamation},   {QStringLiteral("FAILED"), Glyph::Cross},
        {QStringLiteral("SUBMISSION_FAILED"), Glyph::Square}, {QStringLiteral("PENDING_RERUN"), Glyph::Rerun},
        {QStringLiteral("INVALIDATING"), Glyph::Slash},    {QStringLiteral("SUSPENDING"), Glyph::PauseDot},
        {QStringLiteral("SUSPENDED"), Glyph::Pause},       {QStringLiteral("RESUMING"), Glyph::PlayOutline},
        {QStringLiteral("UNKNOWN"), Glyph::Question},
    };
    return glyphs.value(state, Glyph::Ring);
}

QPixmap render(const QString& state, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor color = stateColor(state);
    const QRectF r(1, 1, size - 2, size - 2);
    const Glyph glyph = glyphFor(state);
    if (glyph == Glyph::Ring) {
        p.setPen(QPen(color, size / 8.0));
        p.drawEllipse(r.adjusted(1, 1, -1, -1));
        return pm;
    }
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(r);
    QPen pen(Qt::white, size / 8.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::white);
    const double s = size;
    switch (glyph) {
    case Glyph::Check:
        p.setBrush(Qt::NoBrush);
        p.drawPolyline(QPolygonF{{s * 0.28, s * 0.52}, {s * 0.44, s * 0.68}, {s * 0.72, s * 0.34}});
        break;
    case Glyph::Cross:
        p.drawLine(QPointF(s * 0.33, s * 0.33), QPointF(s * 0.67, s * 0.67));
        p.drawLine(QPointF(s * 0.67, s * 0.33), QPointF(s * 0.33, s * 0.67));
        break;
    case Glyph::Square:
        p.setPen(Qt::NoPen);
        p.drawRect(QRectF(s * 0.32, s * 0.32, s * 0.36, s * 0.36));
        break;
    case Glyph::Exclamation:
        p.drawLine(QPointF(s * 0.5, s * 0.26), QPointF(s * 0.5, s * 0.56));
        p.drawPoint(QPointF(s * 0.5, s * 0.74));
        break;
    case Glyph::Play:
        p.setPen(Qt::NoPen);
        p.drawPolygon(QPolygonF{{s * 0.38, s * 0.28}, {s * 0.72, s * 0.5}, {s * 0.38, s * 0.72}});
        break;
    case Glyph::PlayOutline:
        p.setBrush(Qt::NoBrush);
        p.drawPolygon(QPolygonF{{s * 0.38, s * 0.3}, {s * 0.7, s * 0.5}, {s * 0.38, s * 0.7}});
        break;
    case Glyph::ArrowUp:
        p.drawLine(QPointF(s * 0.5, s * 0.72), QPointF(s * 0.5, s * 0.3));
        p.drawLine(QPointF(s * 0.5, s * 0.3), QPointF(s * 0.34, s * 0.46));
        p.drawLine(QPointF(s * 0.5, s * 0.3), QPointF(s * 0.66, s * 0.46));
        break;
    case Glyph::Pause:
        p.drawLine(QPointF(s * 0.4, s * 0.32), QPointF(s * 0.4, s * 0.68));
        p.drawLine(QPointF(s * 0.6, s * 0.32), QPointF(s * 0.6, s * 0.68));
        break;
    case Glyph::PauseDot:
        p.drawLine(QPointF(s * 0.38, s * 0.3), QPointF(s * 0.38, s * 0.56));
        p.drawLine(QPointF(s * 0.58, s * 0.3), QPointF(s * 0.58, s * 0.56));
        p.drawPoint(QPointF(s * 0.48, s * 0.74));
        break;
    case Glyph::Dots:
        p.setPen(Qt::NoPen);
        for (double x : {0.3, 0.5, 0.7})
            p.drawEllipse(QPointF(s * x, s * 0.5), s * 0.07, s * 0.07);
        break;
    case Glyph::Rerun:
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(s * 0.28, s * 0.28, s * 0.44, s * 0.44), 90 * 16, 270 * 16);
        p.drawLine(QPointF(s * 0.5, s * 0.28), QPointF(s * 0.62, s * 0.2));
        break;
    case Glyph::Slash:
        p.drawLine(QPointF(s * 0.34, s * 0.68), QPointF(s * 0.66, s * 0.32));
        break;
    case Glyph::Question:
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(s * 0.36, s * 0.24, s * 0.28, s * 0.26), -90 * 16, 270 * 16);
        p.drawPoint(QPointF(s * 0.5, s * 0.72));
        break;
    case Glyph::Ring:
        break;
    }
    return pm;
}
} // namespace

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

QIcon stateIcon(const QString& state)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(state);
    if (it != cache.end())
        return *it;
    QIcon icon;
    for (int size : {16, 24, 32})
        icon.addPixmap(render(state, size));
    return *cache.insert(state, icon);
}

QVariant lookFor(model::Look look, const QVariant& value, int role)
{
    if (role == Qt::DecorationRole)
        return look == model::Look::ApplicationState ? QVariant(stateIcon(value.toString())) : QVariant();
    if (role != Qt::ForegroundRole)
        return {};
    const QColor amber(0xd9, 0x8e, 0x04);
    switch (look) {
    case model::Look::ApplicationState:
        return stateColor(value.toString());
    case model::Look::Unhandled:
    case model::Look::WarningEvent:
        return amber;
    case model::Look::PodPhase: {
        const QString phase = value.toString();
        if (phase == QLatin1String("Running"))
            return QColor(0x1f, 0x7a, 0xe0);
        if (phase == QLatin1String("Succeeded"))
            return QColor(0x2e, 0x9e, 0x4f);
        if (phase == QLatin1String("Failed"))
            return QColor(0xd9, 0x3b, 0x3b);
        return amber;
    }
    case model::Look::Gone:
        return QColor(0x8b, 0x94, 0x9e);
    case model::Look::LogLevel:
        switch (model::LogModel::Level(value.toInt())) {
        case model::LogModel::Error: return QColor(0xd9, 0x3b, 0x3b);
        case model::LogModel::Warn: return QColor(0xc7, 0x7c, 0x02);
        case model::LogModel::StackTrace:
        case model::LogModel::Debug: return QColor(0x8b, 0x94, 0x9e);
        default: return {};
        }
    }
    return {};
}

void installLooks()
{
    model::setLookFunction(&lookFor);
}

} // namespace ui
