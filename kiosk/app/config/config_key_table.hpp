// The kiosk's keys: every key kiosk.toml may hold, section by section in the order of
// assets/config/kiosk.toml, and the rules between keys. Internal to kiosk_config.
#pragma once

#include "kiosk/app/config/config_key.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::app::config_detail {

// Built once, on first use; safe to call from any thread (a function-local static).
[[nodiscard]] const std::vector<Key>& keys();

// The dotted names of the keys `select` accepts, in documentation order; the views point into the
// table, which lives as long as the program.
[[nodiscard]] std::vector<std::string_view> dotted_keys_where(bool (*select)(const Key&));

// nullptr when the file's section holds no such key.
[[nodiscard]] const Key* find_key(std::string_view section, std::string_view name);
[[nodiscard]] bool is_section(std::string_view section);

// Rules between keys, checked once every key has its value: the problem, with `key` set to the
// dotted key it is reported against, or nullopt.
[[nodiscard]] Problem cross_check(const Config& config, std::string& key);

}  // namespace kiosk::app::config_detail
