// The OpenAPI 3.1 document of the management interface. docs/api/openapi.json in the repository is
// the one source; the build compiles it into the program (cmake/embed_file.cmake), so the document a
// client reads is exactly the one the route table was checked against.
#pragma once

#include <string_view>

#include "kiosk/mgmt/route_table.hpp"

namespace kiosk::mgmt {

// The document's bytes, as in the repository.
[[nodiscard]] std::string_view openapi_document();

// GET /api/v1/openapi.json.
[[nodiscard]] Response handle_openapi(const RequestContext& context);

}  // namespace kiosk::mgmt
