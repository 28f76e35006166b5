// posix_calls: every system call the serial links make, and the links' clock, behind one seam that
// a test can make fail (in the manner of {fmt}'s test/posix-mock.h, STYLE.md 13).
//
// The links (termios_link.cpp, libserialport_link.cpp's polls, pty_pair.cpp) call posix::read()
// and friends instead of ::read(). In production nothing is armed and each wrapper costs one atomic
// load before the real call. A test arms a SyscallFaults for its scope: the next N matching calls
// then fail with the errno it names (EINTR, EAGAIN, EIO, ENXIO...) without reaching the kernel, or a
// poll reports revents it names (POLLERR, POLLHUP), and each such failure can move the links' clock
// on, so that a test sees whether a retry kept its deadline.
//
// Targeting: a SyscallFaults made for a path acts only on descriptors opened through posix::open()
// with exactly that path while it is armed (a simulator's pty master in the same process, or a pty
// slave opened before arming, is left alone); made for "" it acts on every call.
//
// Thread safety: the wrappers from any thread; a SyscallFaults is armed, changed and read from any
// thread (the link under test may run on a device worker). One is armed at a time: arming a second
// is a programmer error.
#pragma once

#include "drivers/serial/link.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <sys/types.h>
#include <vector>

struct pollfd;
struct termios;

namespace kiosk::serial::posix {

// The wrappers: the libc call's contract exactly (-1 and errno on failure).
int open(const char* path, int flags);
int close(int fd);
ssize_t read(int fd, void* buffer, std::size_t size);
ssize_t write(int fd, const void* bytes, std::size_t size);
int poll(pollfd* fds, unsigned long count, int timeout_ms);
int tcdrain(int fd);
int tcflush(int fd, int queue);
int tcgetattr(int fd, termios* settings);
int tcsetattr(int fd, int when, const termios* settings);

// The links' clock: steady_clock, moved on by the armed faults' advances_clock (never in production).
[[nodiscard]] Clock::time_point now();

// The timeout for a poll that must return by `deadline` on the links' clock: 0 once it has passed,
// rounded up so that a deadline 0.4 ms away still waits rather than spins, at most 60 s.
[[nodiscard]] int poll_timeout_ms(Clock::time_point deadline);

enum class Call { open, close, read, write, poll, tcdrain, tcflush, tcgetattr, tcsetattr };

[[nodiscard]] const char* to_string(Call call);

// One injected failure rule. Matching calls first pass `skip` times (the Nth operation fails, as in
// Beast's test stream), then the next `times` fail: with -1 and errno `error`, or (a poll with
// `error` 0) with the targeted descriptor's revents set to `revents` and nothing else ready.
struct Fault {
    Call call = Call::read;
    int error = 0;
    short revents = 0;
    int times = 1;
    int skip = 0;
    std::chrono::milliseconds advances_clock{0};  // per failure injected
};

class SyscallFaults {
public:
    // Arms the seam for descriptors opened from `path` ("" for every call).
    explicit SyscallFaults(std::string path);
    ~SyscallFaults();  // disarms: later calls are real again, the clock is the real one
    SyscallFaults(const SyscallFaults&) = delete;
    SyscallFaults& operator=(const SyscallFaults&) = delete;

    void add(const Fault& fault);
    // Failures injected so far for `call`.
    [[nodiscard]] int injected(Call call) const;
    // Matching calls so far (injected or real).
    [[nodiscard]] int calls(Call call) const;
    // The timeout_ms of every matching poll, in order (injected or real).
    [[nodiscard]] std::vector<int> poll_timeouts_ms() const;
    // Whether every rule added has injected all its failures.
    [[nodiscard]] bool spent() const;
};

}  // namespace kiosk::serial::posix
