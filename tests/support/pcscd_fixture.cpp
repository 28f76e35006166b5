#include "tests/support/pcscd_fixture.hpp"

#include "drivers/cardreader/pcsc_context.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace kiosk::testing {

namespace {

using Clock = std::chrono::steady_clock;
namespace card = kiosk::cardreader;

constexpr int kProbeIntervalMs = 50;  // daemon start-up offers no event to wait on: probe it

// True when pcscd answers and lists both vpcd readers; service_up tells whether it answered at all.
bool vpcd_readers_listed(bool& service_up) {
    service_up = false;
    auto context = card::PcscContext::establish();
    if (!context) return false;
    auto names = (*context)->list_readers();
    if (!names) return false;
    service_up = true;
    const auto has = [&](const char* name) { return std::find(names->begin(), names->end(), name) != names->end(); };
    return has(kVpcdReader0) && has(kVpcdReader1);
}

std::string find_pcscd() {
    for (const char* candidate : {"/usr/sbin/pcscd", "/usr/local/sbin/pcscd", "/sbin/pcscd"})
        if (::access(candidate, X_OK) == 0) return candidate;
    return "pcscd";
}

}  // namespace

PcscdFixture::~PcscdFixture() {
    if (owns_daemon()) (void)stop();
}

Status PcscdFixture::start() {
    // The daemon dies with the test process, so a crashed test never leaves a pcscd behind on the
    // CI machine; its foreground log would drown the test's output.
    SpawnOptions options;
    options.out = Stream::discard;
    options.dies_with_parent = true;
    daemon_.emplace(TRY(ChildProcess::spawn({find_pcscd(), "--foreground", "--error"}, options)));
    return {};
}

Status PcscdFixture::ensure_running(int timeout_ms) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    bool service_up = false;
    if (vpcd_readers_listed(service_up)) return {};
    if (!service_up && !owns_daemon()) {
        if (auto started = start(); !started) return started;
    }
    while (Clock::now() < deadline) {
        if (vpcd_readers_listed(service_up)) return {};
        if (owns_daemon() && daemon_->wait_exit(0) != -1) {
            daemon_.reset();
            return fail("test.pcscd", "pcscd exited during start-up (another instance, or no vpcd driver?)");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(kProbeIntervalMs));
    }
    return fail("test.pcscd", service_up ? "pcscd runs but does not list the vpcd readers (vsmartcard-vpcd installed?)"
                                         : "pcscd did not come up");
}

Status PcscdFixture::stop(int timeout_ms) {
    if (!owns_daemon()) return fail("test.pcscd", "pcscd was started outside this test; refusing to stop it");
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    (void)daemon_->stop(SIGTERM, timeout_ms);  // SIGKILL after timeout_ms
    daemon_.reset();
    bool service_up = true;
    while (Clock::now() < deadline + std::chrono::milliseconds(timeout_ms)) {
        (void)vpcd_readers_listed(service_up);
        if (!service_up) return {};
        std::this_thread::sleep_for(std::chrono::milliseconds(kProbeIntervalMs));
    }
    return fail("test.pcscd", "PC/SC still answers after pcscd was stopped");
}

PcscdFixture& shared_pcscd() {
    static PcscdFixture fixture;
    if (auto running = fixture.ensure_running(); !running) {
        std::fprintf(stderr, "pcscd fixture: %s\n", running.error().to_string().c_str());
        std::abort();
    }
    return fixture;
}

}  // namespace kiosk::testing
