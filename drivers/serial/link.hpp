// Link: a byte link to a device (a serial port, a pseudo-terminal). Drivers and simulators speak
// through it and never know which backend is underneath.
//
// Thread safety: a Link is used by one thread at a time (its device worker). close() may be called
// from another thread to wake a blocked read; the read then fails with LinkErrorKind::closed.
//
// Failure modes, the same for every backend: an interrupted system call (EINTR) is retried within
// the same deadline and loses no byte; a descriptor that would block (EAGAIN) is waited on until
// the deadline; a device that went away (EIO on a hung-up line, ENXIO, ENODEV, EBADF, POLLHUP,
// POLLERR) fails at once with `gone`, and any other OS error with `io`. Neither is retried here
// nor only logged: the driver above decides (and the service above it reopens the port by path,
// see kiosk/app's device services). No failure makes a call spin until its deadline.
#pragma once

#include "drivers/serial/port_spec.hpp"
#include "kiosk/core/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace kiosk::serial {

using Clock = std::chrono::steady_clock;

enum class LinkErrorKind {
    timeout,     // nothing arrived (or could be written) before the deadline
    closed,      // this side closed the link (close(), possibly from another thread)
    gone,        // the device went away: unplugged, its port vanished, the other end of a pty closed
    io,          // the operating system reported an error on a line still there (errno in what)
    not_found,   // no such port
    busy,        // the port is in use by another process
    permission,  // not allowed to open the port
    config,      // the port refused the requested settings, or a malformed port specification
};

[[nodiscard]] const char* to_string(LinkErrorKind kind);

struct LinkError {
    LinkErrorKind kind;
    std::string where;  // e.g. "serial.termios.read /dev/ttyUSB0"
    std::string what;

    [[nodiscard]] std::string to_string() const;
    [[nodiscard]] operator kiosk::Error() const { return {where, to_string()}; }  // NOLINT
};

template <class T>
using LinkResult = Result<T, LinkError>;

enum class Parity { none, even, odd };

struct LinkSettings {
    int baud = 9600;
    int data_bits = 8;
    Parity parity = Parity::none;
    int stop_bits = 1;
};

class Link {
public:
    virtual ~Link() = default;
    Link() = default;
    Link(const Link&) = delete;
    Link& operator=(const Link&) = delete;

    // Writes every byte, or fails. Returns when the bytes are handed to the OS, not when they have
    // left the wire; call drain() for that.
    virtual LinkResult<void> write(std::span<const std::uint8_t> bytes, Clock::time_point deadline) = 0;

    // Reads at least one and at most buffer.size() bytes. Fails with `timeout` if nothing arrived
    // before the deadline; a deadline in the past still returns bytes that are already waiting.
    virtual LinkResult<std::size_t> read_some(std::span<std::uint8_t> buffer, Clock::time_point deadline) = 0;

    // Discards bytes received and not yet read (used to resynchronise after garbage).
    virtual LinkResult<void> flush_input() = 0;

    // Waits until every written byte has left the port.
    virtual LinkResult<void> drain() = 0;

    // Idempotent; wakes a read blocked on another thread.
    virtual void close() = 0;

    // A human-readable name of the port for logs and errors (a path, never personal data).
    [[nodiscard]] virtual std::string describe() const = 0;
};

// Reads exactly buffer.size() bytes or fails; on timeout the bytes already read are lost to the
// caller, which is the behaviour protocol decoders want (they resynchronise on the next header).
LinkResult<void> read_exact(Link& link, std::span<std::uint8_t> buffer, Clock::time_point deadline);

// Opens a port: a path resolving to /dev/pts/* uses the termios backend (libserialport refuses
// ptys), any other path and every USB id libserialport; a USB id opens the first port whose ids
// match, not_found when none does. An empty path is a config error.
LinkResult<std::unique_ptr<Link>> open_link(const PortSpec& port, const LinkSettings& settings);

// Whether `path` resolves (through symlinks) to a pseudo-terminal slave under /dev/pts.
bool is_pseudo_terminal(const std::string& path);

}  // namespace kiosk::serial
