#include "drivers/serial/termios_link.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

namespace kiosk::serial {
namespace {

LinkError os_error(const std::string& where, int err) {
    LinkErrorKind kind = LinkErrorKind::io;
    switch (err) {
        case ENOENT: case ENODEV: case ENXIO: kind = LinkErrorKind::not_found; break;
        case EACCES: case EPERM: kind = LinkErrorKind::permission; break;
        case EBUSY: kind = LinkErrorKind::busy; break;
        default: break;
    }
    return LinkError{kind, where, std::strerror(err)};
}

speed_t to_speed(int baud) {
    switch (baud) {
        case 1200: return B1200;
        case 2400: return B2400;
        case 4800: return B4800;
        case 9600: return B9600;
        case 19200: return B19200;
        case 38400: return B38400;
        case 57600: return B57600;
        case 115200: return B115200;
        case 230400: return B230400;
        default: return B0;
    }
}

int remaining_ms(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return 0;
    // Round up so a deadline 0.4 ms away still waits rather than spinning.
    return left > 60'000 ? 60'000 : static_cast<int>(left) + 1;
}

}  // namespace

LinkResult<void> configure_tty(int fd, const LinkSettings& settings, const std::string& name) {
    termios tio{};
    if (::tcgetattr(fd, &tio) != 0) return fail(os_error("serial.termios.configure " + name, errno));
    ::cfmakeraw(&tio);
    const speed_t speed = to_speed(settings.baud);
    if (speed == B0)
        return fail(LinkError{LinkErrorKind::config, "serial.termios.configure " + name,
                              "unsupported baud rate " + std::to_string(settings.baud)});
    ::cfsetispeed(&tio, speed);
    ::cfsetospeed(&tio, speed);
    tio.c_cflag &= ~static_cast<tcflag_t>(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS);
    switch (settings.data_bits) {
        case 5: tio.c_cflag |= CS5; break;
        case 6: tio.c_cflag |= CS6; break;
        case 7: tio.c_cflag |= CS7; break;
        case 8: tio.c_cflag |= CS8; break;
        default:
            return fail(LinkError{LinkErrorKind::config, "serial.termios.configure " + name,
                                  "unsupported data bits " + std::to_string(settings.data_bits)});
    }
    if (settings.parity == Parity::even) tio.c_cflag |= PARENB;
    if (settings.parity == Parity::odd) tio.c_cflag |= PARENB | PARODD;
    if (settings.stop_bits == 2) tio.c_cflag |= CSTOPB;
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_iflag &= ~static_cast<tcflag_t>(IXON | IXOFF | IXANY);
    // VMIN 1 makes an empty non-blocking read fail with EAGAIN; with VMIN 0 it returns 0, which is
    // indistinguishable from the hangup that read() reports the same way.
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    if (::tcsetattr(fd, TCSANOW, &tio) != 0) return fail(os_error("serial.termios.configure " + name, errno));
    return {};
}

TermiosLink::TermiosLink(int fd, int wake_read_fd, int wake_write_fd, std::string name)
    : fd_(fd), wake_read_fd_(wake_read_fd), wake_write_fd_(wake_write_fd), name_(std::move(name)) {}

TermiosLink::~TermiosLink() {
    close();
    if (const int retired = retired_fd_.exchange(-1); retired >= 0) ::close(retired);
    ::close(wake_read_fd_);
    ::close(wake_write_fd_);
}

LinkResult<std::unique_ptr<TermiosLink>> TermiosLink::open(const std::string& path, const LinkSettings& settings) {
    const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return fail(os_error("serial.termios.open " + path, errno));
    return adopt(fd, path, settings);
}

LinkResult<std::unique_ptr<TermiosLink>> TermiosLink::adopt(int fd, std::string name, const LinkSettings& settings) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        const int err = errno;
        ::close(fd);
        return fail(os_error("serial.termios.open " + name, err));
    }
    if (::isatty(fd)) {
        if (auto configured = configure_tty(fd, settings, name); !configured) {
            ::close(fd);
            return fail(configured.error());
        }
    }
    int wake[2];
    if (::pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) {
        const int err = errno;
        ::close(fd);
        return fail(os_error("serial.termios.open " + name, err));
    }
    return std::unique_ptr<TermiosLink>(new TermiosLink(fd, wake[0], wake[1], std::move(name)));
}

LinkResult<void> TermiosLink::write(std::span<const std::uint8_t> bytes, Clock::time_point deadline) {
    const std::string where = "serial.termios.write " + name_;
    std::size_t done = 0;
    while (done < bytes.size()) {
        const int fd = fd_.load();
        if (fd < 0) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN) {
            if (errno == EIO) return fail(LinkError{LinkErrorKind::closed, where, "the other end hung up"});
            return fail(os_error(where, errno));
        }
        pollfd p[2] = {{fd, POLLOUT, 0}, {wake_read_fd_, POLLIN, 0}};
        const int timeout_ms = remaining_ms(deadline);
        if (timeout_ms == 0) return fail(LinkError{LinkErrorKind::timeout, where, "output blocked"});
        const int r = ::poll(p, 2, timeout_ms);
        if (r < 0 && errno != EINTR) return fail(os_error(where, errno));
        if (p[1].revents) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
    }
    return {};
}

LinkResult<std::size_t> TermiosLink::read_some(std::span<std::uint8_t> buffer, Clock::time_point deadline) {
    const std::string where = "serial.termios.read " + name_;
    if (buffer.empty()) return std::size_t{0};
    for (;;) {
        const int fd = fd_.load();
        if (fd < 0) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n > 0) return static_cast<std::size_t>(n);
        if (n == 0) return fail(LinkError{LinkErrorKind::closed, where, "end of stream"});
        if (errno == EINTR) continue;
        if (errno == EIO) return fail(LinkError{LinkErrorKind::closed, where, "the other end hung up"});
        if (errno != EAGAIN) return fail(os_error(where, errno));
        const int timeout_ms = remaining_ms(deadline);
        if (timeout_ms == 0) return fail(LinkError{LinkErrorKind::timeout, where, "no data before the deadline"});
        pollfd p[2] = {{fd, POLLIN, 0}, {wake_read_fd_, POLLIN, 0}};
        const int r = ::poll(p, 2, timeout_ms);
        if (r < 0 && errno != EINTR) return fail(os_error(where, errno));
        if (p[1].revents) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
        // POLLHUP on a pty master means no slave is open; report it rather than spin on it.
        if ((p[0].revents & POLLHUP) && !(p[0].revents & POLLIN))
            return fail(LinkError{LinkErrorKind::closed, where, "the other end hung up"});
    }
}

LinkResult<void> TermiosLink::flush_input() {
    const int fd = fd_.load();
    if (fd < 0) return fail(LinkError{LinkErrorKind::closed, "serial.termios.flush " + name_, "link closed"});
    if (::isatty(fd)) {
        ::tcflush(fd, TCIFLUSH);
    }
    // tcflush on a pty master does not always discard what the slave wrote; drain by reading.
    std::uint8_t scratch[256];
    while (::read(fd, scratch, sizeof scratch) > 0) {
    }
    return {};
}

LinkResult<void> TermiosLink::drain() {
    const int fd = fd_.load();
    if (fd < 0) return fail(LinkError{LinkErrorKind::closed, "serial.termios.drain " + name_, "link closed"});
    if (::isatty(fd) && ::tcdrain(fd) != 0 && errno != EINTR)
        return fail(os_error("serial.termios.drain " + name_, errno));
    return {};
}

void TermiosLink::close() {
    const int fd = fd_.exchange(-1);
    if (fd >= 0) {
        const std::uint8_t wake = 1;
        [[maybe_unused]] const auto ignored = ::write(wake_write_fd_, &wake, 1);
        const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd >= 0 && ::dup3(null_fd, fd, O_CLOEXEC) >= 0) {
            retired_fd_ = fd;
        } else {
            ::close(fd);
        }
        if (null_fd >= 0) ::close(null_fd);
    }
}

}  // namespace kiosk::serial
