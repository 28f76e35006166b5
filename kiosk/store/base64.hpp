// Base64 (RFC 4648, standard alphabet, with padding) for binary fields in JSON, e.g. templates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::store {

[[nodiscard]] std::string base64_encode(const std::uint8_t* data, std::size_t size);
// nullopt unless `text` is canonical padded base64 (no whitespace, length a multiple of 4).
[[nodiscard]] std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace kiosk::store
