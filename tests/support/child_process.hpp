// Test support: other programs (the built kiosk, kioskctl, the simulators, pcscd, Xvfb, xdotool,
// python) as child processes of a test. The one process runner of the test tree: every test that
// starts a program goes through here.
//
// A ChildProcess is killed and reaped when it goes out of scope, so a failing test never leaves a
// process behind. Its stdout and stderr are inherited, piped to the test or thrown away, as asked.
// Exit statuses follow the shell's convention: the exit code, or 128 + the signal that ended it.
//
// No doctest here (the pyscard host is a plain program): failures to start are Result errors, and
// the test decides how to fail. Not thread-safe: one thread drives one ChildProcess.
#pragma once

#include "kiosk/core/result.hpp"

#include <sys/types.h>

#include <csignal>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::testing {

enum class Stream { inherit, pipe, discard };

struct SpawnOptions {
    std::vector<std::string> env;        // "NAME=value" lines added, each replacing an inherited NAME
    std::vector<std::string> unset_env;  // names not inherited
    Stream out = Stream::inherit;        // stdout
    Stream err = Stream::inherit;        // stderr
    // SIGTERM to the child when the test process dies (PR_SET_PDEATHSIG), for daemons a crashed
    // test must not leave running (pcscd, simulators).
    bool dies_with_parent = false;
};

// The time a child gets to end on SIGTERM before it is killed, at scope exit and in stop().
inline constexpr int kStopGraceMs = 3000;

class ChildProcess {
public:
    // Starts argv[0] (searched on PATH when it has no '/'). File descriptors open without
    // O_CLOEXEC are inherited as they are (Xvfb's -displayfd relies on it). An argv[0] that cannot
    // be executed is an error here, not a child that exits 127.
    [[nodiscard]] static Result<ChildProcess> spawn(const std::vector<std::string>& argv,
                                                    const SpawnOptions& options = {});
    // Runs `body` in a forked copy of the test process, which then ends with _exit(body()): none of
    // the test process's destructors or atexit handlers run in the copy. A body that throws (a failed
    // doctest assertion) ends it with 125. `env` and `unset_env` do not apply. For a check that must
    // run under another identity (setuid) while the test process stays as it is.
    [[nodiscard]] static Result<ChildProcess> fork_call(const std::function<int()>& body, const SpawnOptions& options = {});

    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();  // stop(SIGTERM) when still running; closes the pipes

    // The next line on the piped stdout within `timeout_ms` (without its '\n'), or nullopt on timeout
    // or at the end of the output.
    [[nodiscard]] std::optional<std::string> read_line(int timeout_ms);

    // Waits up to `timeout_ms` for the child to end; its exit status, or -1 while it still runs.
    int wait_exit(int timeout_ms);
    // Waits up to `timeout_ms`; a child still running then is killed (SIGKILL) and reaped, and the
    // result is -1. Otherwise its exit status.
    int wait_or_kill(int timeout_ms);
    // Sends `signal` and waits as wait_or_kill(grace_ms). A child already reaped keeps its status.
    int stop(int signal = SIGTERM, int grace_ms = kStopGraceMs);
    void send_signal(int signal) const;

    // Reads the piped streams to their ends within `timeout_ms`, then reaps the child; one still
    // running at the deadline is killed and reported as timed out.
    struct Output {
        int exit_code = -1;  // the exit status (code, or 128 + signal); -1 when it timed out
        std::string out;
        std::string err;
        bool timed_out = false;
    };
    [[nodiscard]] Output collect(int timeout_ms);

    [[nodiscard]] bool running() const { return pid_ > 0; }
    [[nodiscard]] pid_t pid() const { return pid_; }

private:
    ChildProcess(pid_t pid, int out_fd, int err_fd) : pid_(pid), out_fd_(out_fd), err_fd_(err_fd) {}
    // Reaps the child if it has ended (`block_ms`: how long to wait for that); true when reaped.
    bool reap(int block_ms);
    void close_pipes();

    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    int exit_status_ = -1;
    std::string out_buffer_;
};

using ProcessOutput = ChildProcess::Output;

// Runs argv to its end with stdout and stderr captured (whatever `options` says of them), killing it
// after `timeout_ms`. An error only when it cannot be started.
[[nodiscard]] Result<ProcessOutput> run(const std::vector<std::string>& argv, SpawnOptions options = {},
                                        int timeout_ms = 60'000);
// A shell command line (/bin/sh -c), for tests that need a pipe or a redirection.
[[nodiscard]] Result<ProcessOutput> run_shell(const std::string& command_line, int timeout_ms = 60'000);

}  // namespace kiosk::testing
