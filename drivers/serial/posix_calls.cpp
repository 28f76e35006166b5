#include "drivers/serial/posix_calls.hpp"

#include "kiosk/core/assert.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <poll.h>
#include <set>
#include <termios.h>
#include <unistd.h>

namespace kiosk::serial::posix {
namespace {

constexpr std::size_t kCalls = static_cast<std::size_t>(Call::tcsetattr) + 1;

struct Rule {
    Fault fault;
    int seen = 0;  // matching calls so far
};

// What an armed SyscallFaults holds. Guarded by `mutex`; `armed` lets an unarmed call skip the lock.
struct Armed {
    std::mutex mutex;
    std::atomic<bool> armed{false};
    std::atomic<std::int64_t> clock_offset_ns{0};
    std::string path;
    std::set<int> fds;  // opened from `path` while armed
    std::vector<Rule> rules;
    std::array<int, kCalls> injected{};
    std::array<int, kCalls> calls{};
    std::vector<int> poll_timeouts_ms;
};

Armed& armed() {
    static Armed state;  // outlives every link: a function-local static, never destroyed early
    return state;
}

std::size_t index(Call call) { return static_cast<std::size_t>(call); }

// The decision for one call: nullopt runs the real call; a Fault is the failure to inject.
// Requires the lock.
std::optional<Fault> decide(Armed& state, Call call) {
    ++state.calls[index(call)];
    for (Rule& rule : state.rules) {
        if (rule.fault.call != call) continue;
        const int position = rule.seen++;
        if (position < rule.fault.skip || position >= rule.fault.skip + rule.fault.times) continue;
        ++state.injected[index(call)];
        state.clock_offset_ns += std::chrono::nanoseconds(rule.fault.advances_clock).count();
        return rule.fault;
    }
    return std::nullopt;
}

bool targets(const Armed& state, int fd) { return state.path.empty() || state.fds.contains(fd); }

// For a call on one descriptor: the fault to inject, if any.
std::optional<Fault> fault_for(Call call, int fd) {
    Armed& state = armed();
    if (!state.armed.load(std::memory_order_acquire)) return std::nullopt;
    const std::lock_guard lock(state.mutex);
    if (!state.armed.load(std::memory_order_relaxed) || !targets(state, fd)) return std::nullopt;
    return decide(state, call);
}

template <class R>
R failed(const Fault& fault) {
    errno = fault.error;
    return static_cast<R>(-1);
}

}  // namespace

const char* to_string(Call call) {
    switch (call) {
        case Call::open: return "open";
        case Call::close: return "close";
        case Call::read: return "read";
        case Call::write: return "write";
        case Call::poll: return "poll";
        case Call::tcdrain: return "tcdrain";
        case Call::tcflush: return "tcflush";
        case Call::tcgetattr: return "tcgetattr";
        case Call::tcsetattr: return "tcsetattr";
    }
    return "unknown";
}

int open(const char* path, int flags) {
    Armed& state = armed();
    if (!state.armed.load(std::memory_order_acquire)) return ::open(path, flags);
    std::unique_lock lock(state.mutex);
    const bool targeted = state.armed.load(std::memory_order_relaxed) && (state.path.empty() || state.path == path);
    if (targeted) {
        if (auto fault = decide(state, Call::open)) return failed<int>(*fault);
    }
    lock.unlock();
    const int fd = ::open(path, flags);
    lock.lock();
    if (fd >= 0 && targeted && !state.path.empty()) state.fds.insert(fd);
    return fd;
}

int close(int fd) {
    if (auto fault = fault_for(Call::close, fd)) return failed<int>(*fault);
    Armed& state = armed();
    if (state.armed.load(std::memory_order_acquire)) {
        const std::lock_guard lock(state.mutex);
        state.fds.erase(fd);  // the number may be reused by a descriptor that is not targeted
    }
    return ::close(fd);
}

ssize_t read(int fd, void* buffer, std::size_t size) {
    if (auto fault = fault_for(Call::read, fd)) return failed<ssize_t>(*fault);
    return ::read(fd, buffer, size);
}

ssize_t write(int fd, const void* bytes, std::size_t size) {
    if (auto fault = fault_for(Call::write, fd)) return failed<ssize_t>(*fault);
    return ::write(fd, bytes, size);
}

int poll(pollfd* fds, unsigned long count, int timeout_ms) {
    Armed& state = armed();
    if (!state.armed.load(std::memory_order_acquire)) return ::poll(fds, count, timeout_ms);
    std::optional<Fault> fault;
    pollfd* target = nullptr;
    {
        const std::lock_guard lock(state.mutex);
        const bool still_armed = state.armed.load(std::memory_order_relaxed);  // a disarm may have come between
        for (unsigned long i = 0; still_armed && i < count && target == nullptr; ++i) {
            if (targets(state, fds[i].fd)) target = &fds[i];
        }
        if (target != nullptr) {
            state.poll_timeouts_ms.push_back(timeout_ms);
            fault = decide(state, Call::poll);
        }
    }
    // The real call runs outside the lock: another thread's calls must not wait on this poll.
    if (!fault) return ::poll(fds, count, timeout_ms);
    if (fault->error != 0) return failed<int>(*fault);
    for (unsigned long i = 0; i < count; ++i) fds[i].revents = 0;
    target->revents = fault->revents;
    return 1;
}

int tcdrain(int fd) {
    if (auto fault = fault_for(Call::tcdrain, fd)) return failed<int>(*fault);
    return ::tcdrain(fd);
}

int tcflush(int fd, int queue) {
    if (auto fault = fault_for(Call::tcflush, fd)) return failed<int>(*fault);
    return ::tcflush(fd, queue);
}

int tcgetattr(int fd, termios* settings) {
    if (auto fault = fault_for(Call::tcgetattr, fd)) return failed<int>(*fault);
    return ::tcgetattr(fd, settings);
}

int tcsetattr(int fd, int when, const termios* settings) {
    if (auto fault = fault_for(Call::tcsetattr, fd)) return failed<int>(*fault);
    return ::tcsetattr(fd, when, settings);
}

Clock::time_point now() {
    const auto real = Clock::now();
    Armed& state = armed();
    if (!state.armed.load(std::memory_order_acquire)) return real;
    return real + std::chrono::duration_cast<Clock::duration>(
                      std::chrono::nanoseconds(state.clock_offset_ns.load(std::memory_order_relaxed)));
}

int poll_timeout_ms(Clock::time_point deadline) {
    const auto left = deadline - now();
    if (left <= Clock::duration::zero()) return 0;
    const auto left_ms = std::chrono::duration_cast<std::chrono::milliseconds>(left).count();
    return left_ms >= 60'000 ? 60'000 : static_cast<int>(left_ms) + 1;
}

SyscallFaults::SyscallFaults(std::string path) {
    Armed& state = armed();
    const std::lock_guard lock(state.mutex);
    VERIFY_MSG(!state.armed.load(), "a second SyscallFaults armed while one is");
    state.path = std::move(path);
    state.fds.clear();
    state.rules.clear();
    state.injected = {};
    state.calls = {};
    state.poll_timeouts_ms.clear();
    state.clock_offset_ns = 0;
    state.armed.store(true, std::memory_order_release);
}

SyscallFaults::~SyscallFaults() {
    Armed& state = armed();
    const std::lock_guard lock(state.mutex);
    state.armed.store(false, std::memory_order_release);
    state.clock_offset_ns = 0;
    state.rules.clear();
    state.fds.clear();
}

void SyscallFaults::add(const Fault& fault) {
    VERIFY_MSG(fault.times >= 1 && fault.skip >= 0, "a Fault injects at least once, after no negative skip");
    VERIFY_MSG((fault.error != 0) != (fault.revents != 0 && fault.call == Call::poll),
               "a Fault fails with an errno, or (a poll) reports revents, not both");
    Armed& state = armed();
    const std::lock_guard lock(state.mutex);
    state.rules.push_back(Rule{fault});
}

int SyscallFaults::injected(Call call) const {
    Armed& state = armed();
    const std::lock_guard lock(state.mutex);
    return state.injected[index(call)];
}

int SyscallFaults::calls(Call call) const {
    Armed& state = armed();
    const std::lock_guard lock(state.mutex);
    return state.calls[index(call)];
}

std::vector<int> SyscallFaults::poll_timeouts_ms() const {
    Armed& state = armed();
    const std::lock_guard lock(state.mutex);
    return state.poll_timeouts_ms;
}

bool SyscallFaults::spent() const {
    Armed& state = armed();
    const std::lock_guard lock(state.mutex);
    return std::all_of(state.rules.begin(), state.rules.end(),
                       [](const Rule& rule) { return rule.seen >= rule.fault.skip + rule.fault.times; });
}

}  // namespace kiosk::serial::posix
