// A JSON response to a request: its version, the body serialised, and Cache-Control: no-store (the
// operator routes' answers are the kiosk's state at this moment, and some name residents' cards).
#pragma once

#include <boost/json/value.hpp>

#include <string_view>

#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

[[nodiscard]] Response json_response(const RequestContext& context, http::status status, const boost::json::value& body,
                                     std::string_view content_type = "application/json");

}  // namespace kiosk::mgmt
