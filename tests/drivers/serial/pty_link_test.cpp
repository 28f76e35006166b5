#include <unistd.h>
#include "drivers/serial/link.hpp"
#include "drivers/serial/pty_pair.hpp"

#include <doctest/doctest.h>

#include <array>
#include <thread>

using namespace kiosk::serial;
using namespace std::chrono_literals;

TEST_CASE("bytes cross a pty pair in both directions") {
    auto pair = PtyPair::create({.baud = 57600});
    REQUIRE(pair.ok());
    auto host = open_link(PortSpec::device_path(pair->device_path()), {.baud = 57600});
    REQUIRE(host.ok());

    const std::array<std::uint8_t, 4> hello{0xEF, 0x01, 0x00, 0xFF};
    REQUIRE((*host)->write(hello, Clock::now() + 1s).ok());
    std::array<std::uint8_t, 4> got{};
    REQUIRE(read_exact(pair->master(), got, Clock::now() + 1s).ok());
    CHECK(got == hello);

    const std::array<std::uint8_t, 2> reply{0x07, 0x00};
    REQUIRE(pair->master().write(reply, Clock::now() + 1s).ok());
    std::array<std::uint8_t, 2> back{};
    REQUIRE(read_exact(**host, back, Clock::now() + 1s).ok());
    CHECK(back == reply);
}

TEST_CASE("a read with nothing to read times out at its deadline") {
    auto pair = PtyPair::create({});
    REQUIRE(pair.ok());
    auto host = open_link(PortSpec::device_path(pair->device_path()), {});
    REQUIRE(host.ok());
    std::array<std::uint8_t, 1> buffer{};
    const auto start = Clock::now();
    auto r = (*host)->read_some(buffer, start + 50ms);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == LinkErrorKind::timeout);
    CHECK(Clock::now() - start >= 45ms);
}

TEST_CASE("close from another thread wakes a blocked read") {
    auto pair = PtyPair::create({});
    REQUIRE(pair.ok());
    auto host = open_link(PortSpec::device_path(pair->device_path()), {});
    REQUIRE(host.ok());
    Link& link = **host;
    std::thread closer([&] {
        std::this_thread::sleep_for(30ms);
        link.close();
    });
    std::array<std::uint8_t, 1> buffer{};
    auto r = link.read_some(buffer, Clock::now() + 10s);
    closer.join();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == LinkErrorKind::closed);
}

TEST_CASE("opening a missing port names it and says not found") {
    auto r = open_link(PortSpec::device_path("/nonexistent/ttyX"), {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == LinkErrorKind::not_found);
    CHECK(r.error().where.find("/nonexistent/ttyX") != std::string::npos);
}

TEST_CASE("the symlink points at the pty and is removed with it") {
    const std::string path = "/tmp/kiosk-test-pty-link-" + std::to_string(::getpid());
    {
        auto pair = PtyPair::create({}, path);
        REQUIRE(pair.ok());
        CHECK(pair->device_path() == path);
        auto host = open_link(PortSpec::device_path(path), {});
        CHECK(host.ok());
    }
    auto gone = open_link(PortSpec::device_path(path), {});
    CHECK_FALSE(gone.ok());
}
