#include "tests/support/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <utility>

extern char** environ;

namespace kiosk::testing {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kWhere = "test.process";

int ms_left(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1'000'000'000));
}

int status_of(int wait_status) {
    return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

// argv[0] itself when it names a path, else the first executable of that name on PATH.
std::optional<std::string> resolve(const std::string& program) {
    if (program.find('/') != std::string::npos) return program;
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr && path[0] != '\0' ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string dir = end > start ? dirs.substr(start, end - start) : ".";
        const std::string candidate = dir + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    return std::nullopt;
}

// The inherited environment with `unset` and the names `set` gives left out, then `set`.
std::vector<std::string> environment(const std::vector<std::string>& set, const std::vector<std::string>& unset) {
    const auto named = [](const char* entry, const std::string& name) {
        return std::strncmp(entry, name.c_str(), name.size()) == 0 && entry[name.size()] == '=';
    };
    std::vector<std::string> out;
    for (char** e = environ; *e != nullptr; ++e) {
        const bool replaced = std::any_of(set.begin(), set.end(),
                                          [&](const std::string& x) { return named(*e, x.substr(0, x.find('='))); });
        const bool removed = std::any_of(unset.begin(), unset.end(), [&](const std::string& x) { return named(*e, x); });
        if (!replaced && !removed) out.emplace_back(*e);
    }
    out.insert(out.end(), set.begin(), set.end());
    return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// The child's end and the parent's end of one standard stream, made before fork().
struct StreamEnds {
    int child = -1;   // dup2'd onto the stream in the child; -1: inherit
    int parent = -1;  // read by the parent; -1: not piped

    static Result<StreamEnds> make(Stream stream) {
        StreamEnds ends;
        if (stream == Stream::pipe) {
            int fds[2];
            if (::pipe2(fds, O_CLOEXEC) != 0) return fail(kWhere, std::string("pipe: ") + std::strerror(errno));
            ends.parent = fds[0];
            ends.child = fds[1];
        } else if (stream == Stream::discard) {
            ends.child = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
            if (ends.child < 0) return fail(kWhere, std::string("/dev/null: ") + std::strerror(errno));
        }
        return ends;
    }
};

// Everything fork() needs, prepared in the parent so the child does only async-signal-safe calls.
struct Launch {
    StreamEnds out;
    StreamEnds err;
    bool dies_with_parent = false;
    pid_t parent = ::getpid();

    static Result<Launch> make(const SpawnOptions& options) {
        Launch launch;
        launch.out = TRY(StreamEnds::make(options.out));
        auto err = StreamEnds::make(options.err);
        if (!err) {
            close_fd(launch.out.child);
            close_fd(launch.out.parent);
            return fail(err.error());
        }
        launch.err = err.value();
        launch.dies_with_parent = options.dies_with_parent;
        return launch;
    }

    // In the child, before exec or the body.
    void enter_child() const {
        if (dies_with_parent) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
        }
        if (out.child >= 0) ::dup2(out.child, STDOUT_FILENO);
        if (err.child >= 0) ::dup2(err.child, STDERR_FILENO);
    }

    // In the parent, after fork: the child's ends are the child's now.
    void leave_parent() {
        close_fd(out.child);
        close_fd(err.child);
    }
};

}  // namespace

Result<ChildProcess> ChildProcess::spawn(const std::vector<std::string>& argv, const SpawnOptions& options) {
    if (argv.empty()) return fail(kWhere, "no program to start");
    const auto path = resolve(argv[0]);
    if (!path) return fail(kWhere, "cannot start " + argv[0] + ": not found on PATH");
    std::vector<std::string> args = argv;
    std::vector<std::string> env = environment(options.env, options.unset_env);
    const std::vector<char*> arg_pointers = pointers(args);
    const std::vector<char*> env_pointers = pointers(env);

    // exec() failing in the child reports its errno through this pipe; a successful exec closes it.
    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) return fail(kWhere, std::string("pipe: ") + std::strerror(errno));
    auto launch = Launch::make(options);
    if (!launch) {
        ::close(report[0]);
        ::close(report[1]);
        return fail(launch.error());
    }
    const pid_t pid = ::fork();
    if (pid == 0) {
        launch->enter_child();
        ::execve(path->c_str(), arg_pointers.data(), env_pointers.data());
        const int error = errno;
        (void)!::write(report[1], &error, sizeof error);
        ::_exit(127);
    }
    const int fork_errno = errno;
    launch->leave_parent();
    ::close(report[1]);
    if (pid < 0) {
        ::close(report[0]);
        close_fd(launch->out.parent);
        close_fd(launch->err.parent);
        return fail(kWhere, "cannot start " + argv[0] + ": fork: " + std::strerror(fork_errno));
    }
    int exec_errno = 0;
    ssize_t got = 0;
    do {
        got = ::read(report[0], &exec_errno, sizeof exec_errno);
    } while (got < 0 && errno == EINTR);
    ::close(report[0]);
    ChildProcess child(pid, launch->out.parent, launch->err.parent);
    if (got == static_cast<ssize_t>(sizeof exec_errno)) {
        (void)child.wait_or_kill(kStopGraceMs);
        return fail(kWhere, "cannot start " + *path + ": " + std::strerror(exec_errno));
    }
    return child;
}

Result<ChildProcess> ChildProcess::fork_call(const std::function<int()>& body, const SpawnOptions& options) {
    auto launch = TRY(Launch::make(options));
    const pid_t pid = ::fork();
    if (pid == 0) {
        launch.enter_child();
        int status = 125;
        try {
            status = body();
        } catch (...) {
            // A failed doctest assertion throws: the parent sees 125 and whatever the body wrote.
        }
        ::_exit(status);
    }
    const int fork_errno = errno;
    launch.leave_parent();
    if (pid < 0) {
        close_fd(launch.out.parent);
        close_fd(launch.err.parent);
        return fail(kWhere, std::string("fork: ") + std::strerror(fork_errno));
    }
    return ChildProcess(pid, launch.out.parent, launch.err.parent);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      out_fd_(std::exchange(other.out_fd_, -1)),
      err_fd_(std::exchange(other.err_fd_, -1)),
      exit_status_(other.exit_status_),
      out_buffer_(std::move(other.out_buffer_)) {}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
    if (this != &other) {
        if (pid_ > 0) (void)stop();
        close_pipes();
        pid_ = std::exchange(other.pid_, -1);
        out_fd_ = std::exchange(other.out_fd_, -1);
        err_fd_ = std::exchange(other.err_fd_, -1);
        exit_status_ = other.exit_status_;
        out_buffer_ = std::move(other.out_buffer_);
    }
    return *this;
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) (void)stop();
    close_pipes();
}

void ChildProcess::close_pipes() {
    close_fd(out_fd_);
    close_fd(err_fd_);
}

bool ChildProcess::reap(int block_ms) {
    if (pid_ <= 0) return true;
    const auto deadline = Clock::now() + std::chrono::milliseconds(std::max(0, block_ms));
    // A pidfd becomes readable when the process ends: the wait needs no polling loop.
    const int pidfd = block_ms > 0 ? static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0)) : -1;
    bool reaped = false;
    for (;;) {
        int status = 0;
        const pid_t got = ::waitpid(pid_, &status, WNOHANG);
        if (got == pid_) {
            exit_status_ = status_of(status);
            pid_ = -1;
            reaped = true;
            break;
        }
        if (got < 0 && errno != EINTR) {  // not our child any more (reaped elsewhere): nothing to wait for
            pid_ = -1;
            reaped = true;
            break;
        }
        const int left = ms_left(deadline);
        if (left == 0) break;
        if (pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            (void)::poll(&p, 1, left);
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(std::min(left, 10)));
        }
    }
    if (pidfd >= 0) ::close(pidfd);
    return reaped;
}

int ChildProcess::wait_exit(int timeout_ms) { return reap(timeout_ms) ? exit_status_ : -1; }

int ChildProcess::wait_or_kill(int timeout_ms) {
    if (reap(timeout_ms)) return exit_status_;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    exit_status_ = -1;
    return -1;
}

int ChildProcess::stop(int signal, int grace_ms) {
    send_signal(signal);
    return wait_or_kill(grace_ms);
}

void ChildProcess::send_signal(int signal) const {
    if (pid_ > 0) ::kill(pid_, signal);
}

std::optional<std::string> ChildProcess::read_line(int timeout_ms) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(std::max(0, timeout_ms));
    for (;;) {
        if (const auto nl = out_buffer_.find('\n'); nl != std::string::npos) {
            std::string line = out_buffer_.substr(0, nl);
            out_buffer_.erase(0, nl + 1);
            return line;
        }
        if (out_fd_ < 0) return std::nullopt;
        pollfd p{out_fd_, POLLIN, 0};
        const int ready = ::poll(&p, 1, ms_left(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return std::nullopt;
        char chunk[512];
        const ssize_t n = ::read(out_fd_, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            close_fd(out_fd_);
            return std::nullopt;
        }
        out_buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

ChildProcess::Output ChildProcess::collect(int timeout_ms) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(std::max(0, timeout_ms));
    Output output;
    output.out = std::exchange(out_buffer_, {});
    int* fds[2] = {&out_fd_, &err_fd_};
    std::string* sinks[2] = {&output.out, &output.err};
    while (out_fd_ >= 0 || err_fd_ >= 0) {
        const int left = ms_left(deadline);
        if (left == 0) break;
        pollfd polled[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};  // poll ignores fd -1
        const int ready = ::poll(polled, 2, left);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) break;
        for (int i = 0; i < 2; ++i) {
            if (*fds[i] < 0 || polled[i].revents == 0) continue;
            char chunk[4096];
            const ssize_t n = ::read(*fds[i], chunk, sizeof chunk);
            if (n > 0) sinks[i]->append(chunk, static_cast<std::size_t>(n));
            else if (n == 0 || errno != EINTR) close_fd(*fds[i]);
        }
    }
    close_pipes();
    if (reap(ms_left(deadline))) {
        output.exit_code = exit_status_;
    } else {
        output.timed_out = true;
        output.exit_code = wait_or_kill(0);
    }
    return output;
}

Result<ProcessOutput> run(const std::vector<std::string>& argv, SpawnOptions options, int timeout_ms) {
    options.out = Stream::pipe;
    options.err = Stream::pipe;
    auto child = TRY(ChildProcess::spawn(argv, options));
    return child.collect(timeout_ms);
}

Result<ProcessOutput> run_shell(const std::string& command_line, int timeout_ms) {
    return run({"/bin/sh", "-c", command_line}, {}, timeout_ms);
}

}  // namespace kiosk::testing
