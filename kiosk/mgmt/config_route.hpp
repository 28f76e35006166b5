// GET and PATCH /api/v1/config (operator): the kiosk's effective configuration (kiosk.toml with the
// live changes over it) and live changes to a documented subset of it.
//
// GET 200 application/json: {"kiosk": {"id": ..., "language": ..., ...}, "session": {...}, ...},
// every key of kiosk.toml in the file's own forms; secret keys hold "[redacted]".
//
// PATCH takes an RFC 7396 merge patch (Content-Type application/merge-patch+json) of that same
// document: {"session": {"idle_timeout_s": 90}, "kiosk": {"notice": null}}; null returns a key to
// the file's value, a section set to null returns all of its live keys. The whole patch is applied
// or none of it, checked by the very rules that check kiosk.toml, kept across restarts, audited
// with the caller's name, and handed to the screen at its next idle point. 200: the new effective
// configuration, as GET.
// Problems (each with "key" naming the key or section):
//   config-key-unknown (400), config-key-not-live (400), invalid-config-value (400, the kiosk's own
//   message: "session.idle_timeout_s: must be between 10 and 600, got 5");
// and bad-request (400: not JSON, or not an object), unsupported-media-type (415), unavailable (503:
// the change could not be stored; nothing changed).
#pragma once

#include <boost/json/object.hpp>

#include <string>

#include "kiosk/core/result.hpp"
#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

inline constexpr std::size_t kConfigPatchBodyMax = 16 * 1024;

struct ConfigPatchError {
    enum class Kind {
        key_unknown,    // 400 config-key-unknown
        key_not_live,   // 400 config-key-not-live
        invalid_value,  // 400 invalid-config-value
        not_stored,     // 503 unavailable: the store refused the write; nothing changed
    };
    Kind kind = Kind::invalid_value;
    std::string key;      // the dotted key or section (empty for not_stored)
    std::string message;  // the kiosk's own words, no personal data
    [[nodiscard]] std::string to_string() const { return message; }
};

// Implemented by the application; called on the server's thread.
class ConfigSource {
public:
    virtual ~ConfigSource() = default;
    // The effective configuration as JSON, secrets redacted.
    [[nodiscard]] virtual boost::json::object effective() = 0;
    // Applies the whole merge patch or none of it, on behalf of `caller` (for the audit row); the new
    // effective configuration, as effective().
    virtual Result<boost::json::object, ConfigPatchError> patch(const boost::json::object& merge_patch,
                                                                const Caller& caller) = 0;
};

[[nodiscard]] Response handle_config_get(const RequestContext& context, ConfigSource& source);
[[nodiscard]] Response handle_config_patch(const RequestContext& context, ConfigSource& source);

// GET /api/v1/config and PATCH /api/v1/config (body at most kConfigPatchBodyMax), operator.
void add_config_routes(RouteTable& routes, ConfigSource& source);

}  // namespace kiosk::mgmt
