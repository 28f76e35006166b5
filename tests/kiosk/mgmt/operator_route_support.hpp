// Support for the operator routes' handler tests: a request with a query and a body, its context, and
// the body of a JSON answer.
#pragma once

#include "kiosk/mgmt/route_table.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <string>

namespace kiosk::mgmt::test {

struct Call {
    Request request;
    Caller caller{Role::operator_, "ops-laptop"};
    std::string path;
    std::string query;

    explicit Call(http::verb method, std::string path_, std::string query_ = {}, std::string body = {},
                  std::string content_type = {})
        : request(method, path_ + (query_.empty() ? "" : "?" + query_), 11),
          path(std::move(path_)),
          query(std::move(query_)) {
        if (!content_type.empty()) request.set(http::field::content_type, content_type);
        request.body() = std::move(body);
        request.prepare_payload();
    }
    [[nodiscard]] RequestContext context() const { return {request, caller, path, query}; }
};

inline boost::json::object body_of(const Response& response) {
    return boost::json::parse(response.body()).as_object();
}

// A problem answer's type slug ("invalid-query-parameter").
inline std::string problem_slug(const Response& response) {
    REQUIRE(response[http::field::content_type] == "application/problem+json");
    const std::string type(body_of(response).at("type").as_string());
    return type.substr(type.rfind('/') + 1);
}

}  // namespace kiosk::mgmt::test
