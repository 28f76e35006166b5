#include "drivers/serial/termios_link.hpp"

#include "drivers/serial/os_failure.hpp"
#include "drivers/serial/posix_calls.hpp"

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace kiosk::serial {
namespace {

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

// poll() failed with EAGAIN (the kernel could not allocate its tables): worth another try, after a
// pause so that a shortage that lasts does not turn the wait into a spin until the deadline.
constexpr std::chrono::milliseconds kPollRetryPause{1};

}  // namespace

LinkResult<void> configure_tty(int fd, const LinkSettings& settings, const std::string& name) {
    termios tio{};
    if (posix::tcgetattr(fd, &tio) != 0) return fail(open_failure("serial.termios.configure " + name, errno));
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
    if (posix::tcsetattr(fd, TCSANOW, &tio) != 0) return fail(open_failure("serial.termios.configure " + name, errno));
    return {};
}

TermiosLink::TermiosLink(int fd, int wake_read_fd, int wake_write_fd, std::string name)
    : fd_(fd), wake_read_fd_(wake_read_fd), wake_write_fd_(wake_write_fd), name_(std::move(name)) {}

TermiosLink::~TermiosLink() {
    close();
    if (const int retired = retired_fd_.exchange(-1); retired >= 0) posix::close(retired);
    ::close(wake_read_fd_);
    ::close(wake_write_fd_);
}

LinkResult<std::unique_ptr<TermiosLink>> TermiosLink::open(const std::string& path, const LinkSettings& settings) {
    const int fd = posix::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return fail(open_failure("serial.termios.open " + path, errno));
    return adopt(fd, path, settings);
}

LinkResult<std::unique_ptr<TermiosLink>> TermiosLink::adopt(int fd, std::string name, const LinkSettings& settings) {
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) {
        const int err = errno;
        posix::close(fd);
        return fail(open_failure("serial.termios.open " + name, err));
    }
    if (::isatty(fd)) {
        if (auto configured = configure_tty(fd, settings, name); !configured) {
            posix::close(fd);
            return fail(configured.error());
        }
    }
    int wake[2];
    if (::pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) {
        const int err = errno;
        posix::close(fd);
        return fail(open_failure("serial.termios.open " + name, err));
    }
    return std::unique_ptr<TermiosLink>(new TermiosLink(fd, wake[0], wake[1], std::move(name)));
}

// The descriptor's failure `err`, as seen from this link: closed when close() ran meanwhile (the
// number then points at /dev/null), the device's failure otherwise.
LinkError TermiosLink::failure(const std::string& where, int err, int fd) const {
    if (fd_.load() < 0) return LinkError{LinkErrorKind::closed, where, "link closed"};
    return transfer_failure(where, err, fd);
}

LinkResult<void> TermiosLink::wait_ready(int fd, short events, Clock::time_point deadline, const std::string& where,
                                         const char* timeout_what) {
    for (;;) {
        const int timeout_ms = posix::poll_timeout_ms(deadline);
        if (timeout_ms == 0) return fail(LinkError{LinkErrorKind::timeout, where, timeout_what});
        pollfd p[2] = {{fd, events, 0}, {wake_read_fd_, POLLIN, 0}};
        const int r = posix::poll(p, 2, timeout_ms);
        if (r < 0) {
            const int err = errno;
            if (err == EINTR) continue;  // the same deadline: the next timeout is what is left of it
            if (err == EAGAIN) {
                std::this_thread::sleep_for(kPollRetryPause);
                continue;
            }
            return fail(failure(where, err, fd));
        }
        if (p[1].revents != 0) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
        if (auto hangup = hangup_failure(where, p[0].revents)) {
            if (fd_.load() < 0) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
            return fail(std::move(*hangup));
        }
        return {};  // ready, or the poll ran out: the caller tries the call again and looks at the time
    }
}

LinkResult<void> TermiosLink::write(std::span<const std::uint8_t> bytes, Clock::time_point deadline) {
    const std::string where = "serial.termios.write " + name_;
    std::size_t done = 0;
    while (done < bytes.size()) {
        const int fd = fd_.load();
        if (fd < 0) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
        const ssize_t n = posix::write(fd, bytes.data() + done, bytes.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0) {
            const int err = errno;
            if (err == EINTR) continue;  // nothing was written: write the same bytes again
            if (err != EAGAIN) return fail(failure(where, err, fd));
        }
        TRY(wait_ready(fd, POLLOUT, deadline, where, "output blocked"));
    }
    return {};
}

LinkResult<std::size_t> TermiosLink::read_some(std::span<std::uint8_t> buffer, Clock::time_point deadline) {
    const std::string where = "serial.termios.read " + name_;
    if (buffer.empty()) return std::size_t{0};
    for (;;) {
        const int fd = fd_.load();
        if (fd < 0) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
        const ssize_t n = posix::read(fd, buffer.data(), buffer.size());
        if (n > 0) return static_cast<std::size_t>(n);
        if (n == 0) {
            // With VMIN 1 an empty line is EAGAIN, never 0: 0 is the end of the stream, a tty hung up
            // (the other end of a pty closed) or /dev/null after close().
            if (fd_.load() < 0) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
            return fail(LinkError{LinkErrorKind::gone, where, "end of stream: the other end hung up"});
        }
        const int err = errno;
        if (err == EINTR) continue;  // nothing was read, nothing lost: read again
        if (err != EAGAIN) return fail(failure(where, err, fd));
        TRY(wait_ready(fd, POLLIN, deadline, where, "no data before the deadline"));
    }
}

LinkResult<void> TermiosLink::flush_input() {
    const std::string where = "serial.termios.flush " + name_;
    const int fd = fd_.load();
    if (fd < 0) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
    if (::isatty(fd) && posix::tcflush(fd, TCIFLUSH) != 0) return fail(failure(where, errno, fd));
    // tcflush on a pty master does not always discard what the slave wrote; drain by reading.
    std::uint8_t scratch[256];
    for (;;) {
        const ssize_t n = posix::read(fd, scratch, sizeof scratch);
        if (n > 0) continue;
        if (n == 0) {
            if (fd_.load() < 0) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
            return fail(LinkError{LinkErrorKind::gone, where, "end of stream: the other end hung up"});
        }
        const int err = errno;
        if (err == EINTR) continue;
        if (err == EAGAIN) return {};
        return fail(failure(where, err, fd));
    }
}

LinkResult<void> TermiosLink::drain() {
    const std::string where = "serial.termios.drain " + name_;
    const int fd = fd_.load();
    if (fd < 0) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
    if (!::isatty(fd)) return {};
    while (posix::tcdrain(fd) != 0) {
        const int err = errno;
        if (err != EINTR) return fail(failure(where, err, fd));
    }
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
            posix::close(fd);
        }
        if (null_fd >= 0) ::close(null_fd);
    }
}

}  // namespace kiosk::serial
