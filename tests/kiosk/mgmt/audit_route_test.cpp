// GET /api/v1/audit as a plain function over hand-made rows: paging, the chain's verdict, masking,
// refusals.
#include "kiosk/mgmt/audit_route.hpp"

#include "tests/kiosk/mgmt/operator_route_support.hpp"

#include <regex>

using namespace kiosk;
using namespace kiosk::mgmt;
using namespace kiosk::mgmt::test;

namespace {

// Rows 1..count; answers a page as the store does.
struct FakeAudit final : AuditSource {
    std::int64_t count = 5;
    AuditChainCheck chain{5, std::nullopt, ""};
    std::string detail_of_3 = "slot=3";
    std::int64_t asked_after = -1;
    std::int64_t asked_limit = -1;
    bool broken_store = false;

    Result<AuditRows> rows_after(std::int64_t after_id, std::int64_t limit) override {
        asked_after = after_id;
        asked_limit = limit;
        if (broken_store) return fail("store.audit.page", "disk I/O error (SQLITE_IOERR)");
        AuditRows rows;
        for (std::int64_t id = after_id + 1; id <= count && static_cast<std::int64_t>(rows.rows.size()) < limit; ++id)
            rows.rows.push_back(
                {id, 1'767'225'600 + id, "kiosk:kiosk-01", "pickup.done", id == 3 ? detail_of_3 : "slot=1"});
        rows.more = !rows.rows.empty() && rows.rows.back().id < count;
        rows.chain = chain;
        return rows;
    }
};

Response get(FakeAudit& source, std::string query = {}) {
    return handle_audit(Call(http::verb::get, "/api/v1/audit", std::move(query)).context(), source);
}

}  // namespace

TEST_CASE("audit: pages after a cursor, with the next cursor and whether more follow") {
    FakeAudit source;
    const Response first = get(source, "limit=2");
    REQUIRE(first.result() == http::status::ok);
    CHECK(first[http::field::cache_control] == "no-store");
    CHECK(source.asked_after == 0);
    CHECK(source.asked_limit == 2);
    auto body = body_of(first);
    const auto& entries = body.at("entries").as_array();
    REQUIRE(entries.size() == 2);
    const auto& row = entries.at(0).as_object();
    CHECK(row.at("id").as_int64() == 1);
    CHECK(row.at("at_unix_s").as_int64() == 1'767'225'601);
    CHECK(row.at("actor").as_string() == "kiosk:kiosk-01");
    CHECK(row.at("action").as_string() == "pickup.done");
    CHECK(row.at("detail").as_string() == "slot=1");
    CHECK(body.at("next_after").as_int64() == 2);
    CHECK(body.at("more").as_bool());

    body = body_of(get(source, "after=4&limit=2"));
    CHECK(body.at("entries").as_array().size() == 1);
    CHECK(body.at("next_after").as_int64() == 5);
    CHECK_FALSE(body.at("more").as_bool());

    // Past the end: an empty page keeps the cursor.
    body = body_of(get(source, "after=9"));
    CHECK(body.at("entries").as_array().empty());
    CHECK(body.at("next_after").as_int64() == 9);
    CHECK(source.asked_limit == kAuditPageDefault);
}

TEST_CASE("audit: the whole chain's verdict rides on every page") {
    FakeAudit source;
    auto chain = body_of(get(source)).at("chain").as_object();
    CHECK(chain.at("intact").as_bool());
    CHECK(chain.at("rows").as_int64() == 5);
    CHECK(chain.at("first_break").is_null());

    source.chain = {5, 3, "hash does not match its content"};
    chain = body_of(get(source, "after=4")).at("chain").as_object();
    CHECK_FALSE(chain.at("intact").as_bool());
    CHECK(chain.at("first_break").as_object().at("id").as_int64() == 3);
    CHECK(chain.at("first_break").as_object().at("reason").as_string() == "hash does not match its content");
}

TEST_CASE("audit: a NIK typed into a detail leaves masked") {
    FakeAudit source;
    source.detail_of_3 = "checked 3171014101900001 and 3171 0141 0190 0002, card 12345678901234567890";
    const Response response = get(source);
    CHECK_FALSE(std::regex_search(response.body(), std::regex("[0-9]{16}")));
    const auto body = body_of(response);
    const auto& row = body.at("entries").as_array().at(2).as_object();
    CHECK(row.at("detail").as_string() == "checked 3171 **** **** 0001 and 3171 **** **** 0002, card [redacted]");
}

TEST_CASE("mask_nik_runs: 16 digits alone or grouped; shorter runs stay; longer ones go") {
    CHECK(mask_nik_runs("") == "");
    CHECK(mask_nik_runs("journal=12 slot=3") == "journal=12 slot=3");
    CHECK(mask_nik_runs("3171014101900001") == "3171 **** **** 0001");
    CHECK(mask_nik_runs("nik=3171-0141-0190-0001.") == "nik=3171 **** **** 0001.");
    CHECK(mask_nik_runs("31710141019000012") == "[redacted]");
    CHECK(mask_nik_runs("317101410190000") == "317101410190000");  // 15 digits: not a NIK
    CHECK(mask_nik_runs("a 1 2 b") == "a 1 2 b");
    CHECK(mask_nik_runs("1767225600 - 42") == "1767225600 - 42");  // separators count only between digits
}

TEST_CASE("audit: bad paging values are refused, naming the parameter; a store failure is a 503") {
    FakeAudit source;
    for (const char* query : {"limit=0", "limit=1001", "limit=ten", "after=-1", "after=1&after=2", "offset=3"}) {
        CAPTURE(query);
        const Response refused = get(source, query);
        CHECK(refused.result() == http::status::bad_request);
        CHECK(problem_slug(refused) == "invalid-query-parameter");
        const std::string expected = std::string(query).substr(0, std::string(query).find('='));
        CHECK(body_of(refused).at("parameter").as_string() == expected);
    }
    source.broken_store = true;
    CHECK(get(source).result() == http::status::service_unavailable);
}
