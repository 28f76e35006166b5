// kiosk-sim-fingerprint as a separate process (the built binary), driven through its control
// socket, with the real driver on its pty.
#include "drivers/fingerprint/driver.hpp"
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"

#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <optional>
#include <cstring>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef KIOSK_SIM_FINGERPRINT
#error "KIOSK_SIM_FINGERPRINT must name the simulator binary"
#endif

using namespace kiosk::fingerprint;
using namespace std::chrono_literals;
using kiosk::serial::Clock;
using kiosk::testing::ChildProcess;
using kiosk::testing::SpawnOptions;
using kiosk::testing::Stream;

namespace {

// How long the simulator gets to shut down on SIGTERM (remove its pty link, close the socket).
constexpr int kTerminateGraceMs = 10'000;

// Reads one line from fd before the deadline; empty on timeout or end of stream.
std::string read_line(int fd, Clock::time_point deadline) {
    std::string line;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return {};
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
        char c = 0;
        if (::read(fd, &c, 1) != 1) return {};
        if (c == '\n') return line;
        line.push_back(c);
    }
}

class SimProcess {
public:
    explicit SimProcess(const std::string& dir) : pty_(dir + "/fp"), control_(dir + "/control") {
        SpawnOptions piped;
        piped.out = Stream::pipe;
        process_.emplace(kiosk::testing::require_ok(ChildProcess::spawn(
            {KIOSK_SIM_FINGERPRINT, "--pty", pty_, "--control", control_, "--reboot-ms", "40"}, piped)));
        ready_line_ = process_->read_line(10'000).value_or("");
    }
    ~SimProcess() {
        if (control_fd_ >= 0) ::close(control_fd_);
    }
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    // Sends a control line and returns the answer line.
    std::string control(const std::string& line) {
        if (control_fd_ < 0) {
            control_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_un address{};
            address.sun_family = AF_UNIX;
            std::strncpy(address.sun_path, control_.c_str(), sizeof address.sun_path - 1);
            REQUIRE(::connect(control_fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
        }
        const std::string text = line + "\n";
        REQUIRE(::write(control_fd_, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
        return read_line(control_fd_, Clock::now() + 5s);
    }

    // Stops the process the way systemd would and returns its exit status.
    int terminate() { return process_->stop(SIGTERM, kTerminateGraceMs); }

    const std::string& ready_line() const { return ready_line_; }
    const std::string& pty() const { return pty_; }

private:
    std::string pty_;
    std::string control_;
    std::optional<ChildProcess> process_;  // stopped (SIGTERM) when this goes, after the control socket
    int control_fd_ = -1;
    std::string ready_line_;
};

}  // namespace

TEST_CASE("the simulator process serves the real driver and obeys its control socket") {
    kiosk::testing::TempDir dir;
    SimProcess sim(dir.path().string());
    REQUIRE(sim.ready_line() == "ready " + sim.pty());

    CHECK(sim.control("bogus") .starts_with("error "));
    CHECK(sim.control("fault meteor").starts_with("error "));
    CHECK(sim.control("place x").starts_with("error "));
    CHECK(sim.control("place 9") == "ok");

    auto link = kiosk::serial::open_link(kiosk::serial::PortSpec::device_path(sim.pty()), {.baud = 57600});
    REQUIRE(link.ok());
    SensorSettings settings;
    settings.reply_timeout_ms = 200;
    settings.poll_interval_ms = 2;
    auto sensor = FingerprintSensor::open(std::move(*link), settings);
    REQUIRE(sensor.ok());
    FingerprintSensor& s = **sensor;
    constexpr std::chrono::milliseconds finger_wait{400};
    const auto nine = sim::template_for_finger(9);

    auto result = s.verify(nine, 50, finger_wait);
    CHECK(result.outcome == VerifyOutcome::matched);
    CHECK(result.score >= 100);

    CHECK(sim.control("place 10") == "ok");
    result = s.verify(nine, 50, finger_wait);
    CHECK(result.outcome == VerifyOutcome::no_match);
    CHECK(result.score < 30);

    CHECK(sim.control("place 9") == "ok");
    CHECK(sim.control("poor") == "ok");
    CHECK(s.verify(nine, 50, finger_wait).outcome == VerifyOutcome::poor_image);

    CHECK(sim.control("fault reboot match") == "ok");
    CHECK(s.verify(nine, 50, finger_wait).outcome == VerifyOutcome::matched);

    CHECK(sim.control("fault garbage") == "ok");
    CHECK(sim.control("fault checksum") == "ok");
    CHECK(sim.control("fault cut") == "ok");
    CHECK(s.verify(nine, 50, finger_wait).outcome == VerifyOutcome::matched);

    CHECK(sim.control("lift") == "ok");
    CHECK(s.verify(nine, 50, finger_wait).outcome == VerifyOutcome::no_finger);

    for (int i = 0; i < 3; ++i) CHECK(sim.control("fault silence") == "ok");
    result = s.verify(nine, 50, finger_wait);
    CHECK(result.outcome == VerifyOutcome::device_error);
    CHECK(result.error.kind == DeviceErrorKind::no_reply);

    // clear drops queued faults and the finger.
    CHECK(sim.control("fault silence") == "ok");
    CHECK(sim.control("clear") == "ok");
    CHECK(sim.control("place 9") == "ok");
    CHECK(s.verify(nine, 50, finger_wait).outcome == VerifyOutcome::matched);

    CHECK(sim.terminate() == 0);
    CHECK(::access(sim.pty().c_str(), F_OK) != 0);  // the symlink went with it
}

TEST_CASE("--print-template writes finger N's template as one line of hex") {
    const auto ran = kiosk::testing::require_ok(kiosk::testing::run({KIOSK_SIM_FINGERPRINT, "--print-template", "12"}));
    CHECK(ran.exit_code == 0);
    const std::string& hex = ran.out;
    REQUIRE(hex.size() == 2 * template_size + 1);
    const auto expected = sim::template_for_finger(12);
    for (std::size_t i = 0; i < template_size; ++i)
        CHECK(static_cast<std::uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16)) == expected[i]);
}
