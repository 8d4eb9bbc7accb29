#pragma once

#include <QString>

#include <optional>

namespace model {

/// The units Spark reads a byte-size setting in (org.apache.spark.network.util.ByteUnit).
enum class SparkByteUnit { Byte, KiB, MiB, GiB, TiB, PiB };

/// What parseSparkByteSize() found.
struct SparkByteSize {
    /// The size in the unit asked for (rounded down, as Spark does); nullopt when Spark rejects the text.
    std::optional<qint64> value;
    /// Why Spark rejects the text and what it accepts instead; empty when `value` is set.
    QString error;
    /// The text Spark would accept for the size meant ("2g" for "2Gi", "1536m" for "1.5g"); empty
    /// when the text is accepted or no correction is obvious.
    QString suggestion;
};

/// Parses `text` exactly as Spark's JavaUtils.byteStringAs(text, unit) does for settings such as
/// spark.driver.memory and spark.executor.memoryOverhead (both read in MiB): the text is lower-cased
/// and trimmed, then must be a whole number of ASCII digits with an optional suffix b, k, kb, m, mb,
/// g, gb, t, tb, p or pb (powers of 1024; no suffix means `unit`). Fractions ("1.5g") and
/// Kubernetes suffixes ("2Gi") are rejected, as are numbers that do not fit a Java long and sizes
/// that overflow a long when converted to `unit`. Pure function, any thread.
SparkByteSize parseSparkByteSize(const QString& text, SparkByteUnit unit = SparkByteUnit::MiB);

} // namespace model
