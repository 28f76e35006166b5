#include "kiosk/app/config/config_overrides.hpp"

#include "kiosk/app/config/config_json.hpp"
#include "kiosk/app/config/config_key_table.hpp"
#include "kiosk/core/assert.hpp"

#include <toml++/toml.h>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>

namespace kiosk::app {
namespace {

namespace json = boost::json;
using config_detail::Key;

// A JSON value as the TOML node a key's rule reads, so that one rule (and one message) serves the
// file and the patch. Arrays and objects keep only their kind: no live key takes either, and the
// rule's message names the kind ("must be an integer, got an array").
void insert_as_toml(toml::table& into, std::string_view name, const json::value& value) {
    switch (value.kind()) {
        case json::kind::bool_: into.insert(name, value.get_bool()); return;
        case json::kind::int64: into.insert(name, value.get_int64()); return;
        case json::kind::uint64:
            // Above int64's range: no integer key takes it, and as a number it keeps its size in the message.
            if (value.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                into.insert(name, static_cast<std::int64_t>(value.get_uint64()));
            else
                into.insert(name, static_cast<double>(value.get_uint64()));
            return;
        case json::kind::double_: into.insert(name, value.get_double()); return;
        case json::kind::string: into.insert(name, std::string(value.get_string())); return;
        case json::kind::array: into.insert(name, toml::array{}); return;
        case json::kind::object: into.insert(name, toml::table{}); return;
        case json::kind::null: break;
    }
    VERIFY_NOT_REACHED();  // nulls are removals, never values (changes_from_merge_patch, with_changes)
}

std::string json_type_name(const json::value& value) {
    if (value.is_null()) return "null";
    toml::table holder;
    insert_as_toml(holder, "v", value);
    return config_detail::type_name(*holder.get("v"));
}

ConfigRefusal refusal(ConfigRefusal::Kind kind, std::string key, const std::string& problem) {
    std::string message = key + ": " + problem;
    return ConfigRefusal{kind, std::move(key), std::move(message)};
}

const Key* find_dotted(std::string_view dotted) {
    const auto dot = dotted.find('.');
    if (dot == std::string_view::npos) return nullptr;
    return config_detail::find_key(dotted.substr(0, dot), dotted.substr(dot + 1));
}

constexpr const char* kNotLive = "cannot be changed while the kiosk runs; set it in kiosk.toml and restart the kiosk";

}  // namespace

std::span<const std::string_view> live_config_keys() {
    static const std::vector<std::string_view> dotted =
        config_detail::dotted_keys_where([](const Key& key) { return key.liveness == config_detail::Liveness::live; });
    return dotted;
}

Result<std::vector<ConfigChange>, ConfigRefusal> changes_from_merge_patch(const json::object& patch) {
    using Kind = ConfigRefusal::Kind;
    std::vector<ConfigChange> changes;
    for (const auto& [section_key, section_value] : patch) {
        const std::string section(section_key);
        if (!config_detail::is_section(section)) return fail(refusal(Kind::unknown_key, section, "unknown section"));
        if (section_value.is_null()) {
            const std::size_t before = changes.size();
            for (const Key& key : config_detail::keys())
                if (key.section == section && key.liveness == config_detail::Liveness::live)
                    changes.push_back({key.dotted, nullptr});
            if (changes.size() == before)
                return fail(refusal(Kind::not_live, section, "holds no key that can be changed while the kiosk runs"));
            continue;
        }
        if (!section_value.is_object())
            return fail(refusal(Kind::invalid_value, section,
                                "must be an object of keys (or null), got " + json_type_name(section_value)));
        for (const auto& [name, value] : section_value.get_object()) {
            const Key* key = config_detail::find_key(section, name);
            const std::string dotted = section + "." + std::string(name);
            if (!key) return fail(refusal(Kind::unknown_key, dotted, "unknown key"));
            if (key->liveness != config_detail::Liveness::live) return fail(refusal(Kind::not_live, dotted, kNotLive));
            changes.push_back({dotted, value});
        }
    }
    return changes;
}

std::vector<ConfigOverride> with_changes(std::vector<ConfigOverride> overrides, std::span<const ConfigChange> changes) {
    std::map<std::string, json::value> by_key;
    for (ConfigOverride& o : overrides) by_key[o.key] = std::move(o.value);
    for (const ConfigChange& change : changes) {
        if (change.value.is_null())
            by_key.erase(change.key);
        else
            by_key[change.key] = change.value;
    }
    std::vector<ConfigOverride> out;
    out.reserve(by_key.size());
    for (auto& [key, value] : by_key) out.push_back({key, std::move(value)});
    return out;
}

Result<Config, ConfigRefusal> apply_overrides(const Config& base, std::span<const ConfigOverride> overrides) {
    using Kind = ConfigRefusal::Kind;
    Config config = base;
    for (const ConfigOverride& o : overrides) {
        const Key* key = find_dotted(o.key);
        if (!key) return fail(refusal(Kind::unknown_key, o.key, "unknown key"));
        if (key->liveness != config_detail::Liveness::live) return fail(refusal(Kind::not_live, o.key, kNotLive));
        if (o.value.is_null()) return fail(refusal(Kind::invalid_value, o.key, "must have a value, got null"));
        toml::table holder;
        insert_as_toml(holder, "v", o.value);
        // Live keys are no paths, so no base directory is needed.
        if (auto problem = key->apply(*holder.get("v"), config, ""))
            return fail(refusal(Kind::invalid_value, o.key, *problem));
    }
    std::string blamed;
    if (auto problem = config_detail::cross_check(config, blamed))
        return fail(refusal(Kind::invalid_value, blamed, *problem));
    return config;
}

std::string describe_changes(std::span<const ConfigChange> changes) {
    std::string out;
    for (const ConfigChange& change : changes) {
        const Key* key = find_dotted(change.key);
        const bool hidden = key && key->secrecy == config_detail::Secrecy::secret && !change.value.is_null();
        if (!out.empty()) out += ' ';
        out += change.key + "=" + (hidden ? std::string(kRedacted) : json::serialize(change.value));
    }
    return out;
}

}  // namespace kiosk::app
