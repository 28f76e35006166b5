#include "kiosk/mgmt/json_response.hpp"

#include <boost/json/serialize.hpp>

namespace kiosk::mgmt {

Response json_response(const RequestContext& context, http::status status, const boost::json::value& body,
                       std::string_view content_type) {
    Response response{status, context.request.version()};
    response.set(http::field::content_type, content_type);
    response.set(http::field::cache_control, "no-store");
    response.body() = boost::json::serialize(body);
    return response;
}

}  // namespace kiosk::mgmt
