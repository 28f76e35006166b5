// The kiosk program's command line:
//   kiosk [--config FILE] [--demo] [--fullscreen] [--screenshot-dir DIR]
//         [--renderer software|accelerated] [--size WxH] [--trace]
//
// Without --config the installed /etc/ktp-kiosk/kiosk.toml is read, except with --demo, which runs
// on the embedded default configuration with every device simulated. Command-line display options
// override the file's.
#pragma once

#include "kiosk/core/result.hpp"

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
};

// Parses argv. Returns the process exit code instead when the program should stop at once (--help,
// a usage error: CLI11 has already printed what to print).
[[nodiscard]] Result<AppOptions, int> parse_app_options(int argc, char** argv);

// "1280x800" -> {1280, 800}; nullopt when malformed or not within 320..7680 x 240..7680.
[[nodiscard]] std::optional<WindowSize> parse_window_size(const std::string& text);

}  // namespace kiosk::app
