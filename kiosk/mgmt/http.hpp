// The management interface's HTTP vocabulary: Beast's string-bodied request and response, and the
// caller a request was authenticated as. Handlers see only these, never a socket (STYLE.md 5).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

namespace kiosk::mgmt {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Who may call a route. `anonymous` routes need no credential; `central` is the Dukcapil central
// system (mutual TLS); `operator_` and `monitor` hold bearer tokens. An operator may do what a
// monitor may; central and the operators are separate worlds.
enum class Role { anonymous, monitor, operator_, central };

[[nodiscard]] const char* role_name(Role role);  // "anonymous", "monitor", "operator", "central"

// The authenticated caller: its role and a name for the audit log (a token's name, a certificate's
// subject CN). Never the token itself.
struct Caller {
    Role role = Role::anonymous;
    std::string name;
};

// Whether `caller` may call a route that needs `required`.
[[nodiscard]] bool role_allows(Role caller, Role required);

}  // namespace kiosk::mgmt
