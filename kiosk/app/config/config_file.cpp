// parse_config and load_config: from TOML text (or a file) to a validated Config, through the key
// table (config_key_table.hpp).
#include "kiosk/app/config/config.hpp"
#include "kiosk/app/config/config_key_table.hpp"

#include <toml++/toml.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace kiosk::app {
namespace {

using config_detail::Key;

// The largest configuration file read; anything bigger is not a kiosk.toml.
constexpr long kMaxFileBytes = 1 << 20;

}  // namespace

Result<Config> parse_config(std::string_view toml_text, const std::string& source_name, const std::string& base_dir) {
    toml::table root;
    try {
        root = toml::parse(toml_text, std::string_view(source_name));
    } catch (const toml::parse_error& e) {
        const auto& begin = e.source().begin;
        return fail(source_name + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column),
                    std::string(e.description()));
    }

    Config config;
    for (const auto& [section_key, section_node] : root) {
        const std::string_view section = section_key.str();
        if (!config_detail::is_section(section)) return fail(source_name, std::string(section) + ": unknown section");
        const auto* table = section_node.as_table();
        if (!table)
            return fail(source_name,
                        std::string(section) + ": must be a table, got " + config_detail::type_name(section_node));
        for (const auto& [name_key, value] : *table) {
            const std::string dotted = std::string(section) + "." + std::string(name_key.str());
            const Key* key = config_detail::find_key(section, name_key.str());
            if (!key) return fail(source_name, dotted + ": unknown key");
            if (auto problem = key->apply(value, config, base_dir)) return fail(source_name, dotted + ": " + *problem);
        }
    }
    std::string key;
    if (auto problem = config_detail::cross_check(config, key)) return fail(source_name, key + ": " + *problem);
    return config;
}

Result<Config> load_config(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) return fail(path, std::string("cannot open the configuration file: ") + std::strerror(errno));
    std::string text;
    char buffer[8192];
    std::size_t got = 0;
    bool too_big = false;
    while ((got = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
        text.append(buffer, got);
        if (text.size() > static_cast<std::size_t>(kMaxFileBytes)) {
            too_big = true;
            break;
        }
    }
    const bool read_error = std::ferror(file) != 0;
    const int read_errno = errno;
    std::fclose(file);
    if (read_error) return fail(path, std::string("cannot read the configuration file: ") + std::strerror(read_errno));
    if (too_big)
        return fail(path, "is larger than " + std::to_string(kMaxFileBytes) + " bytes: not a kiosk configuration");

    const std::size_t slash = path.rfind('/');
    const std::string base_dir = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    return parse_config(text, path, base_dir);
}

}  // namespace kiosk::app
