// kiosk-sim-fingerprint: an R30x-family fingerprint module on a pseudo-terminal.
//
//   kiosk-sim-fingerprint --pty /run/kiosk/fingerprint [--baud 57600] [--address FFFFFFFF]
//                         [--password 0] [--finger N] [--control SOCKET]
//   kiosk-sim-fingerprint --print-template N      (finger N's enrolled template, hex, one line)
//
// Prints "ready <path>" on stdout once the pty and the control socket exist, so a test or a
// supervisor waits for that line instead of polling for files. SIGINT/SIGTERM end it cleanly.
#include "drivers/fingerprint/sim/control.hpp"
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "drivers/fingerprint/sim/simulator.hpp"
#include "drivers/serial/pty_pair.hpp"
#include "kiosk/core/hex.hpp"

#include <CLI/CLI.hpp>

#include <pthread.h>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace {

// "FFFFFFFF" or "0xFFFFFFFF".
std::optional<std::uint32_t> parse_hex_u32(std::string_view text) {
    if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
    return kiosk::core::parse_hex<std::uint32_t>(text);
}

// Decimal, or hex with 0x.
std::optional<std::uint32_t> parse_u32(std::string_view text) {
    if (text.starts_with("0x") || text.starts_with("0X")) return parse_hex_u32(text);
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace kiosk;
    using namespace kiosk::fingerprint;

    CLI::App app{"kiosk-sim-fingerprint: a simulated R30x-family fingerprint module on a pty"};
    std::string pty_path;
    int baud = 57600;
    std::string address_text = "FFFFFFFF";
    std::string password_text = "0";
    std::optional<std::uint32_t> finger;
    std::string control_path;
    std::optional<std::uint32_t> print_template;
    int packet_size_code = 2;
    int reboot_ms = 100;
    int capture_ms = 0;
    app.add_option("--pty", pty_path, "Path of the symlink to the pty the host opens");
    app.add_option("--baud", baud, "Baud rate (9600 x N, N = 1..12); replies are paced at it")->capture_default_str();
    app.add_option("--address", address_text, "Module address, hex")->capture_default_str();
    app.add_option("--password", password_text, "Module password (decimal, or hex with 0x)")->capture_default_str();
    app.add_option("--finger", finger, "Finger placed on the glass at start");
    app.add_option("--control", control_path, "Unix socket for control lines (place N, lift, poor, fault ..., clear)");
    app.add_option("--print-template", print_template, "Print finger N's enrolled template in hex and exit");
    app.add_option("--packet-size", packet_size_code, "Packet size code 0-3 (32/64/128/256 bytes)")
        ->check(CLI::Range(0, 3))->capture_default_str();
    app.add_option("--reboot-ms", reboot_ms, "Silence while restarting (fault reboot)")->capture_default_str();
    app.add_option("--capture-ms", capture_ms, "Time an image capture takes with a finger on")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    if (print_template) {
        const auto enrolled = sim::template_for_finger(*print_template);
        std::printf("%s\n", core::format_hex_bytes(enrolled, core::HexCase::lower).c_str());
        return 0;
    }
    if (pty_path.empty()) {
        std::fprintf(stderr, "kiosk-sim-fingerprint: --pty PATH is required\n");
        return 2;
    }
    if (baud % 9600 != 0 || baud / 9600 < 1 || baud / 9600 > 12) {
        std::fprintf(stderr, "kiosk-sim-fingerprint: --baud must be 9600 x N with N in 1..12\n");
        return 2;
    }
    sim::SimulatorOptions options;
    const auto address = parse_hex_u32(address_text);
    if (!address) {
        std::fprintf(stderr, "kiosk-sim-fingerprint: --address must be hex (e.g. FFFFFFFF)\n");
        return 2;
    }
    options.module.address = *address;
    const auto password = parse_u32(password_text);
    if (!password) {
        std::fprintf(stderr, "kiosk-sim-fingerprint: --password must be a 32-bit number\n");
        return 2;
    }
    options.module.password = *password;
    options.module.baud_multiplier = static_cast<std::uint16_t>(baud / 9600);
    options.module.packet_size_code = static_cast<std::uint16_t>(packet_size_code);
    options.reboot_ms = reboot_ms;
    options.capture_ms = capture_ms;

    // Signals are taken by one thread with sigwait, so no handler runs inside the simulator.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // A pty moves bytes at memory speed whatever its termios speed says, and termios knows only
    // the standard rates (48,000 baud, N = 5, is not one); the simulator paces at the exact rate
    // itself, so the pty gets the nearest standard rate not above it.
    int pty_baud = 9600;
    for (const int standard : {19200, 38400, 57600, 115200})
        if (standard <= baud) pty_baud = standard;
    auto pty = serial::PtyPair::create({.baud = pty_baud}, pty_path);
    if (!pty) {
        std::fprintf(stderr, "kiosk-sim-fingerprint: %s\n", pty.error().to_string().c_str());
        return 1;
    }
    sim::Simulator simulator(pty->master(), options);
    if (finger) simulator.place_finger(*finger);
    std::unique_ptr<sim::ControlServer> control;
    if (!control_path.empty()) {
        auto started = sim::ControlServer::start(control_path, simulator);
        if (!started) {
            std::fprintf(stderr, "kiosk-sim-fingerprint: %s\n", started.error().to_string().c_str());
            return 1;
        }
        control = std::move(*started);
    }
    std::thread signal_thread([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        simulator.stop();
    });
    std::printf("ready %s\n", pty->device_path().c_str());
    std::fflush(stdout);

    auto ended = simulator.run();
    pthread_kill(signal_thread.native_handle(), SIGTERM);
    signal_thread.join();
    if (!ended) {
        std::fprintf(stderr, "kiosk-sim-fingerprint: %s\n", ended.error().to_string().c_str());
        return 1;
    }
    return 0;
}
