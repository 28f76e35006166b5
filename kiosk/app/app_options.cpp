#include "kiosk/app/app_options.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace kiosk::app {

namespace {

// The assets an installed kiosk brings (the package puts the program in <prefix>/bin and its fonts
// in <prefix>/share/ktp-kiosk/fonts); a kiosk run from its build tree uses the tree's assets.
std::string default_assets_dir() {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error && self.parent_path().filename() == "bin") {
        auto installed = self.parent_path().parent_path() / "share" / "ktp-kiosk";
        if (std::filesystem::is_directory(installed / "fonts", error)) return installed.string();
    }
    return KIOSK_ASSETS_DIR;
}

}  // namespace

std::optional<WindowSize> parse_window_size(const std::string& text) {
    int width = 0;
    int height = 0;
    char tail = 0;
    if (std::sscanf(text.c_str(), "%dx%d%c", &width, &height, &tail) != 2) return std::nullopt;
    if (width < 320 || width > 7680 || height < 240 || height > 7680) return std::nullopt;
    return WindowSize{width, height};
}

Result<AppOptions, int> parse_app_options(int argc, char** argv) {
    CLI::App cli{"kiosk: the ktp-kiosk self-service appliance (e-KTP status and card pickup)"};
    AppOptions options;
    options.assets_dir = default_assets_dir();
    std::string config_path;
    std::string renderer;
    std::string size;
    cli.add_option("--config", config_path, std::string("Configuration file (default ") + kDefaultConfigPath + ")");
    cli.add_flag("--demo", options.demo,
                 "Demo: simulated fingerprint sensor and dispenser, a demo database, on-screen demo controls");
    cli.add_flag("--fullscreen", options.fullscreen, "Full screen (the appliance); the demo is windowed by default");
    cli.add_option("--screenshot-dir", options.screenshot_dir, "Save a PNG of every new screen in this directory");
    cli.add_option("--renderer", renderer, "software or accelerated")
        ->check(CLI::IsMember({"software", "accelerated"}));
    cli.add_option("--size", size, "Window size WIDTHxHEIGHT in pixels");
    cli.add_flag("--trace", options.trace, "Print screen names and event/command kinds (never personal data)");
    cli.add_option("--demo-dir", options.demo_dir,
                   "With --demo: make the demo database and state in this new directory and keep it at exit");
    cli.add_option("--assets", options.assets_dir, "The assets directory (fonts/, demo/)");
    cli.add_option("--mgmt-port", options.mgmt_port, "The management interface's port (0: any free one)")
        ->check(CLI::Range(0, 65535));
    cli.add_option("--mgmt-central-port", options.mgmt_central_port,
                   "The central system's (mutual TLS) management port (0: any free one; with --mgmt-port 0 and "
                   "without this option, any free one too)")
        ->check(CLI::Range(0, 65535));
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return fail(cli.exit(e));
    }
    if (!config_path.empty()) options.config_path = config_path;
    if (!renderer.empty()) options.renderer = renderer;
    if (!size.empty()) {
        options.size = parse_window_size(size);
        if (!options.size) {
            std::fprintf(stderr, "kiosk: --size wants WIDTHxHEIGHT within 320x240..7680x7680, e.g. 1280x800\n");
            return fail(2);
        }
    }
    return options;
}

ManagementPorts management_ports(const AppOptions& options, int config_port, int config_central_port) {
    const int operators = options.mgmt_port.value_or(config_port);
    const int central = options.mgmt_central_port.value_or(options.mgmt_port == 0 ? 0 : config_central_port);
    return {static_cast<std::uint16_t>(operators), static_cast<std::uint16_t>(central)};
}

}  // namespace kiosk::app
