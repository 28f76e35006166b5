// kioskctl config check FILE   validate a kiosk.toml: exit 0 and "ok", or 1 and the error on stderr
// kioskctl config defaults     print the documented default configuration (assets/config/kiosk.toml)
// Exit status 2 on a usage error.
#include "kiosk/app/config/config.hpp"
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/command_result.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

namespace kiosk::ctl {
namespace {

CommandResult run_config_check(const std::string& path, const std::vector<std::string>& extras) {
    if (!extras.empty()) return usage_error("unexpected argument " + extras.front());
    if (path.empty()) return usage_error("give the file to check, e.g. /etc/ktp-kiosk/kiosk.toml");
    // The verdict is the command's answer, so it has no "kioskctl:" in front: "FILE: key: problem".
    const auto config = app::load_config(path);
    if (!config) {
        std::fprintf(stderr, "%s\n", config.error().to_string().c_str());
        return kExitFailure;
    }
    std::printf("ok\n");
    return kExitSuccess;
}

}  // namespace

void add_config_commands(CLI::App& app, CtlOptions& options) {
    auto* config = app.add_subcommand("config", "Check a kiosk.toml, or print the documented defaults");
    auto path = std::make_shared<std::string>();
    auto* check = config->add_subcommand("check", "Exit 0 and print ok if FILE is a valid configuration, else 1");
    check->add_option("file", *path, "The configuration file, e.g. /etc/ktp-kiosk/kiosk.toml");
    check->allow_extras();
    check->callback([check, path, &options] {
        options.exit_code = finish(run_config_check(*path, check->remaining()), "kioskctl config check");
    });
    auto* defaults = config->add_subcommand("defaults", "Print every key with its default and documentation");
    defaults->callback([&options] {
        const std::string_view text = app::documented_default_config();
        std::fwrite(text.data(), 1, text.size(), stdout);
        options.exit_code = std::fflush(stdout) == 0 ? kExitSuccess : kExitFailure;
    });
    config->callback([config, &options] {
        if (!config->get_subcommands().empty()) return;
        options.exit_code = finish(usage_error("name a command: check FILE, or defaults"), "kioskctl config");
    });
}

}  // namespace kiosk::ctl
