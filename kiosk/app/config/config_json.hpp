// The configuration as JSON, for GET /api/v1/config: one object per section, one member per key,
// in the forms kiosk.toml takes (words for enums, device strings, absolute paths):
//   {"kiosk": {"id": "kiosk-01", "language": "id", ...}, "session": {...}, ...}
// A secret key (config_key.hpp: Secrecy::secret) holds the string kRedacted instead of its value.
// Secret today: fingerprint.password (the sensor's handshake password) and mgmt.tls_key (where the
// server's private key lies). Certificate paths are not secret, and no key's file contents are ever
// read into a Config.
#pragma once

#include "kiosk/app/config/config.hpp"

#include <boost/json/object.hpp>

#include <span>
#include <string_view>

namespace kiosk::app {

inline constexpr std::string_view kRedacted = "[redacted]";

[[nodiscard]] boost::json::object config_to_json(const Config& config);

// The dotted keys whose values are never shown, in documentation order.
[[nodiscard]] std::span<const std::string_view> secret_config_keys();

}  // namespace kiosk::app
