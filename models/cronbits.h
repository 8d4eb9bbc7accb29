#pragma once

// Internal to the cron implementation (cronparse.cpp, crondescribe.cpp): not a public API.

#include <QtGlobal>

namespace model::cronimpl {

/// The bit set with bits `min` to `max` (inclusive, 0-63) set: a field that allows every value.
inline quint64 allBits(int min, int max)
{
    quint64 bits = 0;
    for (int v = min; v <= max; ++v)
        bits |= quint64(1) << v;
    return bits;
}

} // namespace model::cronimpl
