// os_failure: what a failed system call's errno, or a poll's revents, says about a serial link, as a
// LinkError. One definition for both backends, so that an unplugged USB adapter and a pty whose
// simulator went away read the same upward: `gone`.
#pragma once

#include "drivers/serial/link.hpp"

#include <optional>
#include <string>

namespace kiosk::serial {

// Opening a port: ENOENT/ENODEV/ENXIO not_found, EACCES/EPERM permission, EBUSY busy, else io.
[[nodiscard]] LinkError open_failure(std::string where, int err);

// A read, write, poll or drain on the open descriptor `fd` failed with `err` (never EINTR nor
// EAGAIN: those are the caller's to retry). ENXIO, ENODEV, EBADF and EPIPE are `gone`; EIO is
// `gone` when the line has hung up (a pty whose other end closed, a USB adapter pulled out) and
// `io` otherwise (a fault on a line that is still there); anything else is `io`.
[[nodiscard]] LinkError transfer_failure(std::string where, int err, int fd);

// A poll's revents for the device: POLLHUP, POLLERR or POLLNVAL with nothing to read is `gone`
// (reported, never spun on); nullopt otherwise.
[[nodiscard]] std::optional<LinkError> hangup_failure(const std::string& where, short revents);

}  // namespace kiosk::serial
