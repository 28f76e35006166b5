#include "kiosk/core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace kiosk::detail {

// Writes with one fprintf so the line is not interleaved with another thread's; no allocation, so it
// works when the failure is an exhausted heap. "<2>" is syslog's crit: journald keeps the priority.
void verification_failed(const char* condition, const char* message, const char* file, int line,
                         const char* function) noexcept {
    std::fprintf(stderr, "<2>event=verify_failed condition=\"%s\"%s%s%s at=%s:%d function=%s\n", condition,
                 message ? " reason=\"" : "", message ? message : "", message ? "\"" : "", file, line, function);
    std::fflush(stderr);
    std::abort();
}

}  // namespace kiosk::detail
