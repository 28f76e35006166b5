// PUT /api/v1/records without sockets: the route's sink over a fake import.
#include "kiosk/mgmt/records_route.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include "kiosk/mgmt/problem.hpp"

using namespace kiosk::mgmt;

namespace {

struct FakeLog {
    std::string fed;
    std::string started_for;
    int finished = 0;
    int aborted = 0;
    bool fail_start = false;
    bool fail_feed = false;
    RecordsImportOutcome outcome;
};

class FakeImport final : public RecordsImport {
public:
    explicit FakeImport(FakeLog& log) : log_(log) {}
    kiosk::Status feed(std::string_view bytes) override {
        if (log_.fail_feed) return kiosk::fail("store.import", "disk I/O error");
        log_.fed += bytes;
        return {};
    }
    kiosk::Result<RecordsImportOutcome> finish() override {
        ++log_.finished;
        return log_.outcome;
    }
    void abort() override { ++log_.aborted; }

private:
    FakeLog& log_;
};

struct RouteRig {
    RouteRig() {
        add_records_routes(routes, [this](const Caller& who) -> kiosk::Result<std::unique_ptr<RecordsImport>> {
            log.started_for = who.name;
            if (log.fail_start) return kiosk::fail("store.open", "unable to open database file");
            return std::unique_ptr<RecordsImport>(std::make_unique<FakeImport>(log));
        });
    }
    kiosk::Result<std::unique_ptr<BodySink>, Response> open(const std::string& content_type) {
        const RouteMatch match = routes.match(http::verb::put, "/api/v1/records");
        REQUIRE(match.kind == RouteMatch::Kind::found);
        CHECK(match.route->role == Role::central);
        REQUIRE(match.route->open_sink);
        request = Request{http::verb::put, "/api/v1/records", 11};
        if (!content_type.empty()) request.set(http::field::content_type, content_type);
        return match.route->open_sink(RequestContext{request, caller, "/api/v1/records", ""});
    }
    RouteTable routes;
    FakeLog log;
    Request request;
    Caller caller{Role::central, "dukcapil-sync"};
};

std::string problem_type(const Response& response) {
    return std::string(boost::json::parse(response.body()).as_object().at("type").as_string());
}

}  // namespace

TEST_CASE("the records route feeds the body to an import opened for its caller and answers its counts") {
    RouteRig rig;
    rig.log.outcome = {10, 4, 2, {{3, "malformed JSON (syntax error)"}, {7, "field 'nik': missing"}}};
    auto sink = rig.open("application/x-ndjson; charset=utf-8");
    REQUIRE(sink.ok());
    CHECK(rig.log.started_for == "dukcapil-sync");
    REQUIRE(sink.value()->feed("{\"a\":").ok());
    REQUIRE(sink.value()->feed("1}\n").ok());
    CHECK(rig.log.fed == "{\"a\":1}\n");
    const Response response = sink.value()->finish();
    CHECK(response.result() == http::status::ok);
    CHECK(response[http::field::content_type] == "application/json");
    const auto body = boost::json::parse(response.body()).as_object();
    CHECK(body.at("imported").as_int64() == 10);
    CHECK(body.at("unchanged").as_int64() == 4);
    CHECK(body.at("bad_lines").as_int64() == 2);
    const auto& listed = body.at("first_bad_lines").as_array();
    REQUIRE(listed.size() == 2);
    CHECK(listed[1].as_object().at("line").as_int64() == 7);
    CHECK(listed[1].as_object().at("reason").as_string() == "field 'nik': missing");
}

TEST_CASE("a body that is not NDJSON is refused before an import is opened") {
    RouteRig rig;
    for (const char* type : {"", "application/json", "application/x-ndjsonx", "text/plain"}) {
        CAPTURE(type);
        auto sink = rig.open(type);
        REQUIRE_FALSE(sink.ok());
        CHECK(sink.error().result() == http::status::unsupported_media_type);
        CHECK(problem_type(sink.error()) == problem_type_uri(ProblemKind::unsupported_media));
    }
    CHECK(rig.log.started_for.empty());
    CHECK(rig.open("Application/X-NDJSON").ok());
}

TEST_CASE("a database failure at the start or in a feed is a 503 records-import-failed that invites a resend") {
    RouteRig rig;
    rig.log.fail_start = true;
    auto refused = rig.open("application/x-ndjson");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().result() == http::status::service_unavailable);
    CHECK(problem_type(refused.error()) == problem_type_uri(ProblemKind::records_import_failed));
    CHECK(refused.error()[http::field::retry_after] == "30");

    rig.log.fail_start = false;
    rig.log.fail_feed = true;
    auto sink = rig.open("application/x-ndjson");
    REQUIRE(sink.ok());
    auto fed = sink.value()->feed("x");
    REQUIRE_FALSE(fed.ok());
    CHECK(problem_type(fed.error()) == problem_type_uri(ProblemKind::records_import_failed));
    // Its detail is the kiosk's words, not the store's.
    CHECK(fed.error().body().find("disk I/O") == std::string::npos);
}

TEST_CASE("an aborted body aborts the import; the list of bad lines is bounded") {
    RouteRig rig;
    auto sink = rig.open("application/x-ndjson");
    REQUIRE(sink.ok());
    sink.value()->abort();
    CHECK(rig.log.aborted == 1);
    CHECK(rig.log.finished == 0);

    RecordsImportOutcome many;
    many.bad_lines = 1000;
    for (std::int64_t i = 1; i <= 1000; ++i) many.first_bad_lines.push_back({i, "not a JSON object"});
    const auto body = boost::json::parse(records_outcome_json(many)).as_object();
    CHECK(body.at("first_bad_lines").as_array().size() == kBadLinesListedMax);
    CHECK(body.at("bad_lines").as_int64() == 1000);
}
