// One configuration key and the builders of the kinds of key kiosk.toml holds (integers in a
// range, one of a list, booleans, checked strings, paths, device strings, words, log levels).
// Internal to kiosk_config: the kiosk's own table of keys is config_key_table.cpp.
//
// A key's `apply` validates the TOML node and stores the value into the Config, or returns the
// problem as the end of a sentence that starts with the key ("must be between 10 and 600, got 5");
// it never stores a value it refused. `show` gives the key's value as JSON, in the form the file
// takes it (words for enums, device strings), for GET /api/v1/config.
#pragma once

#include "kiosk/app/config/config.hpp"

#include <toml++/toml.h>
#include <boost/json/value.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace kiosk::app::config_detail {

using Problem = std::optional<std::string>;  // nullopt: the value was accepted

// "a string", "an integer", ... for "must be X, got Y".
[[nodiscard]] std::string type_name(const toml::node& node);
[[nodiscard]] std::string quoted(std::string_view text);

// Whether PATCH /api/v1/config may change a key while the kiosk runs (live_config.hpp).
enum class Liveness { restart, live };
// A secret key's value is never shown: not by GET /api/v1/config, not in an audit row.
enum class Secrecy { shown, secret };

struct Key {
    std::string_view section;
    std::string_view name;
    std::function<Problem(const toml::node&, Config&, const std::string& base_dir)> apply;
    std::function<boost::json::value(const Config&)> show;
    Liveness liveness = Liveness::restart;
    Secrecy secrecy = Secrecy::shown;
    std::string dotted{};  // "section.name", set by the table (config_key_table.cpp)
};

[[nodiscard]] inline Key live(Key key) {
    key.liveness = Liveness::live;
    return key;
}
[[nodiscard]] inline Key secret(Key key) {
    key.secrecy = Secrecy::secret;
    return key;
}

// Each builder takes `field`, a function from the Config to the member the key sets. `read` uses it
// on a const Config: the function only selects the member, it writes nothing.
template <class Field>
decltype(auto) read(const Field& field, const Config& config) {
    return field(const_cast<Config&>(config));  // NOLINT(cppcoreguidelines-pro-type-const-cast)
}

template <class Field>
Key integer_key(std::string_view section, std::string_view name, std::int64_t min, std::int64_t max, Field field) {
    return {section, name,
            [=](const toml::node& node, Config& config, const std::string&) -> Problem {
                const auto* value = node.as_integer();
                if (!value) return "must be an integer, got " + type_name(node);
                const std::int64_t v = value->get();
                if (v < min || v > max)
                    return "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                           std::to_string(v);
                auto& target = field(config);
                target = static_cast<std::remove_reference_t<decltype(target)>>(v);
                return std::nullopt;
            },
            [=](const Config& config) { return boost::json::value(static_cast<std::int64_t>(read(field, config))); }};
}

template <class Field>
Key one_of_integers_key(std::string_view section, std::string_view name, std::vector<std::int64_t> allowed,
                        Field field) {
    return {section, name,
            [=](const toml::node& node, Config& config, const std::string&) -> Problem {
                const auto* value = node.as_integer();
                if (!value) return "must be an integer, got " + type_name(node);
                for (const std::int64_t a : allowed) {
                    if (a == value->get()) {
                        field(config) = static_cast<int>(a);
                        return std::nullopt;
                    }
                }
                std::string list;
                for (const std::int64_t a : allowed) list += (list.empty() ? "" : ", ") + std::to_string(a);
                return "must be one of " + list + ", got " + std::to_string(value->get());
            },
            [=](const Config& config) { return boost::json::value(static_cast<std::int64_t>(read(field, config))); }};
}

template <class Field>
Key boolean_key(std::string_view section, std::string_view name, Field field) {
    return {section, name,
            [=](const toml::node& node, Config& config, const std::string&) -> Problem {
                const auto* value = node.as_boolean();
                if (!value) return "must be true or false, got " + type_name(node);
                field(config) = value->get();
                return std::nullopt;
            },
            [=](const Config& config) { return boost::json::value(static_cast<bool>(read(field, config))); }};
}

// A string checked by `check`, which returns the problem or nullopt.
template <class Field, class Check>
Key string_key(std::string_view section, std::string_view name, Field field, Check check) {
    return {section, name,
            [=](const toml::node& node, Config& config, const std::string&) -> Problem {
                const auto* value = node.as_string();
                if (!value) return "must be a string, got " + type_name(node);
                if (auto problem = check(value->get())) return problem;
                field(config) = value->get();
                return std::nullopt;
            },
            [=](const Config& config) { return boost::json::value(boost::json::string(read(field, config))); }};
}

// A string that `parse` (text -> Result<T>) turns into the field's value; its error's `what` is the
// problem. `text` turns the value back into the string parse() takes.
template <class Field, class Parse, class Text>
Key parsed_string_key(std::string_view section, std::string_view name, Field field, Parse parse, Text text) {
    return {section, name,
            [=](const toml::node& node, Config& config, const std::string&) -> Problem {
                const auto* value = node.as_string();
                if (!value) return "must be a string, got " + type_name(node);
                auto parsed = parse(value->get());
                if (!parsed) return parsed.error().what;
                field(config) = std::move(parsed).value();
                return std::nullopt;
            },
            [=](const Config& config) { return boost::json::value(boost::json::string(text(read(field, config)))); }};
}

// A file or directory path: non-empty; relative ones are resolved against the file's directory.
template <class Field>
Key path_key(std::string_view section, std::string_view name, Field field) {
    return {section, name,
            [=](const toml::node& node, Config& config, const std::string& base_dir) -> Problem {
                const auto* value = node.as_string();
                if (!value) return "must be a string, got " + type_name(node);
                const std::string& path = value->get();
                if (path.empty()) return std::string("must be a path, got an empty string");
                if (path.find('\0') != std::string::npos) return std::string("must not contain a NUL character");
                if (path.front() == '/' || base_dir.empty())
                    field(config) = path;
                else
                    field(config) = base_dir + (base_dir.back() == '/' ? "" : "/") + path;
                return std::nullopt;
            },
            [=](const Config& config) { return boost::json::value(boost::json::string(read(field, config))); }};
}

// A device string: "sim", a path or "usb:VVVV:PPPP" (DeviceSpec::parse).
template <class Field>
Key device_key(std::string_view section, std::string_view name, Field field) {
    return parsed_string_key(
        section, name, field, [](std::string_view text) { return DeviceSpec::parse(text); },
        [](const DeviceSpec& spec) { return spec.to_string(); });
}

// A word from a fixed list, mapped to an enum.
template <class Enum, std::size_t N, class Field>
Key word_key(std::string_view section, std::string_view name, std::array<std::pair<std::string_view, Enum>, N> words,
             Field field) {
    return {section, name,
            [=](const toml::node& node, Config& config, const std::string&) -> Problem {
                const auto* value = node.as_string();
                if (!value) return "must be a string, got " + type_name(node);
                for (const auto& [word, e] : words) {
                    if (word == value->get()) {
                        field(config) = e;
                        return std::nullopt;
                    }
                }
                std::string list;
                for (const auto& [word, e] : words) list += (list.empty() ? "" : ", ") + quoted(word);
                return "must be one of " + list + ", got " + quoted(value->get());
            },
            [=](const Config& config) {
                for (const auto& [word, e] : words)
                    if (e == read(field, config)) return boost::json::value(boost::json::string(word));
                return boost::json::value(nullptr);  // only a Config built outside the keys holds another value
            }};
}

// A log level by the log layer's own names (log::level_name), so the file and the log cannot
// disagree on them. The levels run from trace to error (log.hpp: least severe first).
template <class Field>
Key log_level_key(std::string_view section, std::string_view name, Field field) {
    constexpr std::size_t kLevels = static_cast<std::size_t>(log::Level::error) + 1;
    std::array<std::pair<std::string_view, log::Level>, kLevels> words{};
    for (std::size_t i = 0; i < kLevels; ++i) {
        const auto level = static_cast<log::Level>(i);
        words[i] = {log::level_name(level), level};
    }
    return word_key(section, name, words, field);
}

}  // namespace kiosk::app::config_detail
