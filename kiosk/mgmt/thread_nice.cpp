#include "kiosk/mgmt/thread_nice.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace kiosk::mgmt {
namespace {

id_t this_thread_id() { return static_cast<id_t>(::gettid()); }

}  // namespace

Status set_this_thread_nice(int nice) {
    if (::setpriority(PRIO_PROCESS, this_thread_id(), nice) != 0)
        return fail("mgmt.thread_nice", "setpriority(" + std::to_string(nice) + ") failed: " + std::strerror(errno));
    return {};
}

Result<int> this_thread_nice() {
    errno = 0;  // -1 is a valid answer: only errno tells a failure
    const int nice = ::getpriority(PRIO_PROCESS, this_thread_id());
    if (nice == -1 && errno != 0) return fail("mgmt.thread_nice", std::string("getpriority failed: ") + std::strerror(errno));
    return nice;
}

}  // namespace kiosk::mgmt
