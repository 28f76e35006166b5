#include "drivers/dispenser/sim/control_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <sstream>

namespace kiosk::dispenser::sim {
namespace {

constexpr std::size_t kMaxLineBytes = 4096;

bool write_line(int fd, const std::string& line) {
    std::string out = line + "\n";
    std::string_view rest = out;
    while (!rest.empty()) {
        const ssize_t n = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace

ControlAnswer run_control_line(DeviceModel& model, const std::string& line) {
    const auto space = line.find(' ');
    const std::string verb = line.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
    if (verb == "take" && rest.empty()) return model.take();
    if (verb == "insert" && !rest.empty()) return model.insert(rest);
    if (verb == "jam" && rest.empty()) return model.jam_next_move();
    if (verb == "state" && rest.empty()) return {true, model.summary()};
    if (verb == "door") {
        if (rest == "open") return model.set_door_open(true);
        if (rest == "close") return model.set_door_open(false);
        return {false, "usage: door open|close"};
    }
    if (verb == "bin") {
        if (rest == "full") return model.set_bin_full(true);
        if (rest == "empty") return model.set_bin_full(false);
        return {false, "usage: bin full|empty"};
    }
    if (verb == "fail") {
        if (rest.size() == 2) {
            if (auto code =
                    error_code_from_ascii(static_cast<std::uint8_t>(rest[0]), static_cast<std::uint8_t>(rest[1])))
                return model.fail_next_move(*code);
        }
        return {false, "usage: fail E1E0 (an M1 error code such as 10, 51, A0)"};
    }
    if (verb == "fault") {
        std::istringstream in(rest);
        std::string kind;
        int count = 1;
        in >> kind;
        if (!in.eof()) {
            if (!(in >> count) || !in.eof()) return {false, "usage: fault silence|garbage|bcc|nak|late_ack [COUNT]"};
        }
        if (kind == "silence") return model.inject_fault(FaultKind::silence, count);
        if (kind == "garbage") return model.inject_fault(FaultKind::garbage, count);
        if (kind == "bcc") return model.inject_fault(FaultKind::bcc, count);
        if (kind == "nak") return model.inject_fault(FaultKind::nak, count);
        if (kind == "late_ack") return model.inject_fault(FaultKind::late_ack, count);
        return {false, "usage: fault silence|garbage|bcc|nak|late_ack [COUNT]"};
    }
    return {false, "unknown command"};
}

Result<std::unique_ptr<ControlServer>> ControlServer::start(const std::string& socket_path, DeviceModel& model) {
    const std::string where = "dispenser.sim.control";
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path.empty() || socket_path.size() >= sizeof address.sun_path)
        return fail(where, "socket path empty or too long: " + socket_path);
    std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(where, std::string("socket: ") + std::strerror(errno));
    ::unlink(socket_path.c_str());  // a stale socket from an earlier run
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 4) != 0) {
        const int err = errno;
        ::close(fd);
        return fail(where, "listen on " + socket_path + ": " + std::strerror(err));
    }
    int wake[2];
    if (::pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
        const int err = errno;
        ::close(fd);
        return fail(where, std::string("pipe: ") + std::strerror(err));
    }
    auto server = std::unique_ptr<ControlServer>(new ControlServer(socket_path, fd, wake[0], wake[1], model));
    server->thread_ = std::thread([s = server.get()] { s->serve(); });
    return server;
}

ControlServer::ControlServer(std::string path, int listen_fd, int wake_read_fd, int wake_write_fd, DeviceModel& model)
    : path_(std::move(path)),
      listen_fd_(listen_fd),
      wake_read_fd_(wake_read_fd),
      wake_write_fd_(wake_write_fd),
      model_(model) {}

ControlServer::~ControlServer() {
    const char byte = 1;
    (void)!::write(wake_write_fd_, &byte, 1);
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
    ::close(wake_read_fd_);
    ::close(wake_write_fd_);
    ::unlink(path_.c_str());
}

void ControlServer::serve() {
    for (;;) {
        pollfd p[2] = {{listen_fd_, POLLIN, 0}, {wake_read_fd_, POLLIN, 0}};
        if (::poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (p[1].revents) return;
        if (!(p[0].revents & POLLIN)) continue;
        const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        serve_client(client);
        ::close(client);
    }
}

void ControlServer::serve_client(int fd) {
    std::string buffer;
    char chunk[512];
    for (;;) {
        pollfd p[2] = {{fd, POLLIN, 0}, {wake_read_fd_, POLLIN, 0}};
        if (::poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (p[1].revents) return;
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        buffer.append(chunk, static_cast<std::size_t>(n));
        for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
            std::string line = buffer.substr(0, nl);
            buffer.erase(0, nl + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) continue;
            if (!write_line(fd, run_control_line(model_, line).line())) return;
        }
        if (buffer.size() > kMaxLineBytes) {
            (void)write_line(fd, "error line too long");
            return;
        }
    }
}

}  // namespace kiosk::dispenser::sim
