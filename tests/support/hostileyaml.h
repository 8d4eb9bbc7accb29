#pragma once

// Hostile YAML documents, generated (nothing large is kept in the repository): an alias bomb
// ("billion laughs"), nesting far deeper than any Kubernetes object (flow and block), a file far
// larger than the codec reads, and bytes that are not UTF-8. Each is a map at the top level with
// apiVersion and kind first, so that it gets past "not a SparkApplication" checks to the limit
// under test.

#include <QByteArray>
#include <QFile>
#include <QString>

namespace hostile {

inline const QByteArray kHead = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: hostile\n";

/// `levels` levels of 9 aliases each to the level before: 9^levels nodes once expanded, a few
/// hundred bytes written. The first level is on line 5 (after kHead), level L on line 4 + L.
inline QByteArray aliasBomb(int levels = 9)
{
    QByteArray out = kHead + "l1: &l1 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int l = 2; l <= levels; ++l) {
        const QByteArray prev = "*l" + QByteArray::number(l - 1);
        out += "l" + QByteArray::number(l) + ": &l" + QByteArray::number(l) + " [";
        for (int i = 0; i < 9; ++i)
            out += (i ? ", " : "") + prev;
        out += "]\n";
    }
    return out;
}

/// `depth` flow sequences inside each other under the key "spec" (line 5).
inline QByteArray deepFlow(int depth = 20'000)
{
    return kHead + "spec: " + QByteArray(depth, '[') + QByteArray(depth, ']') + "\n";
}

/// `depth` block sequences inside each other in compact form ("- - - x") under "spec" (line 6).
inline QByteArray deepBlock(int depth = 20'000)
{
    QByteArray dashes;
    dashes.reserve(depth * 2);
    for (int i = 0; i < depth; ++i)
        dashes += "- ";
    return kHead + "spec:\n" + dashes + "x\n";
}

/// `depth` block maps inside each other, each key indented one more space ("spec" on line 5).
inline QByteArray deepBlockMaps(int depth = 300)
{
    QByteArray out = kHead + "spec:\n";
    for (int i = 1; i < depth; ++i)
        out += QByteArray(i, ' ') + "k:\n";
    return out + QByteArray(depth, ' ') + "v\n";
}

/// Writes a valid YAML file of `megabytes` MiB (long comment lines) to `path`; false on failure.
inline bool writeHugeFile(const QString& path, int megabytes = 100)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QByteArray line = "# " + QByteArray(1024 * 1024 - 3, 'x') + "\n";
    bool ok = f.write(kHead) == kHead.size();
    for (int i = 0; ok && i < megabytes; ++i)
        ok = f.write(line) == line.size();
    return ok;
}

/// Valid YAML but for the Latin-1 byte 0xE9 ("é") on line 6, column 12, at byte offset
/// kHead.size() + 17.
inline QByteArray notUtf8()
{
    return kHead + "spec:\n  main: caf\xe9.py\n";
}

} // namespace hostile
