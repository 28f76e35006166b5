// The test tree's process runner: output, exit statuses, environment, start failures, deadlines,
// forked bodies, and that nothing outlives its ChildProcess.
#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

using namespace kiosk::testing;

namespace {

SpawnOptions piped_out() {
    SpawnOptions options;
    options.out = Stream::pipe;
    return options;
}

bool alive(pid_t pid) { return ::kill(pid, 0) == 0; }

}  // namespace

TEST_CASE("stdout arrives line by line and the exit code comes back") {
    ChildProcess child = require_ok(ChildProcess::spawn({"/bin/sh", "-c", "echo one; echo two; exit 7"}, piped_out()));
    CHECK(child.read_line(10'000) == "one");
    CHECK(child.read_line(10'000) == "two");
    CHECK_FALSE(child.read_line(10'000).has_value());  // end of output
    CHECK(child.wait_exit(10'000) == 7);
    CHECK_FALSE(child.running());
    CHECK(child.stop() == 7);  // already reaped: keeps its status
}

TEST_CASE("a program is found on PATH; one that cannot be executed is an error, not exit 127") {
    auto found = run({"sh", "-c", "exit 0"});
    REQUIRE(found.ok());
    CHECK(found->exit_code == 0);
    auto missing = ChildProcess::spawn({"kiosk-no-such-program-anywhere"});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().what.find("not found on PATH") != std::string::npos);
    auto not_executable = ChildProcess::spawn({"/dev/null"});
    REQUIRE_FALSE(not_executable.ok());
    CHECK(not_executable.error().what.find("cannot start /dev/null") == 0);
    CHECK_FALSE(ChildProcess::spawn({}).ok());
}

TEST_CASE("run captures stdout and stderr apart") {
    const ProcessOutput out = require_ok(run({"/bin/sh", "-c", "printf 'to out'; printf 'to err' >&2; exit 3"}));
    CHECK(out.out == "to out");
    CHECK(out.err == "to err");
    CHECK(out.exit_code == 3);
    CHECK_FALSE(out.timed_out);
    CHECK(require_ok(run_shell("echo a | tr a b")).out == "b\n");
}

TEST_CASE("the environment: added, replaced and removed names") {
    ::setenv("KIOSK_CHILD_TEST_KEPT", "kept", 1);
    ::setenv("KIOSK_CHILD_TEST_REPLACED", "old", 1);
    ::setenv("KIOSK_CHILD_TEST_REMOVED", "gone", 1);
    ::setenv("KIOSK_CHILD_TEST_REMOVED_PREFIX", "stays", 1);  // only the exact name is removed
    SpawnOptions options;
    options.env = {"KIOSK_CHILD_TEST_REPLACED=new", "KIOSK_CHILD_TEST_ADDED=added"};
    options.unset_env = {"KIOSK_CHILD_TEST_REMOVED"};
    const ProcessOutput out = require_ok(run({"/bin/sh", "-c",
                                              "echo \"$KIOSK_CHILD_TEST_KEPT $KIOSK_CHILD_TEST_REPLACED "
                                              "$KIOSK_CHILD_TEST_ADDED [${KIOSK_CHILD_TEST_REMOVED-unset}] "
                                              "$KIOSK_CHILD_TEST_REMOVED_PREFIX\""},
                                             options));
    CHECK(out.out == "kept new added [unset] stays\n");
}

TEST_CASE("a signal death reads 128 + N; a child that ignores SIGTERM is killed after the grace") {
    ChildProcess sleeper = require_ok(ChildProcess::spawn({"/bin/sh", "-c", "exec sleep 30"}));
    CHECK(sleeper.wait_exit(0) == -1);  // still running
    CHECK(sleeper.stop(SIGTERM, 10'000) == 128 + SIGTERM);

    ChildProcess stubborn = require_ok(
        ChildProcess::spawn({"/bin/sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done"}, piped_out()));
    REQUIRE(stubborn.read_line(10'000) == "ready");
    const pid_t pid = stubborn.pid();
    CHECK(stubborn.stop(SIGTERM, 200) == -1);
    CHECK_FALSE(stubborn.running());
    CHECK_FALSE(alive(pid));
}

TEST_CASE("collect gives up at its deadline and kills the child") {
    ChildProcess child = require_ok(ChildProcess::spawn({"/bin/sh", "-c", "echo started; exec sleep 30"}, piped_out()));
    const pid_t pid = child.pid();
    const ProcessOutput out = child.collect(300);
    CHECK(out.timed_out);
    CHECK(out.exit_code == -1);
    CHECK(out.out == "started\n");
    CHECK_FALSE(alive(pid));
}

TEST_CASE("a ChildProcess going out of scope stops and reaps its child; a moved one owns it") {
    pid_t pid = -1;
    {
        ChildProcess child = require_ok(ChildProcess::spawn({"/bin/sh", "-c", "exec sleep 30"}));
        pid = child.pid();
        ChildProcess moved = std::move(child);
        CHECK_FALSE(child.running());  // NOLINT(bugprone-use-after-move): the moved-from state is the point
        CHECK(moved.pid() == pid);
        CHECK(alive(pid));
    }
    CHECK_FALSE(alive(pid));
}

TEST_CASE("fork_call runs a body in a copy of this process, its output piped, its return the exit code") {
    int in_parent = 1;
    ChildProcess child = require_ok(ChildProcess::fork_call(
        [&] {
            in_parent = 2;  // the copy's memory, not the parent's
            const char text[] = "from the body\n";
            (void)!::write(STDOUT_FILENO, text, sizeof text - 1);
            return 4;
        },
        piped_out()));
    const ProcessOutput out = child.collect(10'000);
    CHECK(out.out == "from the body\n");
    CHECK(out.exit_code == 4);
    CHECK(in_parent == 1);

    ChildProcess throwing = require_ok(ChildProcess::fork_call([]() -> int { throw 1; }));
    CHECK(throwing.wait_exit(10'000) == 125);
}

TEST_CASE("discarded output goes nowhere; inherited descriptors stay open in the child") {
    SpawnOptions quiet;
    quiet.out = Stream::discard;
    quiet.err = Stream::pipe;
    ChildProcess child = require_ok(ChildProcess::spawn({"/bin/sh", "-c", "echo lost; echo kept >&2"}, quiet));
    const ProcessOutput out = child.collect(10'000);
    CHECK(out.out.empty());
    CHECK(out.err == "kept\n");

    int fds[2];
    REQUIRE(::pipe(fds) == 0);  // no O_CLOEXEC: the child inherits the write end, as Xvfb's -displayfd
    ChildProcess writer = require_ok(
        ChildProcess::spawn({"/bin/sh", "-c", "echo via-inherited >&" + std::to_string(fds[1])}));
    ::close(fds[1]);
    CHECK(writer.wait_exit(10'000) == 0);
    char buffer[64] = {};
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer - 1);
    ::close(fds[0]);
    CHECK(std::string(buffer, n > 0 ? static_cast<std::size_t>(n) : 0) == "via-inherited\n");
}

TEST_CASE("a child spawned to die with its parent does, when the parent dies without cleaning up") {
    // The parent here is a forked copy that starts the child and leaves with _exit: no destructor
    // stops the child, only PR_SET_PDEATHSIG can.
    ChildProcess parent = require_ok(ChildProcess::fork_call(
        []() -> int {
            SpawnOptions options;
            options.dies_with_parent = true;
            auto child = ChildProcess::spawn({"/bin/sh", "-c", "exec sleep 30"}, options);
            if (!child) ::_exit(1);
            const std::string pid = std::to_string(child->pid()) + "\n";
            (void)!::write(STDOUT_FILENO, pid.data(), pid.size());
            ::_exit(0);
        },
        piped_out()));
    const auto line = parent.read_line(10'000);
    REQUIRE(line.has_value());
    CHECK(parent.wait_exit(10'000) == 0);
    const pid_t orphan = static_cast<pid_t>(std::stol(*line));
    // Gone, or a zombie waiting for whoever adopted it: either way no longer running.
    const auto running = [&] {
        if (!alive(orphan)) return false;
        std::string stat;
        if (FILE* f = std::fopen(("/proc/" + *line + "/stat").c_str(), "r")) {
            char buffer[256] = {};
            stat = std::fgets(buffer, sizeof buffer, f) != nullptr ? buffer : "";
            std::fclose(f);
        }
        const auto close_paren = stat.rfind(')');
        return close_paren == std::string::npos || stat.size() < close_paren + 3 || stat[close_paren + 2] != 'Z';
    };
    // The kernel signals the child as the parent exits; the polling only waits for the scheduler.
    for (int i = 0; i < 200 && running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK_FALSE(running());
    if (running()) ::kill(orphan, SIGKILL);
}
