// The termios backend of Link: POSIX file descriptors, for pseudo-terminals (which libserialport
// 0.1.1 refuses) and for any tty when libserialport is unavailable. Every system call on the device
// goes through posix_calls.hpp, so that a test can make it fail; the failure modes are Link's.
#pragma once

#include "drivers/serial/link.hpp"

#include <atomic>

namespace kiosk::serial {

class TermiosLink final : public Link {
public:
    // Opens `path` non-blocking, raw mode, with `settings`. The path may be a symlink to a pty.
    static LinkResult<std::unique_ptr<TermiosLink>> open(const std::string& path, const LinkSettings& settings);

    // Takes ownership of an already open descriptor (the master side of a pty, for simulators).
    static LinkResult<std::unique_ptr<TermiosLink>> adopt(int fd, std::string name, const LinkSettings& settings);

    ~TermiosLink() override;

    LinkResult<void> write(std::span<const std::uint8_t> bytes, Clock::time_point deadline) override;
    LinkResult<std::size_t> read_some(std::span<std::uint8_t> buffer, Clock::time_point deadline) override;
    LinkResult<void> flush_input() override;
    LinkResult<void> drain() override;
    // Releases the device at once (a pty peer sees the hang-up) but keeps the descriptor number
    // reserved, pointing at /dev/null, until destruction: a read racing with close() on another
    // thread then sees end of stream instead of reading a file that reused the number.
    void close() override;
    [[nodiscard]] std::string describe() const override { return name_; }

private:
    TermiosLink(int fd, int wake_read_fd, int wake_write_fd, std::string name);
    [[nodiscard]] LinkError failure(const std::string& where, int err, int fd) const;
    // Waits until `fd` is ready for `events`, or the deadline passes (then returns good: the caller's
    // next call finds nothing and the time up), retrying an interrupted poll within the deadline.
    // Fails with closed when close() woke it, gone on a hang-up or error condition.
    LinkResult<void> wait_ready(int fd, short events, Clock::time_point deadline, const std::string& where,
                                const char* timeout_what);

    std::atomic<int> fd_;
    std::atomic<int> retired_fd_{-1};  // the number fd_ had, now /dev/null; closed by the destructor
    int wake_read_fd_;   // a pipe: close() writes to it to wake a blocked poll()
    int wake_write_fd_;
    std::string name_;
};

// Applies raw mode and the settings to a tty descriptor (exposed for the pty pair).
LinkResult<void> configure_tty(int fd, const LinkSettings& settings, const std::string& name);

}  // namespace kiosk::serial
