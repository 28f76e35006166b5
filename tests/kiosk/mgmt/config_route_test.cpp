// GET and PATCH /api/v1/config as plain functions over a fake source: media type, body shape, each
// refusal's problem and key.
#include "kiosk/mgmt/config_route.hpp"

#include "tests/kiosk/mgmt/operator_route_support.hpp"

using namespace kiosk;
using namespace kiosk::mgmt;
using namespace kiosk::mgmt::test;
namespace json = boost::json;

namespace {

struct FakeConfig final : ConfigSource {
    json::object current{{"session", json::object{{"idle_timeout_s", 60}}}};
    std::optional<ConfigPatchError> refuse;
    std::optional<json::object> patched_with;
    std::string patched_by;

    json::object effective() override { return current; }
    Result<json::object, ConfigPatchError> patch(const json::object& merge_patch, const Caller& caller) override {
        patched_with = merge_patch;
        patched_by = caller.name;
        if (refuse) return fail(*refuse);
        current = merge_patch;
        return current;
    }
};

Response patch(FakeConfig& source, std::string body, std::string content_type = "application/merge-patch+json") {
    return handle_config_patch(
        Call(http::verb::patch, "/api/v1/config", {}, std::move(body), std::move(content_type)).context(), source);
}

}  // namespace

TEST_CASE("config: GET answers the effective configuration") {
    FakeConfig source;
    const Response response = handle_config_get(Call(http::verb::get, "/api/v1/config").context(), source);
    REQUIRE(response.result() == http::status::ok);
    CHECK(response[http::field::cache_control] == "no-store");
    CHECK(body_of(response) == source.current);
    const Response bad = handle_config_get(Call(http::verb::get, "/api/v1/config", "section=kiosk").context(), source);
    CHECK(problem_slug(bad) == "invalid-query-parameter");
}

TEST_CASE("config: PATCH hands the merge patch and the caller to the source and answers the result") {
    FakeConfig source;
    const Response response =
        patch(source, R"({"session": {"idle_timeout_s": 90}})", "Application/Merge-Patch+JSON; charset=utf-8");
    REQUIRE(response.result() == http::status::ok);
    REQUIRE(source.patched_with.has_value());
    CHECK(source.patched_with->at("session").as_object().at("idle_timeout_s").as_int64() == 90);
    CHECK(source.patched_by == "ops-laptop");
    CHECK(body_of(response).at("session").as_object().at("idle_timeout_s").as_int64() == 90);
}

TEST_CASE("config: the body must be a JSON object sent as a merge patch") {
    FakeConfig source;
    const Response as_json = patch(source, R"({"session": {}})", "application/json");
    CHECK(as_json.result() == http::status::unsupported_media_type);
    CHECK(problem_slug(as_json) == "unsupported-media-type");
    CHECK(patch(source, R"({"session": {}})", "").result() == http::status::unsupported_media_type);

    const Response not_json = patch(source, R"({"session": )");
    CHECK(not_json.result() == http::status::bad_request);
    CHECK(problem_slug(not_json) == "bad-request");

    for (const char* body : {"[]", "42", "\"session\"", "null"}) {
        CAPTURE(body);
        const Response not_object = patch(source, body);
        CHECK(not_object.result() == http::status::bad_request);
        CHECK(problem_slug(not_object) == "bad-request");
        CHECK(std::string(body_of(not_object).at("detail").as_string()).find("JSON object") != std::string::npos);
    }
    CHECK_FALSE(source.patched_with.has_value());  // nothing reached the source
}

TEST_CASE("config: each refusal is its own problem, naming the key, in the kiosk's words") {
    FakeConfig source;
    struct Case {
        ConfigPatchError::Kind kind;
        const char* slug;
    };
    for (const Case c : {Case{ConfigPatchError::Kind::key_unknown, "config-key-unknown"},
                         Case{ConfigPatchError::Kind::key_not_live, "config-key-not-live"},
                         Case{ConfigPatchError::Kind::invalid_value, "invalid-config-value"}}) {
        CAPTURE(c.slug);
        source.refuse = ConfigPatchError{c.kind, "session.idle_timeout_s",
                                         "session.idle_timeout_s: must be between 10 and 600, got 5"};
        const Response refused = patch(source, R"({"session": {"idle_timeout_s": 5}})");
        CHECK(refused.result() == http::status::bad_request);
        CHECK(problem_slug(refused) == c.slug);
        const auto body = body_of(refused);
        CHECK(body.at("key").as_string() == "session.idle_timeout_s");
        CHECK(body.at("detail").as_string() == "session.idle_timeout_s: must be between 10 and 600, got 5");
    }
    source.refuse = ConfigPatchError{ConfigPatchError::Kind::not_stored, "", "store.audit.append: database is locked"};
    const Response unstored = patch(source, R"({"session": {"idle_timeout_s": 90}})");
    CHECK(unstored.result() == http::status::service_unavailable);
    CHECK(problem_slug(unstored) == "unavailable");
}

TEST_CASE("config: GET and PATCH are the operator's; PATCH takes a bounded body") {
    FakeConfig source;
    RouteTable routes;
    add_config_routes(routes, source);
    const auto get_route = routes.match(http::verb::get, "/api/v1/config");
    REQUIRE(get_route.kind == RouteMatch::Kind::found);
    CHECK(get_route.route->role == Role::operator_);
    CHECK(get_route.route->body_limit_bytes == 0);
    const auto patch_route = routes.match(http::verb::patch, "/api/v1/config");
    REQUIRE(patch_route.kind == RouteMatch::Kind::found);
    CHECK(patch_route.route->role == Role::operator_);
    CHECK(patch_route.route->body_limit_bytes == kConfigPatchBodyMax);
}
