// TermiosLink on a real pty under system calls made to fail through the seam (posix_calls.hpp):
// EINTR on read, write, poll and tcdrain is retried without losing or doubling a byte and within the
// caller's deadline; EAGAIN is waited out; EIO on a line still there is `io`, ENXIO/ENODEV/EBADF and
// a poll's POLLERR/POLLHUP are `gone`, each reported at once rather than after the deadline or in a
// spin. The faults target the host's descriptor only (opened by path while armed): the simulator's
// pty master in the same process talks through the same seam untouched.
#include "drivers/serial/link.hpp"
#include "drivers/serial/posix_calls.hpp"
#include "drivers/serial/pty_pair.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cerrno>
#include <memory>
#include <optional>
#include <poll.h>
#include <thread>

using namespace kiosk::serial;
using namespace std::chrono_literals;
using posix::Call;
using posix::Fault;

namespace {

constexpr std::array<std::uint8_t, 4> kBytes{0xEF, 0x01, 0x00, 0xFF};

// A pty reached at a symlink, the seam armed for that path, and the host's link opened through it.
struct Rig {
    kiosk::testing::TempDir dir;
    std::string path = dir.file("ttyFAULT");
    std::optional<PtyPair> pair;
    std::optional<posix::SyscallFaults> faults;
    std::unique_ptr<Link> host;

    Rig() {
        auto created = PtyPair::create({.baud = 57600}, path);
        REQUIRE(created.ok());
        pair.emplace(std::move(*created));
        faults.emplace(path);
        auto opened = open_link(PortSpec::device_path(path), {.baud = 57600});
        REQUIRE(opened.ok());
        host = std::move(*opened);
    }
    ~Rig() {
        host.reset();
        faults.reset();
    }
    Link& device() { return pair->master(); }

    // Everything the device side received within `quiet` (the bytes, each once).
    std::vector<std::uint8_t> device_received(std::chrono::milliseconds quiet = 100ms) {
        std::vector<std::uint8_t> got;
        std::array<std::uint8_t, 64> buffer{};
        for (;;) {
            auto n = device().read_some(buffer, Clock::now() + quiet);
            if (!n) {
                REQUIRE(n.error().kind == LinkErrorKind::timeout);
                return got;
            }
            got.insert(got.end(), buffer.begin(), buffer.begin() + static_cast<long>(*n));
        }
    }
};

std::vector<std::uint8_t> as_vector(std::span<const std::uint8_t> bytes) { return {bytes.begin(), bytes.end()}; }

// Writes `bytes` from the device side after `delay`, on its own thread (joined by the caller).
std::thread device_writes_later(Link& device, std::chrono::milliseconds delay) {
    return std::thread([&device, delay] {
        std::this_thread::sleep_for(delay);
        REQUIRE(device.write(kBytes, Clock::now() + 1s).ok());
    });
}

// A transient fault (`times` failures of `call` with `error`) while the device's bytes are on their
// way: the read still gets them, whole, and the fault was met as often as it was set.
void read_through_transient(Call call, int error, int times) {
    Rig rig;
    rig.faults->add(Fault{.call = call, .error = error, .times = times});
    std::thread writer = device_writes_later(rig.device(), 30ms);
    std::array<std::uint8_t, 4> got{};
    const auto read = read_exact(*rig.host, got, Clock::now() + 5s);
    writer.join();
    REQUIRE(read.ok());
    CHECK(got == kBytes);
    CHECK(rig.faults->injected(call) == times);
}

}  // namespace

TEST_CASE("EINTR on read is retried: every byte arrives once") {
    Rig rig;
    REQUIRE(rig.device().write(kBytes, Clock::now() + 1s).ok());
    rig.faults->add(Fault{.call = Call::read, .error = EINTR, .times = 3});
    std::array<std::uint8_t, 4> got{};
    REQUIRE(read_exact(*rig.host, got, Clock::now() + 2s).ok());
    CHECK(got == kBytes);
    CHECK(rig.faults->injected(Call::read) == 3);
}

TEST_CASE("EINTR on poll is retried within the caller's deadline, not a fresh one") {
    Rig rig;
    // Each interrupted poll comes back 100 ms later on the link's clock.
    rig.faults->add(Fault{.call = Call::poll, .error = EINTR, .times = 3, .advances_clock = 100ms});
    std::array<std::uint8_t, 1> buffer{};
    auto r = rig.host->read_some(buffer, posix::now() + 400ms);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == LinkErrorKind::timeout);
    CHECK(rig.faults->injected(Call::poll) == 3);
    const auto timeouts = rig.faults->poll_timeouts_ms();
    REQUIRE(timeouts.size() >= 3);
    for (std::size_t i = 0; i < timeouts.size(); ++i) {
        CAPTURE(i);
        // What is left of the one deadline (400 ms, rounded up by one), less 100 ms per interruption.
        CHECK(timeouts[i] <= 401 - 100 * static_cast<int>(i));
    }
}

TEST_CASE("EINTR on poll while bytes are on their way: the read still gets them") {
    read_through_transient(Call::poll, EINTR, 2);
}

TEST_CASE("EINTR on write is retried: the device receives every byte once") {
    Rig rig;
    rig.faults->add(Fault{.call = Call::write, .error = EINTR, .times = 2});
    REQUIRE(rig.host->write(kBytes, Clock::now() + 1s).ok());
    CHECK(rig.faults->injected(Call::write) == 2);
    CHECK(rig.device_received() == as_vector(kBytes));
}

TEST_CASE("EAGAIN on read is waited out: the bytes arrive") {
    read_through_transient(Call::read, EAGAIN, 2);
}

TEST_CASE("EAGAIN on write is waited out with a poll for output: every byte once") {
    Rig rig;
    rig.faults->add(Fault{.call = Call::write, .error = EAGAIN, .times = 3});
    REQUIRE(rig.host->write(kBytes, Clock::now() + 1s).ok());
    CHECK(rig.faults->injected(Call::write) == 3);
    CHECK(rig.faults->calls(Call::poll) >= 3);  // it waited for output, not spun on write
    CHECK(rig.device_received() == as_vector(kBytes));
}

TEST_CASE("EAGAIN from poll itself is tried again, and the read gets its bytes") {
    read_through_transient(Call::poll, EAGAIN, 3);
}

TEST_CASE("EIO on a line still there is an i/o fault, reported at once; the next read works") {
    Rig rig;
    Call call = Call::read;
    SUBCASE("read") { call = Call::read; }
    SUBCASE("poll") { call = Call::poll; }
    CAPTURE(posix::to_string(call));
    rig.faults->add(Fault{.call = call, .error = EIO});
    std::array<std::uint8_t, 4> got{};
    const auto start = Clock::now();
    auto failed = rig.host->read_some(got, start + 30s);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == LinkErrorKind::io);
    CHECK(failed.error().what.find("EIO") != std::string::npos);
    CHECK(failed.error().where.find(rig.path) != std::string::npos);
    CHECK(Clock::now() - start < 10s);  // not the deadline's 30 s

    REQUIRE(rig.device().write(kBytes, Clock::now() + 1s).ok());
    REQUIRE(read_exact(*rig.host, got, Clock::now() + 2s).ok());
    CHECK(got == kBytes);
}

TEST_CASE("EIO on write is an i/o fault; nothing reached the device") {
    Rig rig;
    rig.faults->add(Fault{.call = Call::write, .error = EIO});
    auto failed = rig.host->write(kBytes, Clock::now() + 30s);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == LinkErrorKind::io);
    CHECK(rig.device_received().empty());
}

TEST_CASE("a device that vanished (ENXIO, ENODEV, EBADF) is gone, on read and on write") {
    Rig rig;
    int error = ENXIO;
    SUBCASE("ENXIO") { error = ENXIO; }
    SUBCASE("ENODEV") { error = ENODEV; }
    SUBCASE("EBADF") { error = EBADF; }
    CAPTURE(error);
    rig.faults->add(Fault{.call = Call::read, .error = error});
    rig.faults->add(Fault{.call = Call::write, .error = error});
    std::array<std::uint8_t, 1> buffer{};
    auto read = rig.host->read_some(buffer, Clock::now() + 30s);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().kind == LinkErrorKind::gone);
    auto written = rig.host->write(kBytes, Clock::now() + 30s);
    REQUIRE_FALSE(written.ok());
    CHECK(written.error().kind == LinkErrorKind::gone);
}

TEST_CASE("poll reporting POLLERR or POLLHUP with nothing to read is gone at once, not a spin") {
    Rig rig;
    short revents = POLLERR;
    SUBCASE("POLLERR") { revents = POLLERR; }
    SUBCASE("POLLHUP") { revents = POLLHUP; }
    SUBCASE("POLLNVAL") { revents = POLLNVAL; }
    CAPTURE(revents);
    rig.faults->add(Fault{.call = Call::poll, .revents = revents});
    std::array<std::uint8_t, 1> buffer{};
    const auto start = Clock::now();
    auto failed = rig.host->read_some(buffer, start + 30s);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == LinkErrorKind::gone);
    CHECK(Clock::now() - start < 10s);
    CHECK(rig.faults->calls(Call::read) == 1);  // one read found nothing; the hang-up ended it
}

TEST_CASE("POLLERR while waiting to write is gone") {
    Rig rig;
    rig.faults->add(Fault{.call = Call::write, .error = EAGAIN});
    rig.faults->add(Fault{.call = Call::poll, .revents = POLLERR});
    auto failed = rig.host->write(kBytes, Clock::now() + 30s);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == LinkErrorKind::gone);
}

TEST_CASE("tcdrain interrupted is tried again; failing with EIO it is reported") {
    Rig rig;
    SUBCASE("EINTR: drained") {
        rig.faults->add(Fault{.call = Call::tcdrain, .error = EINTR, .times = 2});
        REQUIRE(rig.host->write(kBytes, Clock::now() + 1s).ok());
        CHECK(rig.host->drain().ok());
        CHECK(rig.faults->injected(Call::tcdrain) == 2);
        CHECK(rig.faults->calls(Call::tcdrain) == 3);
    }
    SUBCASE("EIO: an i/o fault") {
        rig.faults->add(Fault{.call = Call::tcdrain, .error = EIO});
        auto drained = rig.host->drain();
        REQUIRE_FALSE(drained.ok());
        CHECK(drained.error().kind == LinkErrorKind::io);
    }
}

TEST_CASE("flush_input discards what is waiting through an EINTR, and reports EIO") {
    Rig rig;
    // Eight bytes in one write cross together: once four are read, the other four are waiting.
    const std::array<std::uint8_t, 8> twice{0xEF, 0x01, 0x00, 0xFF, 0xEF, 0x01, 0x00, 0xFF};
    REQUIRE(rig.device().write(twice, Clock::now() + 1s).ok());
    std::array<std::uint8_t, 4> first{};
    REQUIRE(read_exact(*rig.host, first, Clock::now() + 2s).ok());
    SUBCASE("EINTR") {
        rig.faults->add(Fault{.call = Call::read, .error = EINTR});
        REQUIRE(rig.host->flush_input().ok());
        std::array<std::uint8_t, 1> buffer{};
        auto after = rig.host->read_some(buffer, Clock::now() + 50ms);
        REQUIRE_FALSE(after.ok());
        CHECK(after.error().kind == LinkErrorKind::timeout);
    }
    SUBCASE("EIO") {
        rig.faults->add(Fault{.call = Call::tcflush, .error = EIO});
        auto flushed = rig.host->flush_input();
        REQUIRE_FALSE(flushed.ok());
        CHECK(flushed.error().kind == LinkErrorKind::io);
    }
}

TEST_CASE("a fault skips the calls before the Nth: the first read passes, the second fails") {
    Rig rig;
    rig.faults->add(Fault{.call = Call::read, .error = EIO, .skip = 1});
    REQUIRE(rig.device().write(kBytes, Clock::now() + 1s).ok());
    std::array<std::uint8_t, 4> got{};
    REQUIRE(read_exact(*rig.host, got, Clock::now() + 2s).ok());
    REQUIRE(rig.device().write(kBytes, Clock::now() + 1s).ok());
    auto second = rig.host->read_some(got, Clock::now() + 2s);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().kind == LinkErrorKind::io);
    CHECK(rig.faults->spent());
}

TEST_CASE("the seam leaves the device side alone, and is real again once disarmed") {
    Rig rig;
    rig.faults->add(Fault{.call = Call::write, .error = EIO, .times = 1000});
    // The pty master was not opened by the armed path: its writes are real.
    REQUIRE(rig.device().write(kBytes, Clock::now() + 1s).ok());
    REQUIRE_FALSE(rig.host->write(kBytes, Clock::now() + 1s).ok());
    rig.faults.reset();
    REQUIRE(rig.host->write(kBytes, Clock::now() + 1s).ok());
    CHECK(rig.device_received() == as_vector(kBytes));
}
