#include "kiosk/app/config/config_key_table.hpp"

#include <arpa/inet.h>

namespace kiosk::app::config_detail {
namespace {

Problem check_kiosk_id(const std::string& id) {
    if (id.empty() || id.size() > 64) return std::string("must be 1 to 64 characters");
    for (const char c : id) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return "may hold only letters, digits, '-' and '_', got " + quoted(id);
    }
    return std::nullopt;
}

// The notice is shown to everyone in the lobby: one line of text, short enough for two lines on the
// narrowest panel, and never a NIK (DESIGN.md: NIKs are shown masked everywhere).
Problem check_notice(const std::string& notice) {
    std::size_t chars = 0;
    std::size_t digit_run = 0;
    for (const char c : notice) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) return std::string("must be one line of text, without control characters");
        if ((byte & 0xC0) != 0x80) ++chars;  // a byte that starts a UTF-8 character (TOML and JSON give valid UTF-8)
        digit_run = (c >= '0' && c <= '9') ? digit_run + 1 : 0;
        if (digit_run == 16) return std::string("must not hold a NIK (16 digits in a row)");
    }
    if (chars > kNoticeMaxChars)
        return "must be at most " + std::to_string(kNoticeMaxChars) + " characters, got " + std::to_string(chars);
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

}  // namespace

const std::vector<Key>& keys() {
    static const std::vector<Key> table = [] {
        using core::Language;
        std::vector<Key> k;
        k.push_back(string_key(
            "kiosk", "id", [](Config & c) -> auto& { return c.kiosk.id; }, check_kiosk_id));
        k.push_back(live(word_key<Language, 2>(
            "kiosk", "language", {{{"id", Language::id}, {"en", Language::en}}},
            [](Config & c) -> auto& { return c.kiosk.language; })));
        k.push_back(path_key(
            "kiosk", "database_path", [](Config & c) -> auto& { return c.kiosk.database_path; }));
        k.push_back(path_key(
            "kiosk", "data_dir", [](Config & c) -> auto& { return c.kiosk.data_dir; }));
        k.push_back(live(string_key(
            "kiosk", "notice", [](Config & c) -> auto& { return c.kiosk.notice; }, check_notice)));

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

        k.push_back(live(integer_key(
            "session", "idle_timeout_s", 10, 600, [](Config & c) -> auto& { return c.session.idle_timeout_s; })));
        k.push_back(live(integer_key(
            "session", "idle_warning_s", 5, 120, [](Config & c) -> auto& { return c.session.idle_warning_s; })));
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
        k.push_back(live(integer_key(
            "session", "pickup_take_timeout_s", 10, 300,
            [](Config & c) -> auto& { return c.session.pickup_take_timeout_s; })));
        k.push_back(live(integer_key(
            "session", "pickup_deadline_days", 1, 365,
            [](Config & c) -> auto& { return c.session.pickup_deadline_days; })));

        k.push_back(device_key(
            "fingerprint", "device", [](Config & c) -> auto& { return c.fingerprint.device; }));
        k.push_back(one_of_integers_key(
            "fingerprint", "baud",
            {9600, 19200, 28800, 38400, 48000, 57600, 67200, 76800, 86400, 96000, 105600, 115200},
            [](Config & c) -> auto& { return c.fingerprint.baud; }));
        k.push_back(integer_key(
            "fingerprint", "address", 0, 0xFFFFFFFF, [](Config & c) -> auto& { return c.fingerprint.address; }));
        k.push_back(secret(integer_key(
            "fingerprint", "password", 0, 0xFFFFFFFF, [](Config & c) -> auto& { return c.fingerprint.password; })));
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
        k.push_back(integer_key(
            "cardreader", "read_timeout_ms", 500, 30000,
            [](Config & c) -> auto& { return c.cardreader.read_timeout_ms; }));

        k.push_back(string_key(
            "mgmt", "listen", [](Config & c) -> auto& { return c.mgmt.listen; }, check_address_literal));
        k.push_back(integer_key(
            "mgmt", "port", 1, 65535, [](Config & c) -> auto& { return c.mgmt.port; }));
        k.push_back(integer_key(
            "mgmt", "central_port", 1, 65535, [](Config & c) -> auto& { return c.mgmt.central_port; }));
        k.push_back(path_key(
            "mgmt", "tls_cert", [](Config & c) -> auto& { return c.mgmt.tls_cert; }));
        k.push_back(secret(path_key(
            "mgmt", "tls_key", [](Config & c) -> auto& { return c.mgmt.tls_key; })));
        k.push_back(path_key(
            "mgmt", "client_ca", [](Config & c) -> auto& { return c.mgmt.client_ca; }));

        k.push_back(log_level_key(
            "log", "level", [](Config & c) -> auto& { return c.log.level; }));

        k.push_back(boolean_key(
            "audio", "headset_fitted", [](Config & c) -> auto& { return c.audio.headset_fitted; }));
        for (Key& key : k) key.dotted = std::string(key.section) + "." + std::string(key.name);
        return k;
    }();
    return table;
}

std::vector<std::string_view> dotted_keys_where(bool (*select)(const Key&)) {
    std::vector<std::string_view> out;
    for (const Key& key : keys())
        if (select(key)) out.push_back(key.dotted);
    return out;
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
    if (c.mgmt.central_port == c.mgmt.port) {
        key = "mgmt.central_port";
        return "must differ from mgmt.port (" + std::to_string(c.mgmt.port) +
               "): the central system's listener and the operators' are two";
    }
    const DeviceSpec& fp = c.fingerprint.device;
    if (!fp.simulated() && fp == c.dispenser.device) {
        key = "dispenser.device";
        return "must differ from fingerprint.device, both are " + quoted(fp.to_string());
    }
    return std::nullopt;
}

}  // namespace kiosk::app::config_detail

namespace kiosk::app {

std::span<const std::string_view> config_keys() {
    static const std::vector<std::string_view> dotted =
        config_detail::dotted_keys_where([](const config_detail::Key&) { return true; });
    return dotted;
}

}  // namespace kiosk::app
