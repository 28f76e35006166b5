#include "kiosk/mgmt/problem.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <set>

using namespace kiosk::mgmt;

TEST_CASE("a problem is application/problem+json with type, title, status and detail") {
    const Response response = problem(ProblemKind::forbidden, "this route needs the \"operator\" role\n", 11, true);
    CHECK(response.result() == http::status::forbidden);
    CHECK(response[http::field::content_type] == "application/problem+json");
    CHECK(response.keep_alive());
    const auto body = boost::json::parse(response.body()).as_object();  // escaped, so it parses
    CHECK(body.at("type").as_string() == "https://ktp-kiosk.example/problems/forbidden");
    CHECK(body.at("status").as_int64() == 403);
    CHECK(body.at("detail").as_string() == "this route needs the \"operator\" role\n");
    CHECK_FALSE(body.at("title").as_string().empty());
}

TEST_CASE("every kind has its own type URI and an error status") {
    std::set<std::string> uris;
    for (const auto kind :
         {ProblemKind::bad_request, ProblemKind::unauthenticated, ProblemKind::forbidden, ProblemKind::not_found,
          ProblemKind::method_not_allowed, ProblemKind::conflict, ProblemKind::payload_too_large,
          ProblemKind::unsupported_media, ProblemKind::header_too_large, ProblemKind::unavailable, ProblemKind::internal,
          ProblemKind::records_import_failed, ProblemKind::too_many_requests}) {
        uris.insert(problem_type_uri(kind));
        CHECK(static_cast<int>(problem_status(kind)) >= 400);
    }
    CHECK(uris.size() == 13);
    CHECK(problem_status(ProblemKind::too_many_requests) == http::status::too_many_requests);
    CHECK(problem_status(ProblemKind::header_too_large) == http::status::request_header_fields_too_large);
    CHECK(problem_status(ProblemKind::unauthenticated) == http::status::unauthorized);
}

TEST_CASE("the operator routes' kinds: each its own type, a 400, extension members beside the standard ones") {
    std::set<std::string> uris;
    for (const auto kind : {ProblemKind::invalid_query_parameter, ProblemKind::config_key_unknown,
                            ProblemKind::config_key_not_live, ProblemKind::invalid_config_value}) {
        uris.insert(problem_type_uri(kind));
        CHECK(problem_status(kind) == http::status::bad_request);
    }
    CHECK(uris.size() == 4);
    CHECK(problem_type_uri(ProblemKind::config_key_not_live) ==
          "https://ktp-kiosk.example/problems/config-key-not-live");
    const Response response =
        problem(ProblemKind::invalid_config_value, "session.idle_timeout_s: must be between 10 and 600, got 5",
                boost::json::object{{"key", "session.idle_timeout_s"}, {"status", 999}});
    const auto body = boost::json::parse(response.body()).as_object();
    CHECK(body.at("key").as_string() == "session.idle_timeout_s");
    CHECK(body.at("status").as_int64() == 400);  // the standard members win over an extension's
    CHECK(body.at("detail").as_string() == "session.idle_timeout_s: must be between 10 and 600, got 5");
}
