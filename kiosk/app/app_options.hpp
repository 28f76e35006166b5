// The kiosk program's command line:
//   kiosk [--config FILE] [--demo] [--fullscreen] [--screenshot-dir DIR]
//         [--renderer software|accelerated] [--size WxH] [--trace] [--demo-dir DIR] [--assets DIR]
//         [--mgmt-port N] [--mgmt-central-port N]
//
// Without --config the installed /etc/ktp-kiosk/kiosk.toml is read, except with --demo, which runs
// on the embedded default configuration with every device simulated. Command-line display options
// override the file's.
#pragma once

#include "kiosk/core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace kiosk::app {

inline constexpr const char* kDefaultConfigPath = "/etc/ktp-kiosk/kiosk.toml";

struct WindowSize {
    int width_px = 0;
    int height_px = 0;
};

struct AppOptions {
    std::optional<std::string> config_path;
    bool demo = false;
    bool fullscreen = false;
    std::string screenshot_dir;
    std::optional<std::string> renderer;  // "software" or "accelerated"
    std::optional<WindowSize> size;
    bool trace = false;
    std::string demo_dir;  // --demo: keep the demo's database and state here (default: a temporary directory, removed at exit)
    std::string assets_dir;  // fonts/ and demo/ inside
    std::optional<int> mgmt_port;  // overrides [mgmt] port; 0: any free port (the ready line names it)
    std::optional<int> mgmt_central_port;  // overrides [mgmt] central_port; 0: any free port
};

// The management listeners' ports: the command line's, else the configuration's. --mgmt-port 0
// alone (tests, several kiosks at once) takes any free port for the central listener too, so that
// a kiosk asked for a free port never fails on the central one's fixed port.
struct ManagementPorts {
    std::uint16_t operators = 0;
    std::uint16_t central = 0;
};
[[nodiscard]] ManagementPorts management_ports(const AppOptions& options, int config_port, int config_central_port);

// Parses argv. Returns the process exit code instead when the program should stop at once (--help,
// a usage error: CLI11 has already printed what to print).
[[nodiscard]] Result<AppOptions, int> parse_app_options(int argc, char** argv);

// "1280x800" -> {1280, 800}; nullopt when malformed or not within 320..7680 x 240..7680.
[[nodiscard]] std::optional<WindowSize> parse_window_size(const std::string& text);

}  // namespace kiosk::app
