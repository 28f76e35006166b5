#include "tests/system/soak/control_line.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kiosk::soak {

namespace {

// Closes the socket on every way out.
struct Socket {
    int fd;
    ~Socket() {
        if (fd >= 0) ::close(fd);
    }
};

Error control_error(const std::string& socket_path, const std::string& what) {
    return Error{"soak.control", socket_path + ": " + what};
}

}  // namespace

Result<std::string> control_line(const std::string& socket_path, const std::string& line, int timeout_ms) {
    Socket socket{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
    if (socket.fd < 0) return fail(control_error(socket_path, std::strerror(errno)));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket_path.size() >= sizeof address.sun_path) return fail(control_error(socket_path, "path too long"));
    std::memcpy(address.sun_path, socket_path.c_str(), socket_path.size() + 1);
    if (::connect(socket.fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        return fail(control_error(socket_path, std::string("connect: ") + std::strerror(errno)));
    }
    const std::string out = line + "\n";
    if (::send(socket.fd, out.data(), out.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(out.size())) {
        return fail(control_error(socket_path, std::string("send: ") + std::strerror(errno)));
    }
    std::string answer;
    while (answer.find('\n') == std::string::npos) {
        pollfd ready{socket.fd, POLLIN, 0};
        const int polled = ::poll(&ready, 1, timeout_ms);
        if (polled < 0 && errno == EINTR) continue;
        if (polled <= 0) return fail(control_error(socket_path, "no answer"));
        char buffer[256];
        const ssize_t n = ::recv(socket.fd, buffer, sizeof buffer, 0);
        if (n <= 0) return fail(control_error(socket_path, "closed before answering"));
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    return answer.substr(0, answer.find('\n'));
}

}  // namespace kiosk::soak
