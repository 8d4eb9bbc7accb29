#include "logpane.h"

#include "kubeclient.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSyntaxHighlighter>
#include <QVBoxLayout>

namespace ui {

namespace {
// Colours log4j levels and dims Java stack-trace lines.
class LogHighlighter : public QSyntaxHighlighter {
public:
    using QSyntaxHighlighter::QSyntaxHighlighter;

protected:
    void highlightBlock(const QString& text) override
    {
        static const QRegularExpression level(QStringLiteral(R"(\b(ERROR|FATAL|WARN|WARNING|INFO|DEBUG|TRACE)\b)"));
        static const QRegularExpression stack(QStringLiteral(R"(^\s+(at |\.\.\. \d+ more)|^Caused by:)"));
        if (stack.match(text).hasMatch()) {
            QTextCharFormat dim;
            dim.setForeground(QColor(0x8b, 0x94, 0x9e));
            setFormat(0, int(text.size()), dim);
            return;
        }
        const auto m = level.match(text);
        if (!m.hasMatch())
            return;
        QTextCharFormat f;
        const QString l = m.captured(1);
        if (l == QLatin1String("ERROR") || l == QLatin1String("FATAL")) {
            f.setForeground(QColor(0xd9, 0x3b, 0x3b));
            f.setFontWeight(QFont::Bold);
            setFormat(0, int(text.size()), f);
            return;
        }
        if (l.startsWith(QLatin1String("WARN")))
            f.setForeground(QColor(0xc7, 0x7c, 0x02));
        else if (l == QLatin1String("INFO"))
            f.setForeground(QColor(0x2e, 0x9e, 0x4f));
        else
            f.setForeground(QColor(0x8b, 0x94, 0x9e));
        f.setFontWeight(QFont::DemiBold);
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), f);
    }
};
} // namespace

LogPane::LogPane(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::RichText);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // long errors never widen the window
    bar->addWidget(m_header, 1);
    m_autoScroll = new QCheckBox(tr("Auto-scroll"), this);
    m_autoScroll->setChecked(true);
    m_autoScroll->setToolTip(tr("Keep the newest line in view"));
    bar->addWidget(m_autoScroll);
    layout->addLayout(bar);
    m_view = new QPlainTextEdit(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setReadOnly(true);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setMaximumBlockCount(200'000);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setUndoRedoEnabled(false);
    new LogHighlighter(m_view->document());
    layout->addWidget(m_view, 1);
    clear(tr("Select an application to follow its driver log."));
}

void LogPane::setClient(kube::KubeClient* client)
{
    m_client = client;
    clear(tr("Select an application to follow its driver log."));
}

QString LogPane::target() const
{
    if (!m_stream)
        return {};
    const auto& o = m_stream->options();
    return o.ns + QLatin1Char('/') + o.pod + QLatin1Char('/') + o.container;
}

kube::LogStream::State LogPane::streamState() const
{
    return m_stream ? m_stream->state() : kube::LogStream::State::Idle;
}

void LogPane::clear(const QString& hint)
{
    if (kube::LogStream* stream = std::exchange(m_stream, nullptr)) {
        stream->disconnect(this);
        delete stream;
    }
    m_view->clear();
    m_hint = hint;
    updateHeader();
}

void LogPane::follow(const QString& ns, const QString& pod, const QString& container)
{
    if (!m_client)
        return;
    if (target() == ns + QLatin1Char('/') + pod + QLatin1Char('/') + container)
        return;
    clear();
    kube::LogStream::Options options;
    options.ns = ns;
    options.pod = pod;
    options.container = container;
    options.follow = true;
    m_stream = new kube::LogStream(m_client, options, this);
    connect(m_stream, &kube::LogStream::stateChanged, this, &LogPane::updateHeader);
    connect(m_stream, &kube::LogStream::linesReceived, this, [this](const QStringList& lines) {
        QScrollBar* bar = m_view->verticalScrollBar();
        const bool atBottom = bar->value() >= bar->maximum() - 2;
        m_view->appendPlainText(lines.join(QLatin1Char('\n')));
        if (m_autoScroll->isChecked() && atBottom)
            bar->setValue(bar->maximum());
        updateHeader();
    });
    m_stream->start();
    updateHeader();
}

QString LogPane::text() const
{
    return m_view->toPlainText();
}

void LogPane::updateHeader()
{
    if (!m_stream) {
        m_header->setText(QStringLiteral("<span style='color:gray'>%1</span>").arg(m_hint.toHtmlEscaped()));
        return;
    }
    const auto& o = m_stream->options();
    QString state;
    switch (m_stream->state()) {
    case kube::LogStream::State::Idle: state = tr("connecting…"); break;
    case kube::LogStream::State::Waiting: state = tr("waiting: %1").arg(m_stream->statusMessage()); break;
    case kube::LogStream::State::Streaming: state = tr("following"); break;
    case kube::LogStream::State::Ended: state = tr("ended (the container finished)"); break;
    case kube::LogStream::State::Failed: state = tr("cannot read the log, retrying: %1").arg(m_stream->statusMessage()); break;
    }
    m_header->setToolTip(m_stream->statusMessage());
    m_header->setText(QStringLiteral("<b>%1</b> <span style='color:gray'>/ %2 — %3 — %4 lines</span>")
                          .arg(o.pod.toHtmlEscaped(), o.container.toHtmlEscaped(), state.toHtmlEscaped())
                          .arg(m_stream->lineCount()));
}

} // namespace ui
