#include "tests/support/pcscd_fixture.hpp"

#include "drivers/cardreader/pcsc_context.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

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
    const std::string path = find_pcscd();
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) return fail("test.pcscd", "fork failed");
    if (pid == 0) {
        // Child: only async-signal-safe calls. The daemon dies with the test process, so a crashed
        // test never leaves a pcscd behind on the CI machine.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) ::_exit(127);
        const int null_fd = ::open("/dev/null", O_WRONLY);
        if (null_fd >= 0) ::dup2(null_fd, STDOUT_FILENO);  // its foreground log would drown the test's
        char* const argv[] = {const_cast<char*>(path.c_str()), const_cast<char*>("--foreground"),
                              const_cast<char*>("--error"), nullptr};
        ::execv(path.c_str(), argv);
        ::_exit(127);
    }
    pid_ = pid;
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
        if (owns_daemon()) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return fail("test.pcscd", "pcscd exited during start-up (another instance, or no vpcd driver?)");
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(kProbeIntervalMs));
    }
    return fail("test.pcscd", service_up ? "pcscd runs but does not list the vpcd readers (vsmartcard-vpcd installed?)"
                                         : "pcscd did not come up");
}

Status PcscdFixture::stop(int timeout_ms) {
    if (!owns_daemon()) return fail("test.pcscd", "pcscd was started outside this test; refusing to stop it");
    ::kill(pid_, SIGTERM);
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (Clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
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
