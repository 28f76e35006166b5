// The libserialport backend of Link, for real serial ports (USB adapters, on-board UARTs), and
// port discovery by USB VID:PID. Every sp_* call of the project lives in libserialport_link.cpp,
// where its return codes become LinkError values.
//
// libserialport 0.1.1 refuses pseudo-terminals; open_link() sends those to TermiosLink instead.
#pragma once

#include "drivers/serial/link.hpp"

#include <atomic>
#include <cstdint>
#include <optional>
#include <vector>

struct sp_port;

namespace kiosk::serial {

struct PortInfo {
    std::string name;                  // e.g. /dev/ttyUSB0
    std::string description;           // libserialport's description, may be empty
    std::optional<std::uint16_t> usb_vid;  // set for USB ports
    std::optional<std::uint16_t> usb_pid;
};

// Every serial port libserialport can see (none is an empty list, not an error).
LinkResult<std::vector<PortInfo>> list_ports();

class LibserialportLink final : public Link {
public:
    // Opens a port by name (/dev/ttyUSB0, or a symlink such as /dev/serial/by-id/...).
    static LinkResult<std::unique_ptr<LibserialportLink>> open(const std::string& path, const LinkSettings& settings);
    // Opens the first port whose USB ids match; not_found (naming the ids) when none does.
    static LinkResult<std::unique_ptr<LibserialportLink>> open_usb(UsbId id, const LinkSettings& settings);

    ~LibserialportLink() override;

    LinkResult<void> write(std::span<const std::uint8_t> bytes, Clock::time_point deadline) override;
    LinkResult<std::size_t> read_some(std::span<std::uint8_t> buffer, Clock::time_point deadline) override;
    LinkResult<void> flush_input() override;
    LinkResult<void> drain() override;
    // Marks the link closed and wakes a blocked read; the port itself is released by the destructor,
    // so a read running on another thread never touches a freed sp_port.
    void close() override;
    [[nodiscard]] std::string describe() const override { return name_; }

private:
    LibserialportLink(sp_port* port, int fd, int wake_read_fd, int wake_write_fd, std::string name);

    sp_port* port_;
    int fd_;  // the port's descriptor, only for poll()
    int wake_read_fd_;
    int wake_write_fd_;
    std::atomic<bool> closed_{false};
    std::string name_;
};

}  // namespace kiosk::serial
