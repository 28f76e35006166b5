// The kiosk-sim-dispenser binary as a child process, and a client for its control socket.
#pragma once

#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"

#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::dispenser::testing {

class SimProcess {
public:
    // Starts the binary and waits (at most 10 s) for its "ready <path>" line.
    explicit SimProcess(const std::vector<std::string>& args) {
        std::vector<std::string> argv{KIOSK_SIM_DISPENSER_BIN};
        argv.insert(argv.end(), args.begin(), args.end());
        ::kiosk::testing::SpawnOptions piped;
        piped.out = ::kiosk::testing::Stream::pipe;
        process_.emplace(::kiosk::testing::require_ok(::kiosk::testing::ChildProcess::spawn(argv, piped)));
        const auto line = process_->read_line(10'000);
        REQUIRE_MESSAGE(line.has_value(), "kiosk-sim-dispenser did not become ready (or exited first)");
        REQUIRE(line->rfind("ready ", 0) == 0);
        device_path_ = line->substr(6);
    }
    ~SimProcess() {
        if (process_) (void)process_->stop(SIGKILL);
    }
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    // Sends `signal` and reaps the child; its exit status (the code, or 128 + the signal).
    int kill_and_wait(int signal) { return process_->stop(signal, kStopWaitMs); }

    [[nodiscard]] const std::string& device_path() const { return device_path_; }

private:
    // A simulator still running this long after the signal is stuck: it is killed, and the result is -1.
    static constexpr int kStopWaitMs = 30'000;

    std::optional<::kiosk::testing::ChildProcess> process_;
    std::string device_path_;
};

// Sends one control line and returns the answer line (without newline); fails the test after 10 s.
inline std::string control(const std::string& socket_path, const std::string& line) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::strncpy(address.sun_path, socket_path.c_str(), sizeof address.sun_path - 1);
    REQUIRE_MESSAGE(::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0,
                    std::strerror(errno));
    const std::string out = line + "\n";
    REQUIRE(::send(fd, out.data(), out.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(out.size()));
    std::string answer;
    while (answer.find('\n') == std::string::npos) {
        pollfd p{fd, POLLIN, 0};
        REQUIRE_MESSAGE(::poll(&p, 1, 10000) == 1, "no answer on the control socket");
        char buffer[256];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        REQUIRE(n > 0);
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer.substr(0, answer.find('\n'));
}

}  // namespace kiosk::dispenser::testing
