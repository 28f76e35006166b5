// Test support: REQUIRE that a Result is good, with its error as the failure message.
#pragma once

#include "kiosk/core/result.hpp"

#include <doctest/doctest.h>

#include <utility>

namespace kiosk::testing {

// The value of a good `result`; a failed one fails the test with its error's words.
template <class T, class E>
T require_ok(Result<T, E> result) {
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error().to_string()));
    return std::move(result).value();
}

}  // namespace kiosk::testing
