// Unplug and replug on a real pty reached at a symlink, as the kiosk reaches /dev/serial/by-id/...:
// the device's end closes and its path vanishes; a read blocked on the host's link ends at once
// with `gone` (not at its deadline), a write fails the same way, and the path no longer opens.
// The device comes back at the same path: a link opened there again talks.
#include "drivers/serial/link.hpp"
#include "drivers/serial/pty_pair.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <array>
#include <future>
#include <optional>
#include <thread>

using namespace kiosk::serial;
using namespace std::chrono_literals;

namespace {

constexpr std::array<std::uint8_t, 3> kHello{0x02, 0x31, 0x03};

PtyPair plug_in(const std::string& path) {
    auto pair = PtyPair::create({.baud = 9600}, path);
    REQUIRE_MESSAGE(pair.ok(), (pair.ok() ? "" : pair.error().to_string()));
    return std::move(*pair);
}

std::unique_ptr<Link> open_host(const std::string& path) {
    auto link = open_link(PortSpec::device_path(path), {.baud = 9600});
    REQUIRE_MESSAGE(link.ok(), (link.ok() ? "" : link.error().to_string()));
    return std::move(*link);
}

void talks(Link& host, Link& device) {
    REQUIRE(host.write(kHello, Clock::now() + 1s).ok());
    std::array<std::uint8_t, 3> got{};
    REQUIRE(read_exact(device, got, Clock::now() + 2s).ok());
    CHECK(got == kHello);
    REQUIRE(device.write(kHello, Clock::now() + 1s).ok());
    REQUIRE(read_exact(host, got, Clock::now() + 2s).ok());
    CHECK(got == kHello);
}

}  // namespace

TEST_CASE("unplugged: a blocked read ends at once with gone, writes fail, the path is gone; replugged: it talks") {
    kiosk::testing::TempDir dir;
    const std::string path = dir.file("ttyDEVICE");
    std::optional<PtyPair> device(plug_in(path));
    auto host = open_host(path);
    talks(*host, device->master());

    // A read waits for a reply that never comes: the device is pulled out under it.
    auto blocked = std::async(std::launch::async, [&host] {
        std::array<std::uint8_t, 8> buffer{};
        const auto start = Clock::now();
        auto r = host->read_some(buffer, start + 30s);
        return std::make_pair(std::move(r), Clock::now() - start);
    });
    REQUIRE(blocked.wait_for(50ms) == std::future_status::timeout);  // it is waiting
    device.reset();
    REQUIRE(blocked.wait_for(20s) == std::future_status::ready);
    auto [read, waited] = blocked.get();
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().kind == LinkErrorKind::gone);
    CHECK(read.error().where.find(path) != std::string::npos);
    CHECK(waited < 20s);  // the hang-up ended it, not the 30 s deadline

    // The same link stays failed, at once, however often it is asked.
    std::array<std::uint8_t, 1> one{};
    for (int i = 0; i < 3; ++i) {
        auto again = host->read_some(one, Clock::now() + 30s);
        REQUIRE_FALSE(again.ok());
        CHECK(again.error().kind == LinkErrorKind::gone);
    }
    auto written = host->write(kHello, Clock::now() + 30s);
    REQUIRE_FALSE(written.ok());
    CHECK(written.error().kind == LinkErrorKind::gone);

    auto reopened = open_link(PortSpec::device_path(path), {.baud = 9600});
    REQUIRE_FALSE(reopened.ok());
    CHECK(reopened.error().kind == LinkErrorKind::not_found);
    host.reset();

    device.emplace(plug_in(path));
    host = open_host(path);
    talks(*host, device->master());
}

TEST_CASE("a device unplugged while the host is not reading is found gone at the next write") {
    kiosk::testing::TempDir dir;
    const std::string path = dir.file("ttyIDLE");
    std::optional<PtyPair> device(plug_in(path));
    auto host = open_host(path);
    device.reset();
    const auto start = Clock::now();
    auto written = host->write(kHello, start + 30s);
    REQUIRE_FALSE(written.ok());
    CHECK(written.error().kind == LinkErrorKind::gone);
    CHECK(Clock::now() - start < 10s);
}
