#include "kiosk/mgmt/openapi_route.hpp"

namespace kiosk::mgmt {

Response handle_openapi(const RequestContext& context) {
    Response response{http::status::ok, context.request.version()};
    response.set(http::field::content_type, "application/json");
    response.body() = std::string(openapi_document());
    return response;
}

}  // namespace kiosk::mgmt
