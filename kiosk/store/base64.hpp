// Base64 (RFC 4648) for binary fields in JSON, e.g. templates (standard alphabet, with padding), and
// for secrets that travel in HTTP headers and shell arguments (URL-safe alphabet, no padding: API tokens).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::store {

[[nodiscard]] std::string base64_encode(const std::uint8_t* data, std::size_t size);
// RFC 4648 section 5 ('-' and '_' for '+' and '/'), without the '=' padding.
[[nodiscard]] std::string base64url_encode_unpadded(const std::uint8_t* data, std::size_t size);
// nullopt unless `text` is canonical padded base64 (no whitespace, length a multiple of 4).
[[nodiscard]] std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace kiosk::store
