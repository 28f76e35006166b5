// How a kioskctl command ends, and the one place its failures are told to the person who typed it.
//
// A command's body returns CommandResult: when it ran to the end, its exit status (kExitSuccess, or a
// command's own answer such as import's kExitUsage for bad lines); when it stopped, a CommandError,
// which finish() prints as "kioskctl: <message>" (or "kioskctl nik check: <message>", naming the
// subcommand) on stderr before returning its exit status. Any error
// with a to_string() (kiosk::Error, DispenserError, ...) converts to a CommandError with exit status
// 1, so inside a body `auto database = TRY(open_store_for_command(...));` reads "or tell the user
// and stop". These lines are output for a person at a terminal, not log events (kiosk/log).
#pragma once

#include "kiosk/core/result.hpp"

#include <concepts>
#include <string>
#include <string_view>
#include <utility>

namespace kiosk::ctl {

inline constexpr int kExitSuccess = 0;
inline constexpr int kExitFailure = 1;  // the operation failed: a device, the database, a file
inline constexpr int kExitUsage = 2;    // the command line was wrong

struct CommandError {
    std::string message;  // without the "kioskctl: " prefix
    int exit_code = kExitFailure;

    CommandError() = default;  // for Result<void, CommandError>; never reported as such
    CommandError(std::string text, int exit_status) : message(std::move(text)), exit_code(exit_status) {}
    template <class E>
        requires requires(const E& error) {
            { error.to_string() } -> std::convertible_to<std::string>;
        }
    CommandError(const E& error) : message(error.to_string()) {}  // NOLINT: implicit, so TRY converts
};

using CommandResult = Result<int, CommandError>;
using CommandStatus = Result<void, CommandError>;  // a step of a command

// `return usage_error("--nik must be 16 digits");` and `return failed("cannot write the key files");`
[[nodiscard]] inline Unexpected<CommandError> usage_error(std::string message) {
    return fail(CommandError{std::move(message), kExitUsage});
}
[[nodiscard]] inline Unexpected<CommandError> failed(std::string message) {
    return fail(CommandError{std::move(message), kExitFailure});
}

// The exit status of a finished command; a failure's message goes to stderr first, after `command`
// and ": ".
[[nodiscard]] int finish(const CommandResult& result, std::string_view command = "kioskctl");

}  // namespace kiosk::ctl
