// The kiosk-sim-dispenser binary as a child process, and a client for its control socket.
#pragma once

#include <doctest/doctest.h>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace kiosk::dispenser::testing {

class SimProcess {
public:
    // Starts the binary and waits (at most 10 s) for its "ready <path>" line.
    explicit SimProcess(const std::vector<std::string>& args) {
        int out[2];
        REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        std::vector<std::string> argv_storage{KIOSK_SIM_DISPENSER_BIN};
        argv_storage.insert(argv_storage.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : argv_storage) argv.push_back(a.data());
        argv.push_back(nullptr);
        const int spawned = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[1]);
        stdout_fd_ = out[0];
        REQUIRE_MESSAGE(spawned == 0, std::strerror(spawned));
        std::string line;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (line.find('\n') == std::string::npos) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            REQUIRE_MESSAGE(left.count() > 0, "kiosk-sim-dispenser did not become ready");
            pollfd p{stdout_fd_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
            char c;
            const ssize_t n = ::read(stdout_fd_, &c, 1);
            REQUIRE_MESSAGE(n == 1, "kiosk-sim-dispenser exited before it was ready");
            line.push_back(c);
        }
        REQUIRE(line.rfind("ready ", 0) == 0);
        device_path_ = line.substr(6, line.size() - 7);
    }
    ~SimProcess() {
        if (pid_ > 0) kill_and_wait(SIGKILL);
        if (stdout_fd_ >= 0) ::close(stdout_fd_);
    }
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    // Sends `signal` and reaps the child; returns its wait status.
    int kill_and_wait(int signal) {
        ::kill(pid_, signal);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
        pid_ = -1;
        return status;
    }

    [[nodiscard]] const std::string& device_path() const { return device_path_; }

private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
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
