// The event feed over a real database file, on its own connection beside the UI thread's, through
// the management handlers as the central system calls them (no socket).
#include "kiosk/app/event_feed.hpp"

#include "kiosk/core/hex.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/app/in_kiosk_resident.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

using namespace kiosk;
using kiosk::testing::require_ok;
namespace json = boost::json;

namespace {

const core::Nik kResident = core::Nik::parse("3171014101900001").value();

struct Rig {
    testing::TempDir dir;
    std::string path = dir.file("kiosk.db");
    store::Database ui = require_ok(store::open_store(path, {}));  // the UI thread's connection
    std::int64_t now_s = 1'767'225'600;
    std::unique_ptr<app::StoreEventFeed> feed;
    mgmt::Caller central{mgmt::Role::central, "dukcapil-sync"};

    explicit Rig(std::string kiosk_id = "kiosk-07", std::int64_t retention_s = app::kEventRetention_s) {
        feed =
            require_ok(app::StoreEventFeed::open(path, {std::move(kiosk_id), retention_s, [this] { return now_s; }}));
    }

    json::object get(const std::string& query) {
        const mgmt::Request request{mgmt::http::verb::get, "/api/v1/events?" + query, 11};
        const mgmt::Response response = mgmt::handle_events_page({request, central, "/api/v1/events", query}, *feed);
        REQUIRE(response.result() == mgmt::http::status::ok);
        return json::parse(response.body()).as_object();
    }
    json::object ack(const std::vector<std::string>& ids) {
        std::string body = R"({"ids": [)";
        for (std::size_t i = 0; i < ids.size(); ++i) body += (i ? ",\"" : "\"") + ids[i] + "\"";
        body += "]}";
        mgmt::Request request{mgmt::http::verb::post, "/api/v1/events/ack", 11};
        request.set(mgmt::http::field::content_type, "application/json");
        request.body() = body;
        const mgmt::Response response = mgmt::handle_events_ack({request, central, "/api/v1/events/ack", ""}, *feed);
        REQUIRE(response.result() == mgmt::http::status::ok);
        return json::parse(response.body()).as_object();
    }
    std::int64_t count(const std::string& sql) { return require_ok(ui.query_int(sql, "test.count")); }
    std::int64_t enqueue(int n) {
        return require_ok(store::Outbox(ui).enqueue("card.captured", R"({"n":)" + std::to_string(n) + "}", now_s));
    }
};

std::vector<std::string> ids_in(const json::object& page) {
    std::vector<std::string> ids;
    for (const auto& event : page.at("events").as_array()) ids.emplace_back(event.as_object().at("id").as_string());
    return ids;
}

}  // namespace

TEST_CASE("an empty feed: no events, the cursor stays at 0, and the file's audit head is there") {
    Rig rig;
    const auto page = rig.get("");
    CHECK(page.at("events").as_array().empty());
    CHECK(page.at("next_cursor").as_int64() == 0);
    CHECK(page.at("more").as_bool() == false);
    CHECK(page.at("oldest_unacknowledged_cursor").is_null());
    const store::AuditHead head = require_ok(store::AuditLog(rig.ui).head());
    CHECK(head.id >= 1);  // open_store's schema.migrate row
    const auto& sent = page.at("audit_head").as_object();
    CHECK(sent.at("id").as_int64() == head.id);
    CHECK(sent.at("hash").as_string() == core::format_hex_bytes(head.hash, core::HexCase::lower));
    CHECK(sent.at("hash").as_string().size() == 64);
}

TEST_CASE("a pickup's event, pulled and acknowledged as the central system does; the ack audited by name") {
    // The kiosk's id goes into each page as JSON, however it is spelled (Boost.JSON escapes it).
    const std::string kiosk_id = "lobby \"A\"\\1\n\x01";
    Rig rig(kiosk_id);
    app::test::add_in_kiosk_resident(rig.ui, kResident, 2);
    store::PickupJournal journal(rig.ui);
    const auto entry = require_ok(journal.begin(kResident, 2, rig.now_s));
    for (auto step : {store::PickupState::fetched, store::PickupState::chip_verified, store::PickupState::presenting})
        REQUIRE(journal.step(entry, step, rig.now_s).ok());
    REQUIRE(journal.done(entry, rig.now_s).ok());

    const auto page = rig.get("after=0&limit=10");
    CHECK(page.at("kiosk_id").as_string() == kiosk_id);
    const auto& events = page.at("events").as_array();
    REQUIRE(events.size() == 1);
    const auto& event = events[0].as_object();
    CHECK(event.at("kind").as_string() == "card.picked_up");
    CHECK(event.at("acknowledged_at").is_null());
    const auto& payload = event.at("payload").as_object();
    CHECK(payload.at("nik").as_string() == "3171014101900001");
    CHECK(payload.at("slot").as_int64() == 2);
    CHECK(payload.at("journal_id").as_int64() == entry);
    CHECK(payload.at("card_serial").as_string() == "SERIAL1");
    CHECK(page.at("oldest_unacknowledged_cursor").as_int64() == event.at("cursor").as_int64());
    const std::int64_t head_before = page.at("audit_head").as_object().at("id").as_int64();
    CHECK(head_before == require_ok(store::AuditLog(rig.ui).head()).id);

    rig.now_s += 5;
    const auto acked = rig.ack(ids_in(page));
    CHECK(acked.at("acknowledged").as_int64() == 1);
    CHECK(rig.count("SELECT count(*) FROM audit WHERE actor = 'central:dukcapil-sync' AND action = 'events.ack'") == 1);
    // Seen from the UI's connection: acknowledged, and the audit chain still whole.
    CHECK(require_ok(store::Outbox(rig.ui).pending_count()) == 0);
    CHECK_FALSE(require_ok(store::AuditLog(rig.ui).verify()).first_break.has_value());

    // The ack moved the audit head; the event stays in the feed, acknowledged, for the retention period.
    const auto again = rig.get("after=0");
    CHECK(again.at("audit_head").as_object().at("id").as_int64() == head_before + 1);
    REQUIRE(again.at("events").as_array().size() == 1);
    CHECK(again.at("events").as_array()[0].as_object().at("acknowledged_at").as_int64() == rig.now_s);
    CHECK(again.at("events").as_array()[0].as_object().at("id") == event.at("id"));
    CHECK(again.at("oldest_unacknowledged_cursor").is_null());
    const auto after = rig.get("after=" + std::to_string(page.at("next_cursor").as_int64()));
    CHECK(after.at("events").as_array().empty());
    // Acknowledging it again is fine, and changes nothing.
    CHECK(rig.ack(ids_in(page)).at("already_acknowledged").as_int64() == 1);
    CHECK(rig.count("SELECT count(*) FROM audit WHERE action = 'events.ack'") == 1);
}

TEST_CASE("events the UI writes meanwhile appear on the next page, paged by the cursor") {
    Rig rig;
    for (int n = 1; n <= 5; ++n) rig.enqueue(n);
    const auto first = rig.get("limit=3");
    CHECK(first.at("events").as_array().size() == 3);
    CHECK(first.at("more").as_bool() == true);
    rig.enqueue(6);
    const auto second = rig.get("after=" + std::to_string(first.at("next_cursor").as_int64()) + "&limit=3");
    REQUIRE(second.at("events").as_array().size() == 3);
    CHECK(second.at("more").as_bool() == false);
    CHECK(second.at("events").as_array()[2].as_object().at("payload").as_object().at("n").as_int64() == 6);
}

TEST_CASE("acknowledged events are purged once the retention period has passed, unacknowledged ones never") {
    Rig rig("kiosk-07", 100);
    for (int n = 1; n <= 3; ++n) rig.enqueue(n);
    const auto ids = ids_in(rig.get(""));
    REQUIRE(ids.size() == 3);
    rig.now_s = 1000;
    rig.ack({ids[0]});
    rig.now_s = 1050;
    rig.ack({ids[1]});
    CHECK(rig.count("SELECT count(*) FROM outbox") == 3);  // neither acknowledged 100 s ago yet
    rig.now_s = 1100;
    rig.ack({});  // every ack purges what is due: acknowledged at or before 1000
    CHECK(ids_in(rig.get("")) == std::vector<std::string>{ids[1], ids[2]});
    CHECK(rig.count("SELECT count(*) FROM audit WHERE action = 'events.purge' AND detail LIKE 'events=1 %'") == 1);
    rig.now_s = 1'000'000;
    CHECK(rig.ack({ids[0]}).at("unknown").as_int64() == 1);  // purged: unknown, not an error
    CHECK(ids_in(rig.get("")) == std::vector<std::string>{ids[2]});
    CHECK(rig.count("SELECT count(*) FROM outbox WHERE acked_at IS NULL") == 1);
}
