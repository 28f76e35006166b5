// Live changes to the configuration: the keys an operator may change while the kiosk runs
// (PATCH /api/v1/config, an RFC 7396 JSON merge patch), checked by exactly the rules that check
// kiosk.toml (each key's one definition in config_key_table.cpp, and the rules between keys). The
// application keeps them as overrides over the file and applies them over it at every start.
//
// The live subset (Liveness::live in the table): kiosk.language, kiosk.notice,
// session.idle_timeout_s, session.idle_warning_s, session.pickup_take_timeout_s and
// session.pickup_deadline_days. Nothing here is secret; the audit text would redact it if it were.
#pragma once

#include "kiosk/app/config/config.hpp"
#include "kiosk/core/result.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::app {

// One key set over the file: its dotted name and its value as JSON (never null).
struct ConfigOverride {
    std::string key;
    boost::json::value value;
    friend bool operator==(const ConfigOverride&, const ConfigOverride&) = default;
};

// One change a patch asks for: a new value, or null to return the key to the file's value.
struct ConfigChange {
    std::string key;
    boost::json::value value;
    friend bool operator==(const ConfigChange&, const ConfigChange&) = default;
};

struct ConfigRefusal {
    enum class Kind {
        unknown_key,    // no such section or key in kiosk.toml
        not_live,       // a key of kiosk.toml that only a restart changes
        invalid_value,  // refused by the key's rule or a rule between keys
    };
    Kind kind = Kind::invalid_value;
    std::string key;      // dotted ("session.idle_timeout_s"), or a section's name for a section
    std::string message;  // the kiosk's own words, starting with the key:
                          // "session.idle_timeout_s: must be between 10 and 600, got 5"
    friend bool operator==(const ConfigRefusal&, const ConfigRefusal&) = default;
};

// The live keys, dotted, in documentation order.
[[nodiscard]] std::span<const std::string_view> live_config_keys();

// The changes a merge patch asks for, in the patch's order. {"session": {"idle_timeout_s": 90,
// "idle_warning_s": null}} sets one key and returns the other to the file; {"session": null} returns
// every live key of the section to the file. Refused: an unknown section or key, a key that is not
// live, a section given as anything but an object or null. Values are not checked here (see
// apply_overrides), so that every key problem of a patch is reported before any value problem.
[[nodiscard]] Result<std::vector<ConfigChange>, ConfigRefusal> changes_from_merge_patch(
    const boost::json::object& patch);

// `overrides` with `changes` made (a value sets the key's override, null removes it), sorted by key.
[[nodiscard]] std::vector<ConfigOverride> with_changes(std::vector<ConfigOverride> overrides,
                                                       std::span<const ConfigChange> changes);

// `base` (the file's configuration) with every override applied, then the rules between keys. The
// first refusal is returned; nothing is half-applied, since the result is a new Config.
[[nodiscard]] Result<Config, ConfigRefusal> apply_overrides(const Config& base,
                                                            std::span<const ConfigOverride> overrides);

// "session.idle_timeout_s=90 kiosk.notice=null": the changes for an audit row, each value as JSON
// (null: back to the file's value); a secret key's value as [redacted].
[[nodiscard]] std::string describe_changes(std::span<const ConfigChange> changes);

}  // namespace kiosk::app
