// kioskctl config check FILE   validate a kiosk.toml: exit 0 and "ok", or 1 and the error on stderr
// kioskctl config defaults     print the documented default configuration (assets/config/kiosk.toml)
// Exit status 2 on a usage error.
#include "kiosk/app/config.hpp"
#include "kiosk/ctl/ctl_options.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

namespace kiosk::ctl {
namespace {

constexpr int kExitUsage = 2;

int run_config_check(const std::string& path, const std::vector<std::string>& extras) {
    if (!extras.empty()) {
        std::fprintf(stderr, "kioskctl config check: unexpected argument %s\n", extras.front().c_str());
        return kExitUsage;
    }
    if (path.empty()) {
        std::fprintf(stderr, "kioskctl config check: give the file to check, e.g. /etc/ktp-kiosk/kiosk.toml\n");
        return kExitUsage;
    }
    const auto config = app::load_config(path);
    if (!config) {
        std::fprintf(stderr, "%s\n", config.error().to_string().c_str());
        return 1;
    }
    std::printf("ok\n");
    return 0;
}

}  // namespace

void add_config_commands(CLI::App& app, CtlOptions& options) {
    auto* config = app.add_subcommand("config", "Check a kiosk.toml, or print the documented defaults");
    auto path = std::make_shared<std::string>();
    auto* check = config->add_subcommand("check", "Exit 0 and print ok if FILE is a valid configuration, else 1");
    check->add_option("file", *path, "The configuration file, e.g. /etc/ktp-kiosk/kiosk.toml");
    check->allow_extras();
    check->callback([check, path, &options] { options.exit_code = run_config_check(*path, check->remaining()); });
    auto* defaults = config->add_subcommand("defaults", "Print every key with its default and documentation");
    defaults->callback([&options] {
        const std::string_view text = app::documented_default_config();
        std::fwrite(text.data(), 1, text.size(), stdout);
        options.exit_code = std::fflush(stdout) == 0 ? 0 : 1;
    });
    config->callback([config, &options] {
        if (!config->get_subcommands().empty()) return;
        std::fprintf(stderr, "kioskctl config: name a command: check FILE, or defaults\n");
        options.exit_code = kExitUsage;
    });
}

}  // namespace kiosk::ctl
