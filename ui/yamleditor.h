#pragma once

#include <QPlainTextEdit>

#include <functional>

class QSyntaxHighlighter;

namespace ui {

/// A YAML text editor: monospace, line numbers, syntax highlighting (KSyntaxHighlighting's "YAML"
/// definition with a theme matching the palette when SparkDeck is built with KF6, a small built-in
/// highlighter otherwise), and an error marker (wavy underline + red line number) for a syntax
/// error at a 1-based line and column. Enter keeps the current line's indentation, one step (two
/// spaces) deeper after a line ending with ':' and under the key of a "- key: value" list item.
class YamlEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    explicit YamlEditor(QWidget* parent = nullptr);
    ~YamlEditor() override;

    /// Marks `line`:`column` (1-based) with `message` as tooltip; replaces an earlier mark.
    void setError(int line, int column, const QString& message);
    void clearError();
    /// The marked line, or 0.
    int errorLine() const { return m_errorLine; }

    /// Replaces the text but keeps the cursor line and scroll position (for live previews).
    void setTextKeepingView(const QString& text);

    /// Refuses a paste or drop that would make the text longer than `maxCharacters` (0: no limit):
    /// the text stays as it was and `refused` is called with the length of the refused text.
    void setPasteLimit(qsizetype maxCharacters, std::function<void(qsizetype)> refused);

    /// "KSyntaxHighlighting" or "built-in": which highlighter is active.
    QString highlighterName() const;

    int lineNumberAreaWidth() const;
    void paintLineNumbers(QPaintEvent* event);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool event(QEvent* event) override;
    void insertFromMimeData(const QMimeData* source) override;

private:
    void applyTheme();
    void updateExtraSelections();

    QWidget* m_lineNumbers;
    QSyntaxHighlighter* m_highlighter = nullptr;
    struct Kf6;
    Kf6* m_kf6 = nullptr;
    int m_errorLine = 0;
    int m_errorColumn = 0;
    QString m_errorMessage;
    qsizetype m_pasteLimit = 0;
    std::function<void(qsizetype)> m_pasteRefused;
};

} // namespace ui
