// Test fixture: a running pcscd with the vsmartcard-vpcd readers, for tests that go through real
// PC/SC. CI starts on a machine where nothing runs, so the fixture starts pcscd itself when none is
// running and stops only a daemon it started. Tests of recovery may stop and restart it.
//
// One fixture per process (shared_pcscd()); tests that use it set RESOURCE_LOCK pcscd.
#pragma once

#include "kiosk/core/result.hpp"
#include "tests/support/child_process.hpp"

#include <csignal>
#include <cstdint>
#include <optional>

namespace kiosk::testing {

inline constexpr const char* kVpcdReader0 = "Virtual PCD 00 00";  // card at 127.0.0.1:35963
inline constexpr const char* kVpcdReader1 = "Virtual PCD 00 01";  // card at 127.0.0.1:35964
inline constexpr std::uint16_t kVpcdPort0 = 35963;
inline constexpr std::uint16_t kVpcdPort1 = 35964;

class PcscdFixture {
public:
    PcscdFixture() = default;
    PcscdFixture(const PcscdFixture&) = delete;
    PcscdFixture& operator=(const PcscdFixture&) = delete;
    ~PcscdFixture();  // stops the daemon if this fixture started it

    // Makes sure pcscd runs and lists both vpcd readers within timeout_ms; starts it if needed.
    [[nodiscard]] Status ensure_running(int timeout_ms = 15000);
    // Stops the daemon this fixture started (`signal`, SIGTERM by default, then SIGKILL after
    // timeout_ms; SIGKILL: killed outright, as a crash) and waits until PC/SC reports no service.
    // Fails when the running daemon was not started here.
    [[nodiscard]] Status stop(int timeout_ms = 5000, int signal = SIGTERM);
    [[nodiscard]] bool owns_daemon() const { return daemon_.has_value(); }

private:
    [[nodiscard]] Status start();
    std::optional<ChildProcess> daemon_;  // the pcscd this fixture started
};

// The process-wide fixture, already running (aborts the test with a message when pcscd cannot be
// brought up: every test that calls it needs the daemon).
PcscdFixture& shared_pcscd();

}  // namespace kiosk::testing
