#include "tests/system/soak/soak_box.hpp"

#include <csignal>

namespace kiosk::soak {

using testing::ChildProcess;
using testing::SpawnOptions;
using testing::Stream;

namespace {

constexpr const char* kReadPositionVpcd = "127.0.0.1:35964";  // vpcd's reader 00 01
constexpr int kSimulatorReadyMs = 15'000;
constexpr int kKioskStopMs = 25'000;  // above the unit's TimeoutStopSec (20 s): the kiosk's own bound

Error box_error(const std::string& what) {
    return Error{"soak.box", what};
}

// The last `lines` lines of `text`.
std::string last_lines(const std::string& text, int lines) {
    std::size_t at = text.size();
    for (int n = 0; n <= lines && at > 0; ++n) {
        const auto nl = text.rfind('\n', at - 1);
        if (nl == std::string::npos) return text;
        at = nl;
    }
    return text.substr(at + 1);
}

}  // namespace

Box::Box(Programs programs, DeviceTimings timings, SpawnOptions x_client, PowerSwitch& power,
         std::vector<std::string> kiosk_arguments)
    : programs_(std::move(programs)),
      timings_(timings),
      x_client_(std::move(x_client)),
      power_(power),
      kiosk_arguments_(std::move(kiosk_arguments)) {}

Result<ChildProcess> Box::start_simulator(const std::vector<std::string>& argv, const char* name) {
    SpawnOptions options;
    options.out = Stream::pipe;
    options.dies_with_parent = true;
    auto process = TRY(ChildProcess::spawn(argv, options));
    const auto ready = process.read_line(kSimulatorReadyMs);
    if (!ready || ready->rfind("ready ", 0) != 0) return fail(box_error(std::string(name) + " did not get ready"));
    return process;
}

Status Box::power_on(const World& world, const std::function<void()>& before_kiosk) {
    dispenser_.emplace(TRY(start_simulator(
        {programs_.sim_dispenser, "--pty", world.dispenser_pty, "--state", world.dispenser_state, "--control",
         world.dispenser_control, "--baud", "115200", "--move-ms", std::to_string(timings_.move_ms), "--init-ms",
         std::to_string(timings_.init_ms), "--vpcd", kReadPositionVpcd},
        "kiosk-sim-dispenser")));
    fingerprint_.emplace(TRY(start_simulator(
        {programs_.sim_fingerprint, "--pty", world.fingerprint_pty, "--control", world.fingerprint_control, "--baud",
         "115200", "--capture-ms", std::to_string(timings_.capture_ms)},
        "kiosk-sim-fingerprint")));
    if (before_kiosk) before_kiosk();
    SpawnOptions options = x_client_;
    options.env.push_back("ASAN_OPTIONS=detect_leaks=0:abort_on_error=1");  // SDL's X11 backend's libdbus
    options.out = Stream::pipe;
    options.err = Stream::pipe;
    options.dies_with_parent = true;
    std::vector<std::string> argv{programs_.kiosk, "--config", world.config, "--trace",
                                  "--fullscreen",  "--size",   "1280x800"};
    argv.insert(argv.end(), kiosk_arguments_.begin(), kiosk_arguments_.end());
    kiosk_ = std::make_unique<ChildProcess>(TRY(ChildProcess::spawn(argv, options)));
    kiosk_out_ = std::make_unique<testing::OutputLines>(testing::OutputLines{*kiosk_, {}});
    power_.connect({dispenser_->pid(), kiosk_->pid(), fingerprint_->pid()});
    return {};
}

Result<bool> Box::await_ready(int timeout_ms) {
    auto& out = *kiosk_out_;
    const auto ready = out.until_prefix("ready ", timeout_ms);
    if (!ready) {
        if (cut()) return false;
        return fail(box_error("the kiosk showed no first frame"));
    }
    int reported = 0;
    for (const auto& line : out.lines) reported += line == "event device_health" ? 1 : 0;
    while (reported < 3) {
        if (!out.until_line("event device_health", timeout_ms)) {
            if (cut()) return false;
            return fail(box_error("the devices did not all report in"));
        }
        ++reported;
    }
    return true;
}

void Box::forget_kiosk_output() {
    if (kiosk_out_) last_stdout_tail_ = kiosk_out_->tail();
    kiosk_out_.reset();
    kiosk_.reset();
}

void Box::pull_the_plug() {
    power_.disarm();
    for (auto* process : {dispenser_ ? &*dispenser_ : nullptr, kiosk_.get(), fingerprint_ ? &*fingerprint_ : nullptr})
        if (process != nullptr) process->send_signal(SIGKILL);
    reap();
}

void Box::reap() {
    if (kiosk_) {
        auto output = kiosk_->collect(5'000);
        last_log_ = output.err;
    }
    forget_kiosk_output();
    if (dispenser_) (void)dispenser_->wait_or_kill(5'000);
    if (fingerprint_) (void)fingerprint_->wait_or_kill(5'000);
    dispenser_.reset();
    fingerprint_.reset();
}

Status Box::shut_down() {
    power_.disarm();
    Status stopped;
    if (kiosk_) {
        kiosk_->send_signal(SIGTERM);
        auto output = kiosk_->collect(kKioskStopMs);
        last_log_ = output.err;
        if (output.exit_code != 0) {
            stopped = fail(box_error("the kiosk did not stop cleanly on SIGTERM (status " +
                                     std::to_string(output.exit_code) + ")"));
        }
    }
    forget_kiosk_output();
    if (dispenser_ && dispenser_->stop() != 0 && stopped) stopped = fail(box_error("kiosk-sim-dispenser did not stop"));
    if (fingerprint_ && fingerprint_->stop() != 0 && stopped)
        stopped = fail(box_error("kiosk-sim-fingerprint did not stop"));
    dispenser_.reset();
    fingerprint_.reset();
    return stopped;
}

std::string Box::screen() const {
    if (!kiosk_out_) return {};
    const auto& lines = kiosk_out_->lines;
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        if (it->rfind("screen ", 0) == 0) return it->substr(7);
    return {};
}

std::string Box::log_tail() const {
    const std::string out = kiosk_out_ ? kiosk_out_->tail() : last_stdout_tail_;
    return "-- kiosk stdout (last lines):\n" + out + "-- kiosk log (last lines):\n" + last_lines(last_log_, 30);
}

}  // namespace kiosk::soak
