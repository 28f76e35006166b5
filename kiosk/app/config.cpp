#include "kiosk/app/config.hpp"

#include <toml++/toml.h>

#include <arpa/inet.h>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <vector>

namespace kiosk::app {
namespace {

// The largest configuration file read; anything bigger is not a kiosk.toml.
constexpr long kMaxFileBytes = 1 << 20;

using Problem = std::optional<std::string>;  // nullopt: the value was accepted

std::string type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a floating-point number";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::array: return "an array";
        case toml::node_type::table: return "a table";
        case toml::node_type::none: break;
    }
    return "nothing";
}

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

struct Key {
    std::string_view section;
    std::string_view name;
    // Validates the node and stores it; returns the problem ("must be ...") otherwise.
    std::function<Problem(const toml::node&, Config&, const std::string& base_dir)> apply;
};

template <class Field>
Key integer_key(std::string_view section, std::string_view name, std::int64_t min, std::int64_t max, Field field) {
    return {section, name, [=](const toml::node& node, Config& config, const std::string&) -> Problem {
                const auto* value = node.as_integer();
                if (!value) return "must be an integer, got " + type_name(node);
                const std::int64_t v = value->get();
                if (v < min || v > max)
                    return "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                           std::to_string(v);
                auto& target = field(config);
                target = static_cast<std::remove_reference_t<decltype(target)>>(v);
                return std::nullopt;
            }};
}

template <class Field>
Key one_of_integers_key(std::string_view section, std::string_view name, std::vector<std::int64_t> allowed,
                        Field field) {
    return {section, name, [=](const toml::node& node, Config& config, const std::string&) -> Problem {
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
            }};
}

template <class Field>
Key boolean_key(std::string_view section, std::string_view name, Field field) {
    return {section, name, [=](const toml::node& node, Config& config, const std::string&) -> Problem {
                const auto* value = node.as_boolean();
                if (!value) return "must be true or false, got " + type_name(node);
                field(config) = value->get();
                return std::nullopt;
            }};
}

// A string checked by `check`, which returns the problem or nullopt.
template <class Field, class Check>
Key string_key(std::string_view section, std::string_view name, Field field, Check check) {
    return {section, name, [=](const toml::node& node, Config& config, const std::string&) -> Problem {
                const auto* value = node.as_string();
                if (!value) return "must be a string, got " + type_name(node);
                if (auto problem = check(value->get())) return problem;
                field(config) = value->get();
                return std::nullopt;
            }};
}

// A file or directory path: non-empty; relative ones are resolved against the file's directory.
template <class Field>
Key path_key(std::string_view section, std::string_view name, Field field) {
    return {section, name, [=](const toml::node& node, Config& config, const std::string& base_dir) -> Problem {
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
            }};
}

template <class Field>
Key device_key(std::string_view section, std::string_view name, Field field) {
    return {section, name, [=](const toml::node& node, Config& config, const std::string&) -> Problem {
                const auto* value = node.as_string();
                if (!value) return "must be a string, got " + type_name(node);
                auto device = DeviceSpec::parse(value->get());
                if (!device) return device.error().what;
                field(config) = std::move(*device);
                return std::nullopt;
            }};
}

// A word from a fixed list, mapped to an enum.
template <class Enum, std::size_t N, class Field>
Key word_key(std::string_view section, std::string_view name, std::array<std::pair<std::string_view, Enum>, N> words,
             Field field) {
    return {section, name, [=](const toml::node& node, Config& config, const std::string&) -> Problem {
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
            }};
}

Problem check_kiosk_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return std::string("must be 1 to 64 characters");
    for (const char c : id) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return "may hold only letters, digits, '-' and '_', got " + quoted(id);
    }
    return std::nullopt;
}

Problem check_reader_pattern(const std::string& pattern) {
    if (pattern.empty()) return std::string("must not be empty (it would match every reader)");
    return std::nullopt;
}

Problem check_address_literal(const std::string& address) {
    unsigned char buffer[16];
    if (inet_pton(AF_INET, address.c_str(), buffer) == 1 || inet_pton(AF_INET6, address.c_str(), buffer) == 1)
        return std::nullopt;
    return "must be an IPv4 or IPv6 address such as \"127.0.0.1\" or \"::\", got " + quoted(address);
}

// The keys, section by section, in the order of assets/config/kiosk.toml.
const std::vector<Key>& keys() {
    static const std::vector<Key> table = [] {
        using core::Language;
        std::vector<Key> k;
        k.push_back(string_key(
            "kiosk", "id", [](Config & c) -> auto& { return c.kiosk.id; }, check_kiosk_id));
        k.push_back(word_key<Language, 2>(
            "kiosk", "language", {{{"id", Language::id}, {"en", Language::en}}},
            [](Config & c) -> auto& { return c.kiosk.language; }));
        k.push_back(path_key(
            "kiosk", "database_path", [](Config & c) -> auto& { return c.kiosk.database_path; }));
        k.push_back(path_key(
            "kiosk", "data_dir", [](Config & c) -> auto& { return c.kiosk.data_dir; }));

        k.push_back(integer_key(
            "display", "width_px", 320, 7680, [](Config & c) -> auto& { return c.display.width_px; }));
        k.push_back(integer_key(
            "display", "height_px", 240, 7680, [](Config & c) -> auto& { return c.display.height_px; }));
        k.push_back(integer_key(
            "display", "diagonal_mm", 100, 2500, [](Config & c) -> auto& { return c.display.diagonal_mm; }));
        k.push_back(boolean_key(
            "display", "fullscreen", [](Config & c) -> auto& { return c.display.fullscreen; }));
        k.push_back(word_key<Renderer, 2>(
            "display", "renderer", {{{"software", Renderer::software}, {"accelerated", Renderer::accelerated}}},
            [](Config & c) -> auto& { return c.display.renderer; }));

        k.push_back(integer_key(
            "session", "idle_timeout_s", 10, 600, [](Config & c) -> auto& { return c.session.idle_timeout_s; }));
        k.push_back(integer_key(
            "session", "idle_warning_s", 5, 120, [](Config & c) -> auto& { return c.session.idle_warning_s; }));
        k.push_back(integer_key(
            "session", "fingerprint_tries_per_session", 1, 10,
            [](Config & c) -> auto& { return c.session.fingerprint_tries_per_session; }));
        k.push_back(integer_key(
            "session", "nik_lock_failures", 1, 100, [](Config & c) -> auto& { return c.session.nik_lock_failures; }));
        k.push_back(integer_key(
            "session", "nik_lock_window_s", 60, 604800,
            [](Config & c) -> auto& { return c.session.nik_lock_window_s; }));
        k.push_back(integer_key(
            "session", "nik_lock_duration_s", 60, 604800,
            [](Config & c) -> auto& { return c.session.nik_lock_duration_s; }));
        k.push_back(integer_key(
            "session", "pickup_take_timeout_s", 10, 300,
            [](Config & c) -> auto& { return c.session.pickup_take_timeout_s; }));

        k.push_back(device_key(
            "fingerprint", "device", [](Config & c) -> auto& { return c.fingerprint.device; }));
        k.push_back(one_of_integers_key(
            "fingerprint", "baud",
            {9600, 19200, 28800, 38400, 48000, 57600, 67200, 76800, 86400, 96000, 105600, 115200},
            [](Config & c) -> auto& { return c.fingerprint.baud; }));
        k.push_back(integer_key(
            "fingerprint", "address", 0, 0xFFFFFFFF, [](Config & c) -> auto& { return c.fingerprint.address; }));
        k.push_back(integer_key(
            "fingerprint", "password", 0, 0xFFFFFFFF, [](Config & c) -> auto& { return c.fingerprint.password; }));
        k.push_back(integer_key(
            "fingerprint", "score_min", 1, 1000, [](Config & c) -> auto& { return c.fingerprint.score_min; }));
        k.push_back(integer_key(
            "fingerprint", "capture_timeout_ms", 1000, 60000,
            [](Config & c) -> auto& { return c.fingerprint.capture_timeout_ms; }));
        k.push_back(integer_key(
            "fingerprint", "retries", 0, 10, [](Config & c) -> auto& { return c.fingerprint.retries; }));

        k.push_back(device_key(
            "dispenser", "device", [](Config & c) -> auto& { return c.dispenser.device; }));
        k.push_back(one_of_integers_key(
            "dispenser", "baud", {9600, 19200, 38400, 57600, 115200},
            [](Config & c) -> auto& { return c.dispenser.baud; }));
        k.push_back(integer_key(
            "dispenser", "address", 0, 15, [](Config & c) -> auto& { return c.dispenser.address; }));
        k.push_back(integer_key(
            "dispenser", "reply_timeout_ms", 100, 60000,
            [](Config & c) -> auto& { return c.dispenser.reply_timeout_ms; }));

        k.push_back(string_key(
            "cardreader", "front_reader", [](Config & c) -> auto& { return c.cardreader.front_reader; },
            check_reader_pattern));
        k.push_back(string_key(
            "cardreader", "dispenser_reader", [](Config & c) -> auto& { return c.cardreader.dispenser_reader; },
            check_reader_pattern));
        k.push_back(path_key(
            "cardreader", "issuer_public_key", [](Config & c) -> auto& { return c.cardreader.issuer_public_key; }));

        k.push_back(string_key(
            "mgmt", "listen", [](Config & c) -> auto& { return c.mgmt.listen; }, check_address_literal));
        k.push_back(integer_key(
            "mgmt", "port", 1, 65535, [](Config & c) -> auto& { return c.mgmt.port; }));
        k.push_back(path_key(
            "mgmt", "tls_cert", [](Config & c) -> auto& { return c.mgmt.tls_cert; }));
        k.push_back(path_key(
            "mgmt", "tls_key", [](Config & c) -> auto& { return c.mgmt.tls_key; }));
        k.push_back(path_key(
            "mgmt", "client_ca", [](Config & c) -> auto& { return c.mgmt.client_ca; }));

        k.push_back(word_key<LogLevel, 5>(
            "log", "level",
            {{{"trace", LogLevel::trace},
              {"debug", LogLevel::debug},
              {"info", LogLevel::info},
              {"warn", LogLevel::warn},
              {"error", LogLevel::error}}},
            [](Config & c) -> auto& { return c.log.level; }));
        return k;
    }();
    return table;
}

const Key* find_key(std::string_view section, std::string_view name) {
    for (const Key& key : keys())
        if (key.section == section && key.name == name) return &key;
    return nullptr;
}

bool is_section(std::string_view section) {
    for (const Key& key : keys())
        if (key.section == section) return true;
    return false;
}

// Rules between keys, checked once every key has its value.
Problem cross_check(const Config& c, std::string& key) {
    if (c.session.idle_warning_s >= c.session.idle_timeout_s) {
        key = "session.idle_warning_s";
        return "must be less than session.idle_timeout_s (" + std::to_string(c.session.idle_timeout_s) + "), got " +
               std::to_string(c.session.idle_warning_s);
    }
    if (c.cardreader.front_reader == c.cardreader.dispenser_reader) {
        key = "cardreader.dispenser_reader";
        return std::string("must differ from cardreader.front_reader, or one reader would take both roles");
    }
    const DeviceSpec& fp = c.fingerprint.device;
    if (fp.kind != DeviceSpec::Kind::simulated && fp == c.dispenser.device) {
        key = "dispenser.device";
        return "must differ from fingerprint.device, both are " + quoted(fp.to_string());
    }
    return std::nullopt;
}

bool is_hex4(std::string_view text) {
    if (text.size() != 4) return false;
    for (const char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return true;
}

std::uint16_t hex_value(std::string_view text) {
    unsigned value = 0;
    for (const char c : text) {
        const unsigned digit =
            c <= '9' ? static_cast<unsigned>(c - '0') : static_cast<unsigned>((c | 0x20) - 'a') + 10U;
        value = value * 16U + digit;
    }
    return static_cast<std::uint16_t>(value);
}

}  // namespace

Result<DeviceSpec> DeviceSpec::parse(std::string_view text) {
    DeviceSpec spec;
    if (text == "sim") return spec;
    if (!text.empty() && text.front() == '/') {
        if (text.size() == 1 || text.back() == '/' || text.find('\0') != std::string_view::npos)
            return fail("device", "must name a device file, got " + quoted(text));
        spec.kind = Kind::path;
        spec.path = std::string(text);
        return spec;
    }
    if (text.starts_with("usb:") && text.size() == 13 && text[8] == ':' && is_hex4(text.substr(4, 4)) &&
        is_hex4(text.substr(9, 4))) {
        spec.kind = Kind::usb;
        spec.usb_vendor_id = hex_value(text.substr(4, 4));
        spec.usb_product_id = hex_value(text.substr(9, 4));
        return spec;
    }
    return fail("device", "must be \"sim\", an absolute path or \"usb:VVVV:PPPP\" (hex vendor and product id), got " +
                              quoted(text));
}

std::string DeviceSpec::to_string() const {
    switch (kind) {
        case Kind::simulated: return "sim";
        case Kind::path: return path;
        case Kind::usb: {
            char text[16];
            std::snprintf(text, sizeof text, "usb:%04x:%04x", usb_vendor_id, usb_product_id);
            return text;
        }
    }
    return "sim";
}

std::string_view to_string(Renderer renderer) {
    return renderer == Renderer::software ? "software" : "accelerated";
}

std::string_view to_string(LogLevel level) {
    switch (level) {
        case LogLevel::trace: return "trace";
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::warn: return "warn";
        case LogLevel::error: return "error";
    }
    return "info";
}

double DisplaySection::px_per_mm() const {
    const double diagonal_px = std::hypot(static_cast<double>(width_px), static_cast<double>(height_px));
    return diagonal_px / static_cast<double>(diagonal_mm);
}

std::span<const std::string_view> config_keys() {
    static const std::vector<std::string> dotted = [] {
        std::vector<std::string> out;
        for (const Key& key : keys()) out.push_back(std::string(key.section) + "." + std::string(key.name));
        return out;
    }();
    static const std::vector<std::string_view> views(dotted.begin(), dotted.end());
    return views;
}

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
        if (!is_section(section)) return fail(source_name, std::string(section) + ": unknown section");
        const auto* table = section_node.as_table();
        if (!table)
            return fail(source_name, std::string(section) + ": must be a table, got " + type_name(section_node));
        for (const auto& [name_key, value] : *table) {
            const std::string dotted = std::string(section) + "." + std::string(name_key.str());
            const Key* key = find_key(section, name_key.str());
            if (!key) return fail(source_name, dotted + ": unknown key");
            if (auto problem = key->apply(value, config, base_dir)) return fail(source_name, dotted + ": " + *problem);
        }
    }
    std::string key;
    if (auto problem = cross_check(config, key)) return fail(source_name, key + ": " + *problem);
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
