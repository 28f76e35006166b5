#include "kiosk/mgmt/query_string.hpp"

#include "kiosk/core/hex.hpp"

#include <charconv>

namespace kiosk::mgmt {
namespace {

std::optional<std::string> percent_decoded(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) return std::nullopt;  // fewer than two characters follow
        const auto high = core::hex_digit_value(text[i + 1]);
        const auto low = core::hex_digit_value(text[i + 2]);
        if (!high || !low) return std::nullopt;
        out.push_back(static_cast<char>((*high << 4) | *low));
        i += 2;
    }
    return out;
}

}  // namespace

std::optional<std::vector<QueryParameter>> parse_query(std::string_view query) {
    std::vector<QueryParameter> parameters;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view piece = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (piece.empty()) continue;
        const auto equals = piece.find('=');
        auto name = percent_decoded(piece.substr(0, equals));
        auto value = percent_decoded(equals == std::string_view::npos ? std::string_view{} : piece.substr(equals + 1));
        if (!name || !value) return std::nullopt;
        parameters.push_back({std::move(*name), std::move(*value)});
    }
    return parameters;
}

std::optional<std::int64_t> parse_decimal(std::string_view text, std::int64_t min, std::int64_t max) {
    if (text.empty()) return std::nullopt;
    for (const char c : text)
        if (c < '0' || c > '9') return std::nullopt;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;  // out of range
    if (value < min || value > max) return std::nullopt;
    return value;
}

bool quotable(std::string_view text) {
    if (text.size() > 40) return false;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u > 0x7E || c == '"' || c == '\\' || c == '\'') return false;
    }
    return true;
}

}  // namespace kiosk::mgmt
