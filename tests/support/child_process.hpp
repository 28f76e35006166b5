// Test support for system tests: a child process with its stdout on a pipe (killed and reaped at
// scope exit), Xvfb on a display it picks itself, and xdotool.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <poll.h>
#include <spawn.h>
#include <string>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace kiosk::testing {

// A child process with its stdout on a pipe; killed and reaped when this goes out of scope.
class Child {
public:
    // Descriptors without O_CLOEXEC are inherited as they are (Xvfb's -displayfd relies on it).
    Child(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env, bool pipe_stdout) {
        int out[2] = {-1, -1};
        if (pipe_stdout) REQUIRE(pipe2(out, O_CLOEXEC) == 0);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        if (pipe_stdout) posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        std::vector<std::string> env_strings;
        for (char** e = environ; *e != nullptr; ++e) {
            const bool replaced = std::any_of(extra_env.begin(), extra_env.end(), [&](const std::string& x) {
                return std::strncmp(*e, x.c_str(), x.find('=') + 1) == 0;
            });
            if (replaced || std::strncmp(*e, "SDL_VIDEODRIVER=", 16) == 0) continue;
            env_strings.emplace_back(*e);
        }
        for (const auto& e : extra_env) env_strings.push_back(e);
        std::vector<char*> env;
        for (auto& e : env_strings) env.push_back(e.data());
        env.push_back(nullptr);
        const int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), env.data());
        posix_spawn_file_actions_destroy(&actions);
        if (pipe_stdout) {
            close(out[1]);
            out_fd_ = out[0];
        }
        REQUIRE_MESSAGE(rc == 0, "cannot start " << argv[0] << ": " << std::strerror(rc));
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    ~Child() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            wait_exit(3000);
            if (pid_ > 0) {
                kill(pid_, SIGKILL);
                waitpid(pid_, nullptr, 0);
            }
        }
        if (out_fd_ >= 0) close(out_fd_);
    }

    // The next line on stdout within `timeout_ms`, or nullopt (timeout or end of output).
    std::optional<std::string> read_line(int timeout_ms) {
        for (;;) {
            if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
                std::string line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return line;
            }
            pollfd p{out_fd_, POLLIN, 0};
            if (poll(&p, 1, timeout_ms) <= 0) return std::nullopt;
            char chunk[256];
            const ssize_t n = read(out_fd_, chunk, sizeof chunk);
            if (n <= 0) return std::nullopt;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    // Waits up to `timeout_ms` for the child to exit (a pidfd becomes readable when it does); its
    // exit status, or -1 on timeout.
    int wait_exit(int timeout_ms) {
        if (pid_ <= 0) return -1;
        const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
        if (pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            const int ready = poll(&p, 1, timeout_ms);
            close(pidfd);
            if (ready != 1) return -1;
        }
        int status = 0;
        if (waitpid(pid_, &status, pidfd >= 0 ? 0 : WNOHANG) != pid_) return -1;
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

    [[nodiscard]] pid_t pid() const { return pid_; }
    void send_signal(int sig) const {
        if (pid_ > 0) ::kill(pid_, sig);
    }

private:
    pid_t pid_ = -1;
    int out_fd_ = -1;
    std::string buffer_;
};

inline int run_xdotool(const std::string& display, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"xdotool"};
    argv.insert(argv.end(), args.begin(), args.end());
    Child tool(argv, {"DISPLAY=" + display}, false);
    return tool.wait_exit(10'000);
}

// Starts Xvfb with one screen of `width`x`height`; the display it chose (":N").
class Xvfb {
public:
    Xvfb(int width, int height) {
        int display_pipe[2];
        REQUIRE(pipe(display_pipe) == 0);  // no O_CLOEXEC: Xvfb must inherit the write end
        server_.emplace(std::vector<std::string>{"Xvfb", "-displayfd", std::to_string(display_pipe[1]), "-screen", "0",
                                                 std::to_string(width) + "x" + std::to_string(height) + "x24",
                                                 "-nolisten", "tcp"},
                        std::vector<std::string>{}, false);
        close(display_pipe[1]);
        std::string number;
        for (;;) {
            pollfd p{display_pipe[0], POLLIN, 0};
            REQUIRE_MESSAGE(poll(&p, 1, 15'000) == 1, "Xvfb did not report a display within 15 s");
            char c = 0;
            if (read(display_pipe[0], &c, 1) != 1 || c == '\n') break;
            number.push_back(c);
        }
        close(display_pipe[0]);
        REQUIRE_FALSE(number.empty());
        display_ = ":" + number;
    }
    [[nodiscard]] const std::string& display() const { return display_; }

private:
    std::optional<Child> server_;
    std::string display_;
};

}  // namespace kiosk::testing
