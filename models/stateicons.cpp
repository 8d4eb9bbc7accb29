#include "stateicons.h"

#include "sparkapplication.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace model {

namespace {
enum class Glyph { None, Check, Cross, Play, Pause, Dots, Arrow, Question, Ring };

Glyph glyphFor(const QString& state)
{
    if (state == QLatin1String("COMPLETED") || state == QLatin1String("SUCCEEDING"))
        return Glyph::Check;
    if (state == QLatin1String("FAILED") || state == QLatin1String("SUBMISSION_FAILED") || state == QLatin1String("FAILING"))
        return Glyph::Cross;
    if (state == QLatin1String("RUNNING") || state == QLatin1String("RESUMING"))
        return Glyph::Play;
    if (state == QLatin1String("SUSPENDED") || state == QLatin1String("SUSPENDING"))
        return Glyph::Pause;
    if (state == QLatin1String("SUBMITTED"))
        return Glyph::Dots;
    if (state == QLatin1String("PENDING_RERUN") || state == QLatin1String("INVALIDATING"))
        return Glyph::Arrow;
    if (state == QLatin1String("UNKNOWN"))
        return Glyph::Question;
    return Glyph::Ring;
}

QPixmap render(const QString& state, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor color = spark::stateColor(state);
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
    case Glyph::Play:
        p.setPen(Qt::NoPen);
        p.drawPolygon(QPolygonF{{s * 0.38, s * 0.28}, {s * 0.72, s * 0.5}, {s * 0.38, s * 0.72}});
        break;
    case Glyph::Pause:
        p.drawLine(QPointF(s * 0.4, s * 0.32), QPointF(s * 0.4, s * 0.68));
        p.drawLine(QPointF(s * 0.6, s * 0.32), QPointF(s * 0.6, s * 0.68));
        break;
    case Glyph::Dots:
        p.setPen(Qt::NoPen);
        for (double x : {0.3, 0.5, 0.7})
            p.drawEllipse(QPointF(s * x, s * 0.5), s * 0.07, s * 0.07);
        break;
    case Glyph::Arrow: {
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(s * 0.28, s * 0.28, s * 0.44, s * 0.44), 90 * 16, 270 * 16);
        break;
    }
    case Glyph::Question:
        p.setBrush(Qt::NoBrush);
        p.drawArc(QRectF(s * 0.36, s * 0.24, s * 0.28, s * 0.26), -90 * 16, 270 * 16);
        p.drawPoint(QPointF(s * 0.5, s * 0.72));
        break;
    case Glyph::None:
    case Glyph::Ring:
        break;
    }
    return pm;
}
} // namespace

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

} // namespace model
