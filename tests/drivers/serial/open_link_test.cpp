// Backend choice and the libserialport backend, as far as a machine without serial hardware allows.
#include "drivers/serial/libserialport_link.hpp"
#include "drivers/serial/link.hpp"
#include "drivers/serial/pty_pair.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

using namespace kiosk::serial;

TEST_CASE("a usb: device that is not plugged in is not_found, naming the ids") {
    // FFFF:FFFE is reserved/unassigned: no real adapter carries it.
    auto link = open_link(PortSpec::usb({0xFFFF, 0xFFFE}), {.baud = 57600});
    REQUIRE_FALSE(link.ok());
    CHECK(link.error().kind == LinkErrorKind::not_found);
    CHECK(link.error().what.find("ffff:fffe") != std::string::npos);
    CHECK(link.error().where.find("usb:ffff:fffe") != std::string::npos);
}

TEST_CASE("an empty device path is a configuration error, not an attempt to open \"\"") {
    auto link = open_link(PortSpec::device_path(""), {.baud = 57600});
    REQUIRE_FALSE(link.ok());
    CHECK(link.error().kind == LinkErrorKind::config);
}

TEST_CASE("enumeration runs and describes every port it finds") {
    auto ports = list_ports();
    REQUIRE(ports.ok());
    for (const auto& port : *ports) {
        CHECK_FALSE(port.name.empty());
        CHECK(port.usb_vid.has_value() == port.usb_pid.has_value());
    }
}

TEST_CASE("a path to a pty goes to termios (libserialport refuses ptys), through a symlink too") {
    const std::string symlink = "/tmp/kiosk-test-open-link-" + std::to_string(::getpid());
    auto pair = PtyPair::create({.baud = 57600}, symlink);
    REQUIRE(pair.ok());
    CHECK(is_pseudo_terminal(symlink));
    CHECK(is_pseudo_terminal(pair->slave_path()));
    auto link = open_link(PortSpec::device_path(symlink), {.baud = 57600});
    REQUIRE(link.ok());
    const std::uint8_t byte = 0x55;
    REQUIRE((*link)->write(std::span<const std::uint8_t>(&byte, 1), Clock::now() + std::chrono::seconds(1)).ok());
    std::uint8_t got = 0;
    REQUIRE(read_exact(pair->master(), std::span<std::uint8_t>(&got, 1), Clock::now() + std::chrono::seconds(1)).ok());
    CHECK(got == 0x55);
}

TEST_CASE("a path that is not a serial port goes to libserialport and fails cleanly") {
    CHECK_FALSE(is_pseudo_terminal("/dev/null"));
    auto link = open_link(PortSpec::device_path("/dev/null"), {.baud = 57600});
    REQUIRE_FALSE(link.ok());
    CHECK(link.error().where.find("libserialport") != std::string::npos);
    CHECK(link.error().where.find("/dev/null") != std::string::npos);
}
