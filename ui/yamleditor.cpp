#include "ui/yamleditor.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QPainter>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSyntaxHighlighter>
#include <QTextBlock>
#include <QToolTip>

#ifdef SPARKDECK_HAVE_KF6
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>
#endif

namespace ui {

namespace {

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

/// Highlighting for builds without KF6: keys, strings, numbers and booleans, comments, list dashes.
class BuiltinYamlHighlighter : public QSyntaxHighlighter {
public:
    explicit BuiltinYamlHighlighter(QTextDocument* doc)
        : QSyntaxHighlighter(doc)
    {
    }

    void setDark(bool dark)
    {
        m_key.setForeground(dark ? QColor(0x7a, 0xb8, 0xff) : QColor(0x00, 0x5c, 0xc5));
        m_key.setFontWeight(QFont::DemiBold);
        m_string.setForeground(dark ? QColor(0xa5, 0xd6, 0x80) : QColor(0x23, 0x86, 0x36));
        m_number.setForeground(dark ? QColor(0xf0, 0xa0, 0x60) : QColor(0xb3, 0x50, 0x00));
        m_comment.setForeground(dark ? QColor(0x8b, 0x94, 0x9e) : QColor(0x6a, 0x73, 0x7d));
        m_comment.setFontItalic(true);
        m_punct.setForeground(dark ? QColor(0xd2, 0xa8, 0xff) : QColor(0x8250df));
        rehighlight();
    }

protected:
    void highlightBlock(const QString& text) override
    {
        static const QRegularExpression key(QStringLiteral(R"(^(\s*(?:-\s+)?)([^#'"\s][^:#]*?|"[^"]*"|'[^']*')\s*:(\s|$))"));
        static const QRegularExpression dash(QStringLiteral(R"(^\s*(-)(\s|$))"));
        static const QRegularExpression quoted(QStringLiteral(R"("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')"));
        static const QRegularExpression scalar(
            QStringLiteral(R"((?<=:\s|-\s|^)\s*(true|false|yes|no|on|off|null|~|[-+]?[0-9][0-9_.eE+-]*)\s*(#.*)?$)"));
        static const QRegularExpression comment(QStringLiteral(R"((^|\s)#.*$)"));
        static const QRegularExpression marker(QStringLiteral(R"(^(---|\.\.\.)\s*$)"));

        if (marker.match(text).hasMatch()) {
            setFormat(0, int(text.size()), m_punct);
            return;
        }
        if (const auto m = dash.match(text); m.hasMatch())
            setFormat(int(m.capturedStart(1)), 1, m_punct);
        if (const auto m = key.match(text); m.hasMatch())
            setFormat(int(m.capturedStart(2)), int(m.capturedLength(2)), m_key);
        for (auto it = quoted.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), m_string);
        }
        if (const auto m = scalar.match(text); m.hasMatch())
            setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), m_number);
        // A '#' inside quotes is not a comment.
        for (auto it = comment.globalMatch(text); it.hasNext();) {
            const auto m = it.next();
            const int start = int(m.capturedStart()) + (text.at(m.capturedStart()) == QLatin1Char('#') ? 0 : 1);
            if (format(start) != m_string) {
                setFormat(start, int(text.size()) - start, m_comment);
                break;
            }
        }
    }

private:
    QTextCharFormat m_key, m_string, m_number, m_comment, m_punct;
};

class LineNumberArea : public QWidget {
public:
    explicit LineNumberArea(YamlEditor* editor)
        : QWidget(editor)
        , m_editor(editor)
    {
    }
    QSize sizeHint() const override { return {m_editor->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent* event) override { m_editor->paintLineNumbers(event); }

private:
    YamlEditor* m_editor;
};

} // namespace

#ifdef SPARKDECK_HAVE_KF6
struct YamlEditor::Kf6 {
    KSyntaxHighlighting::Repository repository;
    KSyntaxHighlighting::SyntaxHighlighter* highlighter = nullptr;
};
#else
struct YamlEditor::Kf6 {};
#endif

YamlEditor::YamlEditor(QWidget* parent)
    : QPlainTextEdit(parent)
    , m_lineNumbers(new LineNumberArea(this))
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabChangesFocus(false);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 2);
#ifdef SPARKDECK_HAVE_KF6
    m_kf6 = new Kf6;
    m_kf6->highlighter = new KSyntaxHighlighting::SyntaxHighlighter(document());
    m_kf6->highlighter->setDefinition(m_kf6->repository.definitionForName(QStringLiteral("YAML")));
    m_highlighter = m_kf6->highlighter;
#else
    m_highlighter = new BuiltinYamlHighlighter(document());
#endif
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] { setViewportMargins(lineNumberAreaWidth(), 0, 0, 0); });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect& rect, int dy) {
        if (dy)
            m_lineNumbers->scroll(0, dy);
        else
            m_lineNumbers->update(0, rect.y(), m_lineNumbers->width(), rect.height());
    });
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &YamlEditor::updateExtraSelections);
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
    applyTheme();
    updateExtraSelections();
}

YamlEditor::~YamlEditor()
{
    delete m_kf6;
}

QString YamlEditor::highlighterName() const
{
#ifdef SPARKDECK_HAVE_KF6
    return QStringLiteral("KSyntaxHighlighting");
#else
    return QStringLiteral("built-in");
#endif
}

void YamlEditor::applyTheme()
{
#ifdef SPARKDECK_HAVE_KF6
    using KSyntaxHighlighting::Repository;
    m_kf6->highlighter->setTheme(m_kf6->repository.defaultTheme(isDark(palette()) ? Repository::DarkTheme
                                                                                  : Repository::LightTheme));
    m_kf6->highlighter->rehighlight();
#else
    static_cast<BuiltinYamlHighlighter*>(m_highlighter)->setDark(isDark(palette()));
#endif
}

void YamlEditor::changeEvent(QEvent* event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        applyTheme();
}

bool YamlEditor::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip && m_errorLine > 0) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QTextCursor c = cursorForPosition(viewport()->mapFromParent(help->pos()));
        if (c.blockNumber() + 1 == m_errorLine) {
            QToolTip::showText(help->globalPos(), m_errorMessage, this);
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

int YamlEditor::lineNumberAreaWidth() const
{
    const int digits = QString::number(qMax(1, blockCount())).size();
    return 12 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * qMax(3, digits);
}

void YamlEditor::resizeEvent(QResizeEvent* event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect cr = contentsRect();
    m_lineNumbers->setGeometry(QRect(cr.left(), cr.top(), lineNumberAreaWidth(), cr.height()));
}

void YamlEditor::keyPressEvent(QKeyEvent* event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (!enter || isReadOnly() || (event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))) {
        QPlainTextEdit::keyPressEvent(event);
        return;
    }
    // The new line starts where the current one's content does: deeper after "key:", and under the
    // key of a "- key: value" item.
    QTextCursor cursor = textCursor();
    const QString before = cursor.block().text().left(cursor.positionInBlock());
    int indent = 0;
    while (indent < before.size() && before.at(indent) == QLatin1Char(' '))
        ++indent;
    static const QRegularExpression comment(QStringLiteral(R"(\s+#.*$)"));
    const QString code = QString(before).remove(comment).trimmed();
    const bool item = code.startsWith(QLatin1String("- ")) && code.contains(QLatin1Char(':'));
    if (item)
        indent += 2;
    if (code.endsWith(QLatin1Char(':')))
        indent += 2;
    cursor.beginEditBlock();
    cursor.insertText(QStringLiteral("\n") + QString(indent, QLatin1Char(' ')));
    cursor.endEditBlock();
    setTextCursor(cursor);
    ensureCursorVisible();
}

void YamlEditor::paintLineNumbers(QPaintEvent* event)
{
    QPainter painter(m_lineNumbers);
    const QPalette pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::AlternateBase));
    QTextBlock block = firstVisibleBlock();
    int number = block.blockNumber() + 1;
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    const int current = textCursor().blockNumber() + 1;
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            QFont f = font();
            if (number == m_errorLine) {
                painter.fillRect(0, top, m_lineNumbers->width(), bottom - top, QColor(0xd9, 0x3b, 0x3b));
                painter.setPen(Qt::white);
                f.setBold(true);
            } else {
                painter.setPen(pal.color(number == current ? QPalette::Text : QPalette::PlaceholderText));
            }
            painter.setFont(f);
            painter.drawText(0, top, m_lineNumbers->width() - 6, fontMetrics().height(), Qt::AlignRight,
                             QString::number(number));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
        ++number;
    }
}

void YamlEditor::setError(int line, int column, const QString& message)
{
    m_errorLine = line;
    m_errorColumn = column;
    m_errorMessage = message;
    updateExtraSelections();
    m_lineNumbers->update();
}

void YamlEditor::clearError()
{
    if (m_errorLine == 0)
        return;
    m_errorLine = 0;
    m_errorColumn = 0;
    m_errorMessage.clear();
    updateExtraSelections();
    m_lineNumbers->update();
}

void YamlEditor::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    QTextEdit::ExtraSelection current;
    QColor lineColor = palette().color(QPalette::Highlight);
    lineColor.setAlpha(isDark(palette()) ? 40 : 24);
    current.format.setBackground(lineColor);
    current.format.setProperty(QTextFormat::FullWidthSelection, true);
    current.cursor = textCursor();
    current.cursor.clearSelection();
    selections << current;
    if (m_errorLine > 0) {
        const QTextBlock block = document()->findBlockByNumber(m_errorLine - 1);
        if (block.isValid()) {
            QTextEdit::ExtraSelection line;
            line.format.setBackground(QColor(0xd9, 0x3b, 0x3b, 36));
            line.format.setProperty(QTextFormat::FullWidthSelection, true);
            line.cursor = QTextCursor(block);
            selections << line;
            QTextEdit::ExtraSelection mark;
            mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            mark.format.setUnderlineColor(QColor(0xd9, 0x3b, 0x3b));
            mark.cursor = QTextCursor(block);
            const int col = qBound(0, m_errorColumn - 1, qMax(0, int(block.length()) - 1));
            mark.cursor.setPosition(block.position() + col);
            mark.cursor.setPosition(block.position() + qMax(col + 1, int(block.length()) - 1), QTextCursor::KeepAnchor);
            selections << mark;
        }
    }
    setExtraSelections(selections);
}

void YamlEditor::setTextKeepingView(const QString& text)
{
    if (text == toPlainText())
        return;
    const int line = textCursor().blockNumber();
    const int scroll = verticalScrollBar()->value();
    setPlainText(text);
    QTextCursor c(document()->findBlockByNumber(qMin(line, blockCount() - 1)));
    setTextCursor(c);
    verticalScrollBar()->setValue(scroll);
}

void YamlEditor::setPasteLimit(qsizetype maxCharacters, std::function<void(qsizetype)> refused)
{
    m_pasteLimit = maxCharacters;
    m_pasteRefused = std::move(refused);
}

void YamlEditor::insertFromMimeData(const QMimeData* source)
{
    if (m_pasteLimit > 0 && source && source->hasText()) {
        const qsizetype incoming = source->text().size();
        const qsizetype kept = document()->characterCount() - 1 - textCursor().selectedText().size();
        if (kept + incoming > m_pasteLimit) {
            if (m_pasteRefused)
                m_pasteRefused(incoming);
            return;
        }
    }
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace ui
