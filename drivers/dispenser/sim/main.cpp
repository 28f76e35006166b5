// kiosk-sim-dispenser: a simulated M1 slot-magazine card dispenser on a pseudo-terminal.
// Prints "ready <device path>" on stdout once the host may open the port; stops on SIGINT/SIGTERM.
#include "drivers/dispenser/sim/simulator.hpp"
#include "drivers/dispenser/sim/vpcd_antenna.hpp"

#include <CLI/CLI.hpp>

#include <pthread.h>
#include <csignal>
#include <cstdio>

int main(int argc, char** argv) {
    using namespace kiosk::dispenser::sim;
    CLI::App app{"kiosk-sim-dispenser: simulated slot-magazine card dispenser (M1 protocol) on a pty"};
    SimulatorOptions options;
    int address = 0;
    std::string vpcd;
    app.add_option("--pty", options.pty_path, "Symlink to create for the host side of the pty")->required();
    app.add_option("--baud", options.link.baud, "Baud rate")->check(CLI::IsMember({9600, 19200, 38400, 57600, 115200}));
    app.add_option("--slots", options.slots, "Magazine slots (when no state file exists yet)")
        ->check(CLI::Range(1, 9999));
    app.add_option("--state", options.state_path, "State file: magazine, transport and bin survive restarts");
    app.add_option("--control", options.control_path, "Unix socket for control lines (take, insert, jam, ...)");
    app.add_option("--address", address, "Device address (DIP switches)")->check(CLI::Range(0, 15));
    app.add_option("--move-ms", options.timings.move_ms, "Time of one mechanical move")->check(CLI::Range(0, 5000));
    app.add_option("--init-ms", options.timings.initialize_ms, "Time of an initialize that moves no card")
        ->check(CLI::Range(0, 5000));
    app.add_option("--serial", options.identity.serial_number, "Serial number the device reports");
    app.add_option("--vpcd", vpcd, "HOST:PORT of the vpcd slot for the read position (e.g. 127.0.0.1:35964)");
    CLI11_PARSE(app, argc, argv);
    options.address = static_cast<std::uint8_t>(address);

    // Block the stop signals before any thread starts, then wait for them here.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    if (!vpcd.empty()) {
        auto antenna = VpcdAntenna::start(vpcd);
        if (!antenna) {
            std::fprintf(stderr, "kiosk-sim-dispenser: %s\n", antenna.error().to_string().c_str());
            return 1;
        }
        options.antenna = std::move(*antenna);
    }

    auto sim = Simulator::start(std::move(options));
    if (!sim) {
        std::fprintf(stderr, "kiosk-sim-dispenser: %s\n", sim.error().to_string().c_str());
        return 1;
    }
    std::printf("ready %s\n", (*sim)->device_path().c_str());
    std::fflush(stdout);
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    return 0;
}
