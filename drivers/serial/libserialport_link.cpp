// Every sp_* call of the project. libserialport reports SP_ERR_FAIL with the OS error in
// sp_last_error_code(); map_failure() turns both into a LinkError.
#include "drivers/serial/libserialport_link.hpp"

#include "drivers/serial/os_failure.hpp"
#include "drivers/serial/posix_calls.hpp"

#include <libserialport.h>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

namespace kiosk::serial {
namespace {

LinkError map_failure(sp_return code, const std::string& where) {
    switch (code) {
        case SP_ERR_ARG: return {LinkErrorKind::config, where, "invalid argument"};
        case SP_ERR_MEM: return {LinkErrorKind::io, where, "out of memory"};
        case SP_ERR_SUPP: return {LinkErrorKind::config, where, "not supported by this port"};
        case SP_ERR_FAIL: {
            const int err = sp_last_error_code();
            char* message = sp_last_error_message();
            std::string text = message != nullptr ? message : std::strerror(err);
            if (message != nullptr) sp_free_error_message(message);
            LinkErrorKind kind = LinkErrorKind::io;
            switch (err) {
                case ENOENT: case ENODEV: case ENXIO: kind = LinkErrorKind::not_found; break;
                case EACCES: case EPERM: kind = LinkErrorKind::permission; break;
                case EBUSY: kind = LinkErrorKind::busy; break;
                case EIO: kind = LinkErrorKind::gone; text = "the device went away (" + text + ")"; break;
                default: break;
            }
            return {kind, where, text};
        }
        case SP_OK: break;
    }
    return {LinkErrorKind::io, where, "unexpected libserialport result " + std::to_string(static_cast<int>(code))};
}

// A failed sp_nonblocking_read/write on the open port `fd`: nullopt when the call is to be made
// again (libserialport passes an interrupted read() or write() on as SP_ERR_FAIL with EINTR), else
// the failure as os_failure.hpp classifies it (a USB adapter pulled out is `gone`).
std::optional<LinkError> transfer_failure_of(sp_return code, const std::string& where, int fd) {
    if (code != SP_ERR_FAIL) return map_failure(code, where);
    const int err = sp_last_error_code();
    if (err == EINTR || err == EAGAIN) return std::nullopt;
    return transfer_failure(where, err, fd);
}

// Waits until the port is ready for `events`, the deadline's poll runs out, or close() wakes it:
// good for the first two (the caller tries again and looks at the time). An interrupted poll is
// retried within the same deadline; a hang-up or error condition is `gone`, never spun on.
LinkResult<void> wait_ready(int fd, short events, int wake_fd, int timeout_ms, const std::string& where) {
    pollfd p[2] = {{fd, events, 0}, {wake_fd, POLLIN, 0}};
    if (posix::poll(p, 2, timeout_ms) < 0) {
        const int err = errno;
        if (err == EAGAIN) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // not a spin
        if (err == EINTR || err == EAGAIN) return {};
        return fail(transfer_failure(where, err, fd));
    }
    if (p[1].revents) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
    if (auto hangup = hangup_failure(where, p[0].revents)) return fail(std::move(*hangup));
    return {};
}

sp_parity to_sp(Parity parity) {
    switch (parity) {
        case Parity::none: return SP_PARITY_NONE;
        case Parity::even: return SP_PARITY_EVEN;
        case Parity::odd: return SP_PARITY_ODD;
    }
    return SP_PARITY_NONE;
}

struct PortListDeleter {
    void operator()(sp_port** list) const { sp_free_port_list(list); }
};

}  // namespace

LinkResult<std::vector<PortInfo>> list_ports() {
    sp_port** raw = nullptr;
    if (const sp_return r = sp_list_ports(&raw); r != SP_OK) return fail(map_failure(r, "serial.libserialport.list"));
    std::unique_ptr<sp_port*, PortListDeleter> list(raw);
    std::vector<PortInfo> ports;
    for (sp_port** p = raw; *p != nullptr; ++p) {
        PortInfo info;
        if (const char* name = sp_get_port_name(*p)) info.name = name;
        if (const char* description = sp_get_port_description(*p)) info.description = description;
        int vid = 0;
        int pid = 0;
        if (sp_get_port_transport(*p) == SP_TRANSPORT_USB && sp_get_port_usb_vid_pid(*p, &vid, &pid) == SP_OK) {
            info.usb_vid = static_cast<std::uint16_t>(vid);
            info.usb_pid = static_cast<std::uint16_t>(pid);
        }
        ports.push_back(std::move(info));
    }
    return ports;
}

LinkResult<std::unique_ptr<LibserialportLink>> LibserialportLink::open(const std::string& path,
                                                                       const LinkSettings& settings) {
    const std::string where = "serial.libserialport.open " + path;
    sp_port* port = nullptr;
    if (const sp_return r = sp_get_port_by_name(path.c_str(), &port); r != SP_OK) {
        LinkError error = map_failure(r, where);
        // sp_get_port_by_name fails with SP_ERR_ARG for a path that is not a serial port at all.
        if (r == SP_ERR_ARG) error = {LinkErrorKind::not_found, where, "no such serial port"};
        return fail(std::move(error));
    }
    auto release = [&](LinkError error) {
        sp_close(port);
        sp_free_port(port);
        return fail(std::move(error));
    };
    if (const sp_return r = sp_open(port, SP_MODE_READ_WRITE); r != SP_OK) {
        LinkError error = map_failure(r, where);
        sp_free_port(port);
        return fail(std::move(error));
    }
    sp_port_config* config = nullptr;
    if (const sp_return r = sp_new_config(&config); r != SP_OK) return release(map_failure(r, where));
    sp_set_config_baudrate(config, settings.baud);
    sp_set_config_bits(config, settings.data_bits);
    sp_set_config_parity(config, to_sp(settings.parity));
    sp_set_config_stopbits(config, settings.stop_bits);
    sp_set_config_flowcontrol(config, SP_FLOWCONTROL_NONE);
    const sp_return configured = sp_set_config(port, config);
    sp_free_config(config);
    if (configured != SP_OK) {
        LinkError error = map_failure(configured, where);
        error.kind = LinkErrorKind::config;
        error.what = "the port refused " + std::to_string(settings.baud) + " baud " +
                     std::to_string(settings.data_bits) + " data bits: " + error.what;
        return release(std::move(error));
    }
    int fd = -1;
    if (const sp_return r = sp_get_port_handle(port, &fd); r != SP_OK) return release(map_failure(r, where));
    int wake[2];
    if (::pipe2(wake, O_NONBLOCK | O_CLOEXEC) != 0) return release({LinkErrorKind::io, where, std::strerror(errno)});
    sp_flush(port, SP_BUF_INPUT);
    return std::unique_ptr<LibserialportLink>(new LibserialportLink(port, fd, wake[0], wake[1], path));
}

LinkResult<std::unique_ptr<LibserialportLink>> LibserialportLink::open_usb(UsbId id, const LinkSettings& settings) {
    const std::string where = "serial.libserialport.open " + PortSpec::usb(id).to_string();
    const auto ports = TRY(list_ports());
    for (const PortInfo& port : ports) {
        if (port.usb_vid == id.vendor && port.usb_pid == id.product) return open(port.name, settings);
    }
    return fail(LinkError{LinkErrorKind::not_found, where,
                          "no serial port with USB id " + id.to_string() + " (" + std::to_string(ports.size()) +
                              " serial ports present); is the device plugged in?"});
}

LibserialportLink::LibserialportLink(sp_port* port, int fd, int wake_read_fd, int wake_write_fd, std::string name)
    : port_(port), fd_(fd), wake_read_fd_(wake_read_fd), wake_write_fd_(wake_write_fd), name_(std::move(name)) {}

LibserialportLink::~LibserialportLink() {
    close();
    sp_close(port_);
    sp_free_port(port_);
    ::close(wake_read_fd_);
    ::close(wake_write_fd_);
}

void LibserialportLink::close() {
    if (!closed_.exchange(true)) {
        const std::uint8_t wake = 1;
        [[maybe_unused]] const auto ignored = ::write(wake_write_fd_, &wake, 1);
    }
}

LinkResult<void> LibserialportLink::write(std::span<const std::uint8_t> bytes, Clock::time_point deadline) {
    const std::string where = "serial.libserialport.write " + name_;
    std::size_t done = 0;
    while (done < bytes.size()) {
        if (closed_) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
        const int n = sp_nonblocking_write(port_, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (auto failure = transfer_failure_of(static_cast<sp_return>(n), where, fd_)) return fail(std::move(*failure));
            // Interrupted: nothing was written; again, within the same deadline (a stream of signals
            // must not carry the write past it).
            if (posix::poll_timeout_ms(deadline) == 0) return fail(LinkError{LinkErrorKind::timeout, where, "output blocked"});
            continue;
        }
        done += static_cast<std::size_t>(n);
        if (done == bytes.size()) break;
        const int timeout_ms = posix::poll_timeout_ms(deadline);
        if (timeout_ms == 0) return fail(LinkError{LinkErrorKind::timeout, where, "output blocked"});
        TRY(wait_ready(fd_, POLLOUT, wake_read_fd_, timeout_ms, where));
    }
    return {};
}

LinkResult<std::size_t> LibserialportLink::read_some(std::span<std::uint8_t> buffer, Clock::time_point deadline) {
    const std::string where = "serial.libserialport.read " + name_;
    if (buffer.empty()) return std::size_t{0};
    for (;;) {
        if (closed_) return fail(LinkError{LinkErrorKind::closed, where, "link closed"});
        const int n = sp_nonblocking_read(port_, buffer.data(), buffer.size());
        if (n < 0) {
            if (auto failure = transfer_failure_of(static_cast<sp_return>(n), where, fd_)) return fail(std::move(*failure));
            // Interrupted: nothing was read; again, within the same deadline.
            if (posix::poll_timeout_ms(deadline) == 0)
                return fail(LinkError{LinkErrorKind::timeout, where, "no data before the deadline"});
            continue;
        }
        if (n > 0) return static_cast<std::size_t>(n);
        const int timeout_ms = posix::poll_timeout_ms(deadline);
        if (timeout_ms == 0) return fail(LinkError{LinkErrorKind::timeout, where, "no data before the deadline"});
        // A USB adapter pulled out reports POLLHUP/POLLERR with nothing to read: gone, not a spin.
        TRY(wait_ready(fd_, POLLIN, wake_read_fd_, timeout_ms, where));
    }
}

LinkResult<void> LibserialportLink::flush_input() {
    if (closed_) return fail(LinkError{LinkErrorKind::closed, "serial.libserialport.flush " + name_, "link closed"});
    if (const sp_return r = sp_flush(port_, SP_BUF_INPUT); r != SP_OK)
        return fail(map_failure(r, "serial.libserialport.flush " + name_));
    return {};
}

LinkResult<void> LibserialportLink::drain() {
    if (closed_) return fail(LinkError{LinkErrorKind::closed, "serial.libserialport.drain " + name_, "link closed"});
    if (const sp_return r = sp_drain(port_); r != SP_OK) return fail(map_failure(r, "serial.libserialport.drain " + name_));
    return {};
}

}  // namespace kiosk::serial
