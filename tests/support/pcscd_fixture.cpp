#include "tests/support/pcscd_fixture.hpp"

#include "drivers/cardreader/pcsc_context.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
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

// vpcd's machine-wide ports (reader 00 00 and 00 01): the first one another process holds (another
// pcscd with vpcd, a kiosk's virtual card server), or 0 when both are free. pcscd itself would only
// log the refusal and run on without the readers.
int vpcd_port_taken() {
    for (const int port : {35963, 35964}) {
        const int probe = ::socket(AF_INET, SOCK_STREAM, 0);
        if (probe < 0) return 0;  // cannot tell; pcscd's own start will say what it finds
        const int reuse = 1;
        (void)::setsockopt(probe, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_ANY);
        const bool taken = ::bind(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 &&
                           errno == EADDRINUSE;
        ::close(probe);
        if (taken) return port;
    }
    return 0;
}

std::string port_taken_reason(int port) {
    return "TCP port " + std::to_string(port) +
           " (vpcd's, machine-wide) is in use by another process: stop the other pcscd with vpcd, or the "
           "other test or kiosk that holds it (ss -ltnp 'sport = :" + std::to_string(port) + "'), and run again";
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
        if (const int port = vpcd_port_taken(); port != 0) return fail("test.pcscd", port_taken_reason(port));
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

Status PcscdFixture::stop(int timeout_ms, int signal) {
    if (!owns_daemon()) return fail("test.pcscd", "pcscd was started outside this test; refusing to stop it");
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    (void)daemon_->stop(signal, timeout_ms);  // SIGKILL after timeout_ms
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
        // A plain failure with its reason, not a crash: the machine, not the code under test, is wrong.
        std::fprintf(stderr, "pcscd fixture: %s\n", running.error().to_string().c_str());
        std::exit(1);
    }
    return fixture;
}

}  // namespace kiosk::testing
