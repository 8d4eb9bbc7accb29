#pragma once

#include "app/kube/kubeerror.h"

#include <optional>
#include <utility>

namespace kube {

/// The outcome of an operation of the core (app/kube, app/session): either a value of type `T`, or
/// why there is none as a typed KubeError (network, HTTP with the Kubernetes Status, parse,
/// credentials; `permanent` when retrying cannot help). The one error convention of the core:
/// asynchronous operations hand a Result to their callback, synchronous ones return it.
///
///     client->get(path, this, [](const Result<QJsonObject>& r) {
///         if (!r) return report(r.error());
///         use(*r);
///     });
///
/// A Result built from a KubeError whose kind is None is a failure all the same (Kind::Parse,
/// "no value"), so a forgotten error kind can never pass for success.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_value(std::move(value)) {}
    Result(KubeError error) : m_error(std::move(error))
    {
        if (!m_error.isError())
            m_error = KubeError::parse(QStringLiteral("no value"));
    }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    /// The value; only valid when ok().
    const T& value() const& { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    const T& operator*() const& { return *m_value; }
    const T* operator->() const { return &*m_value; }
    /// The value when ok(), else `fallback`.
    T valueOr(T fallback) const { return m_value ? *m_value : std::move(fallback); }
    /// Why there is no value; Kind::None when ok().
    const KubeError& error() const { return m_error; }

private:
    std::optional<T> m_value;
    KubeError m_error;
};

/// The outcome of an operation that yields no value: success, or the typed KubeError.
template <>
class [[nodiscard]] Result<void> {
public:
    /// Success.
    Result() = default;
    /// Success when `error.kind` is None, else that failure.
    Result(KubeError error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.isError(); }
    explicit operator bool() const { return ok(); }
    const KubeError& error() const { return m_error; }

private:
    KubeError m_error;
};

/// An operation's outcome when it yields no value.
using Status = Result<void>;

} // namespace kube
