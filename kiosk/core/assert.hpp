// The one assert family for programmer errors (STYLE.md 12), after SerenityOS's AK/Assertions.h.
//
// A failed VERIFY is a bug in this program, never bad input: input errors are Result values. It
// prints one line in the log format (priority 2, "crit") naming the condition and the place, then
// aborts so systemd restarts the kiosk and the core dump shows the stack. The checks stay in release
// builds: a kiosk that runs on after a broken invariant can hand out the wrong card.
#pragma once

namespace kiosk::detail {
[[noreturn]] void verification_failed(const char* condition, const char* message, const char* file, int line,
                                      const char* function) noexcept;
}  // namespace kiosk::detail

// VERIFY(condition): aborts when the condition is false.
#define VERIFY(condition)                                                                             \
    do {                                                                                              \
        if (!(condition))                                                                             \
            ::kiosk::detail::verification_failed(#condition, nullptr, __FILE__, __LINE__, __func__); \
    } while (false)

// VERIFY_MSG(condition, message): the same, with a fixed explanation (a string literal; never data
// that could hold personal information).
#define VERIFY_MSG(condition, message)                                                                \
    do {                                                                                              \
        if (!(condition))                                                                             \
            ::kiosk::detail::verification_failed(#condition, (message), __FILE__, __LINE__, __func__); \
    } while (false)

// VERIFY_NOT_REACHED(): marks a branch that the program's own invariants rule out.
#define VERIFY_NOT_REACHED() \
    ::kiosk::detail::verification_failed("not reached", nullptr, __FILE__, __LINE__, __func__)
