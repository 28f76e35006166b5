#include "drivers/cardreader/sim/card_image.hpp"

#include "kiosk/core/hex.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace kiosk::cardreader::sim {

namespace {

constexpr const char* kWhere = "card.file";
constexpr const char* kFormat = "ktp-kiosk-card/1";

Result<Bytes> hex_field(const toml::table& table, const char* key, std::size_t min_size, std::size_t max_size) {
    const auto text = table[key].value<std::string>();
    if (!text) return fail(kWhere, std::string("missing ") + key);
    auto bytes = core::parse_hex_bytes(*text);
    if (!bytes || bytes->size() < min_size || bytes->size() > max_size)
        return fail(kWhere, std::string(key) + " is not hex of a valid length");
    return *bytes;
}

bool all_digits(const std::string& text) {
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

Bytes contactless_atr(std::span<const std::uint8_t> historical_bytes) {
    const std::size_t count = std::min<std::size_t>(historical_bytes.size(), 15);
    Bytes atr{0x3B, static_cast<std::uint8_t>(0x80 | count), 0x80, 0x01};
    for (std::size_t i = 0; i < count; ++i) atr.push_back(historical_bytes[i]);  // GCC 12 misreports insert()
    std::uint8_t tck = 0;
    for (std::size_t i = 1; i < atr.size(); ++i) tck ^= atr[i];  // TCK covers T0 .. last historical byte
    atr.push_back(tck);
    return atr;
}

Bytes default_atr() {
    const Bytes historical{'K', 'T', 'P', '-', 'E', 'L'};
    return contactless_atr(historical);
}

Result<CardImage> parse_card_file(const std::string& text) {
    toml::table table;
    try {
        table = toml::parse(text);
    } catch (const toml::parse_error& error) {
        return fail(kWhere, "not TOML (line " + std::to_string(error.source().begin.line) + ")");
    }
    if (table["format"].value<std::string>() != kFormat) return fail(kWhere, std::string("format is not ") + kFormat);
    CardImage card;
    card.uid = TRY(hex_field(table, "uid", 4, 10));
    card.atr = TRY(hex_field(table, "atr", 2, 33));
    if (table.contains("aid")) card.aid = TRY(hex_field(table, "aid", 5, 16));
    const std::string role = table["role"].value_or(std::string("resident"));
    if (role == "staff") {
        card.role = CardRole::staff;
    } else if (role != "resident") {
        return fail(kWhere, "role is neither resident nor staff");
    }
    card.pin = table["pin"].value_or(std::string());
    if (!card.pin.empty() && (card.pin.size() < 4 || card.pin.size() > 12 || !all_digits(card.pin)))
        return fail(kWhere, "pin is not 4..12 digits");
    card.pin_tries_max = static_cast<int>(table["pin_tries_max"].value_or(std::int64_t{3}));
    card.pin_tries = static_cast<int>(table["pin_tries"].value_or(std::int64_t{card.pin_tries_max}));
    if (card.pin_tries_max < 1 || card.pin_tries_max > 15 || card.pin_tries < 0 || card.pin_tries > card.pin_tries_max)
        return fail(kWhere, "pin tries out of range 0..15");
    card.chip_private_key_pem = table["chip_private_key"].value_or(std::string());
    if (card.chip_private_key_pem.empty()) return fail(kWhere, "missing chip_private_key");
    const toml::table* files = table["files"].as_table();
    if (files == nullptr) return fail(kWhere, "missing [files]");
    for (const auto& [key, node] : *files) {
        const auto fid = core::parse_hex_bytes(key.str());
        const auto* content = node.as_string();
        if (!fid || fid->size() != 2 || content == nullptr) return fail(kWhere, "bad file entry in [files]");
        auto bytes = core::parse_hex_bytes(content->get());
        if (!bytes || bytes->size() > 0x7FFF) return fail(kWhere, "file content is not hex");
        card.files[static_cast<std::uint16_t>(((*fid)[0] << 8) | (*fid)[1])] = std::move(*bytes);
    }
    return card;
}

Result<CardImage> load_card_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(kWhere, "cannot open " + path);
    std::ostringstream text;
    text << in.rdbuf();
    auto card = parse_card_file(text.str());
    if (!card) return fail(kWhere, card.error().what + " in " + path);
    return card;
}

std::string format_card_file(const CardImage& card) {
    toml::table files;
    for (const auto& [fid, content] : card.files) {
        files.insert(core::format_hex_number(fid, 4), core::format_hex_bytes(content));
    }
    toml::table table{
        {"format", kFormat},
        {"uid", core::format_hex_bytes(card.uid)},
        {"atr", core::format_hex_bytes(card.atr)},
        {"aid", core::format_hex_bytes(card.aid)},
        {"role", card.role == CardRole::staff ? "staff" : "resident"},
        {"pin_tries", card.pin_tries},
        {"pin_tries_max", card.pin_tries_max},
        {"chip_private_key", card.chip_private_key_pem},
        {"files", std::move(files)},
    };
    if (!card.pin.empty()) table.insert("pin", card.pin);
    std::ostringstream out;
    out << "# ktp-kiosk virtual card: synthetic test/demo data and test keys only.\n" << table << "\n";
    return out.str();
}

Status save_card_file(const CardImage& card, const std::string& path) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) return fail(kWhere, "cannot write " + temporary);
        out << format_card_file(card);
        if (!out.flush()) return fail(kWhere, "cannot write " + temporary);
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) return fail(kWhere, "cannot rename onto " + path);
    return {};
}

}  // namespace kiosk::cardreader::sim
