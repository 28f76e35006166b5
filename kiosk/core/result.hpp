// Result<T, E>: the value of an operation that can fail at a boundary (a file, a device, a request).
//
// A stand-in for C++23 std::expected, kept to the subset the project uses so that swapping it for
// std::expected later is mechanical. Accessing value() of a failed Result, or error() of a good one,
// is a programmer error and aborts loudly; it never throws.
#pragma once

#include "kiosk/core/assert.hpp"

#include <concepts>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace kiosk {

// The default error: where it happened (a dotted component path such as "store.open") and what
// happened, in words an operator can act on. Never holds personal data (no NIKs, names, templates).
struct Error {
    std::string where;
    std::string what;

    [[nodiscard]] std::string to_string() const { return where.empty() ? what : where + ": " + what; }
    friend bool operator==(const Error&, const Error&) = default;
};

template <class E>
struct Unexpected {
    E error;
};

// fail(e): the failed side of a Result, for `return fail(...)`.
template <class E>
[[nodiscard]] Unexpected<std::decay_t<E>> fail(E&& error) {
    return Unexpected<std::decay_t<E>>{std::forward<E>(error)};
}
[[nodiscard]] inline Unexpected<Error> fail(std::string where, std::string what) {
    return Unexpected<Error>{Error{std::move(where), std::move(what)}};
}

template <class T, class E = Error>
class [[nodiscard]] Result {
public:
    using value_type = T;
    using error_type = E;

    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
    template <class U>
        requires std::is_constructible_v<E, U&&>
    Result(Unexpected<U> failure)  // NOLINT: implicit by design
        : state_(std::in_place_index<1>, E(std::move(failure.error))) {}

    [[nodiscard]] bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        VERIFY_MSG(ok(), "value() of a failed Result");
        return std::get<0>(state_);
    }
    const T& value() const& {
        VERIFY_MSG(ok(), "value() of a failed Result");
        return std::get<0>(state_);
    }
    T&& value() && {
        VERIFY_MSG(ok(), "value() of a failed Result");
        return std::get<0>(std::move(state_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const E& error() const {
        VERIFY_MSG(!ok(), "error() of a good Result");
        return std::get<1>(state_);
    }

    template <class U>
    T value_or(U&& fallback) const& {
        return ok() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
    }

    // Equal when both hold equal values or equal errors (as std::expected).
    friend bool operator==(const Result& a, const Result& b)
        requires std::equality_comparable<T> && std::equality_comparable<E>
    {
        return a.state_ == b.state_;
    }

private:
    std::variant<T, E> state_;
};

template <class E>
class [[nodiscard]] Result<void, E> {
public:
    using value_type = void;
    using error_type = E;

    Result() = default;
    template <class U>
        requires std::is_constructible_v<E, U&&>
    Result(Unexpected<U> failure) : error_(E(std::move(failure.error))), failed_(true) {}  // NOLINT

    [[nodiscard]] bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    void value() const {
        VERIFY_MSG(ok(), "value() of a failed Result");
    }
    const E& error() const {
        VERIFY_MSG(!ok(), "error() of a good Result");
        return error_;
    }

private:
    E error_{};
    bool failed_ = false;
};

using Status = Result<void>;

}  // namespace kiosk

// TRY(expression): evaluates a Result; when it failed, returns its error from the enclosing function
// (which returns a Result whose error type can be made from it); otherwise the expression's value is
// the Result's value (nothing for Result<void>). After SerenityOS's TRY. A GNU statement expression,
// which g++ and clang both support; __extension__ keeps -Wpedantic quiet about it. The error goes
// through fail() rather than Unexpected{...}: clang before 17 cannot deduce an aggregate's template
// arguments, and the fuzzers are built with clang.
//
//     auto file = TRY(open_file(path));
//     TRY(file.write(bytes));
#define TRY(expression)                                                                          \
    __extension__({                                                                              \
        auto&& kiosk_try_result_ = (expression);                                                 \
        if (!kiosk_try_result_.ok()) return ::kiosk::fail(kiosk_try_result_.error());            \
        std::move(kiosk_try_result_).value();                                                    \
    })
