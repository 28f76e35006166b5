#include "drivers/serial/os_failure.hpp"

#include <cerrno>
#include <cstring>
#include <poll.h>

namespace kiosk::serial {
namespace {

std::string errno_text(int err) {
    const char* name = strerrorname_np(err);
    return std::string(std::strerror(err)) + " (" + (name != nullptr ? name : std::to_string(err)) + ")";
}

// The line's real state, to tell an unplug from an I/O error: a probe of the classification, so
// it bypasses the seam (a test's injected EIO on a live line stays `io`).
bool hung_up(int fd) {
    pollfd p{fd, 0, 0};  // no events asked for: only hang-up, error and invalid are reported
    if (::poll(&p, 1, 0) < 0) return false;
    return (p.revents & (POLLHUP | POLLERR | POLLNVAL)) != 0;
}

}  // namespace

LinkError open_failure(std::string where, int err) {
    LinkErrorKind kind = LinkErrorKind::io;
    switch (err) {
        case ENOENT: case ENODEV: case ENXIO: kind = LinkErrorKind::not_found; break;
        case EACCES: case EPERM: kind = LinkErrorKind::permission; break;
        case EBUSY: kind = LinkErrorKind::busy; break;
        default: break;
    }
    return LinkError{kind, std::move(where), errno_text(err)};
}

LinkError transfer_failure(std::string where, int err, int fd) {
    switch (err) {
        case ENXIO: case ENODEV: case EBADF: case EPIPE:
            return LinkError{LinkErrorKind::gone, std::move(where), "the device went away: " + errno_text(err)};
        case EIO:
            if (hung_up(fd))
                return LinkError{LinkErrorKind::gone, std::move(where), "the other end hung up: " + errno_text(err)};
            return LinkError{LinkErrorKind::io, std::move(where), errno_text(err)};
        default:
            return LinkError{LinkErrorKind::io, std::move(where), errno_text(err)};
    }
}

std::optional<LinkError> hangup_failure(const std::string& where, short revents) {
    if ((revents & POLLIN) != 0) return std::nullopt;  // read what is there first
    if ((revents & POLLNVAL) != 0) return LinkError{LinkErrorKind::gone, where, "the descriptor is no longer valid"};
    if ((revents & POLLERR) != 0) return LinkError{LinkErrorKind::gone, where, "the device reported an error condition"};
    if ((revents & POLLHUP) != 0) return LinkError{LinkErrorKind::gone, where, "the other end hung up"};
    return std::nullopt;
}

}  // namespace kiosk::serial
