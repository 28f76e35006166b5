// Each event kind's payload builder against its documented schema (in docs/api/openapi.json):
// the members and JSON types exactly, here; and, through Debian's python3-jsonschema, full JSON Schema
// 2020-12 validation of the same payloads, with broken copies that must fail it.
#include "kiosk/store/outbox_payloads.hpp"

#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <csignal>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::store;
namespace json = boost::json;

namespace {

core::Nik nik() {
    return core::Nik::parse("3171014101900001").value();
}

// Every fact known, and every optional one unknown.
CardEventFacts full_facts(bool reconciled) {
    return CardEventFacts{nik(), 3, 1'767'225'600, 41, std::string("SN-0042"), std::string("taken"), reconciled};
}
CardEventFacts sparse_facts() {
    return CardEventFacts{nik(), 1, 1'767'225'601, std::nullopt, std::nullopt, std::nullopt, false};
}

struct Sample {
    std::string kind;
    std::string payload;
};

std::vector<Sample> samples() {
    CardEventFacts taken_without_journal = sparse_facts();
    taken_without_journal.reason = "taken";
    CardEventFacts needs_check = full_facts(true);
    needs_check.reason = "card left in the path by a power cut";
    needs_check.card_serial = std::nullopt;
    CardEventFacts loaded = full_facts(false);
    loaded.reason = std::nullopt;  // an ordinary load gives no reason
    return {
        {"card.picked_up", card_picked_up_payload(full_facts(false))},
        {"card.picked_up", card_picked_up_payload(full_facts(true))},
        {"card.picked_up", card_picked_up_payload(taken_without_journal)},
        {"card.captured", card_captured_payload(full_facts(false))},
        {"card.captured", card_captured_payload(sparse_facts())},
        {"pickup.needs_check", pickup_needs_check_payload(full_facts(true))},
        {"pickup.needs_check", pickup_needs_check_payload(needs_check)},
        {"card.loaded", card_loaded_payload(loaded, "S-001")},
        {"card.loaded", card_loaded_payload(full_facts(true), "S-001")},
        {"card.returned", card_returned_payload(full_facts(false), "NIP.1987-01_a")},
        {"card.returned", card_returned_payload(full_facts(true), "S-001")},
    };
}

// kind -> its payload's schema, from the OpenAPI document: components/x-kiosk-event-payloads names the
// schema of each kind in components/schemas.
json::object schemas() {
    std::ifstream file(KIOSK_OPENAPI_DOCUMENT);
    REQUIRE(file.good());
    const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    const json::object document = json::parse(text).as_object();
    const json::object& components = document.at("components").as_object();
    json::object by_kind;
    for (const auto& entry : components.at("x-kiosk-event-payloads").as_object())
        by_kind[entry.key()] = components.at("schemas").at(entry.value().as_string());
    return by_kind;
}

const char* json_type(const json::value& value) {
    if (value.is_null()) return "null";
    if (value.is_bool()) return "boolean";
    if (value.is_int64() || value.is_uint64()) return "integer";
    if (value.is_string()) return "string";
    return "other";
}

bool type_allows(const json::value& allowed, const char* type) {
    if (allowed.is_string()) return allowed.as_string() == type;
    for (const auto& one : allowed.as_array())
        if (one.as_string() == type) return true;
    return false;
}

}  // namespace

TEST_CASE("the kinds' names, and a schema for each kind in the document") {
    CHECK(kOutboxCardPickedUp == "card.picked_up");
    CHECK(kOutboxCardCaptured == "card.captured");
    CHECK(kOutboxPickupNeedsCheck == "pickup.needs_check");
    std::set<std::string> documented;
    for (const auto& entry : schemas()) documented.insert(std::string(entry.key()));
    CHECK(kOutboxCardLoaded == "card.loaded");
    CHECK(kOutboxCardReturned == "card.returned");
    CHECK(documented == std::set<std::string>{"card.picked_up", "card.captured", "pickup.needs_check", "card.loaded",
                                              "card.returned"});
}

TEST_CASE("each payload has exactly its schema's members, every one required, each of an allowed type") {
    const json::object documented = schemas();
    for (const Sample& sample : samples()) {
        INFO(sample.kind << ": " << sample.payload);
        const json::object& schema = documented.at(sample.kind).as_object();
        CHECK(schema.at("$schema").as_string() == "https://json-schema.org/draft/2020-12/schema");
        CHECK(schema.at("additionalProperties").as_bool() == false);
        const json::object payload = json::parse(sample.payload).as_object();
        const json::object& properties = schema.at("properties").as_object();
        std::set<std::string> members;
        for (const auto& member : payload) members.insert(std::string(member.key()));
        std::set<std::string> declared;
        for (const auto& property : properties) declared.insert(std::string(property.key()));
        std::set<std::string> required;
        for (const auto& name : schema.at("required").as_array()) required.insert(std::string(name.as_string()));
        CHECK(members == declared);
        CHECK(required == declared);
        for (const auto& member : payload) {
            INFO("member " << member.key());
            CHECK(type_allows(properties.at(member.key()).as_object().at("type"), json_type(member.value())));
        }
    }
}

TEST_CASE("the payloads' values: the facts as given, unknown ones null, the NIK but never a name") {
    const auto full = json::parse(card_picked_up_payload(full_facts(false))).as_object();
    CHECK(full.at("nik").as_string() == "3171014101900001");
    CHECK(full.at("slot").as_int64() == 3);
    CHECK(full.at("at").as_int64() == 1'767'225'600);
    CHECK(full.at("journal_id").as_int64() == 41);
    CHECK(full.at("card_serial").as_string() == "SN-0042");
    CHECK(full.at("reason").as_string() == "taken");
    CHECK(full.at("reconciled").as_bool() == false);

    const auto sparse = json::parse(card_captured_payload(sparse_facts())).as_object();
    CHECK(sparse.at("journal_id").is_null());
    CHECK(sparse.at("card_serial").is_null());
    CHECK(sparse.at("reason").is_null());
    CHECK(sparse.at("slot").as_int64() == 1);

    // Strings are escaped, whatever they hold.
    CardEventFacts odd = full_facts(true);
    odd.card_serial = "SN \"7\"\\\n\x01";
    odd.reason = "kabel \"putus\"";
    const auto escaped = json::parse(pickup_needs_check_payload(odd)).as_object();
    CHECK(escaped.at("card_serial").as_string() == "SN \"7\"\\\n\x01");
    CHECK(escaped.at("reason").as_string() == "kabel \"putus\"");
    CHECK(escaped.at("reconciled").as_bool() == true);
}

TEST_CASE("the staff kinds carry the staff member's id beside the shared members") {
    const auto loaded = json::parse(card_loaded_payload(full_facts(false), "S-001")).as_object();
    CHECK(loaded.at("staff_id").as_string() == "S-001");
    CHECK(loaded.at("journal_id").as_int64() == 41);
    CHECK(loaded.at("card_serial").as_string() == "SN-0042");
    const auto returned = json::parse(card_returned_payload(full_facts(true), "S-002")).as_object();
    CHECK(returned.at("staff_id").as_string() == "S-002");
    CHECK(returned.at("reconciled").as_bool() == true);
    // The resident's kinds do not have the member.
    CHECK_FALSE(json::parse(card_picked_up_payload(full_facts(false))).as_object().contains("staff_id"));
}

TEST_CASE("a builder given a kind's required fact missing stops the program (a programmer error)") {
    testing::SpawnOptions quiet;
    quiet.out = testing::Stream::discard;
    quiet.err = testing::Stream::discard;
    auto child = testing::require_ok(testing::ChildProcess::fork_call(
        [] {
            CardEventFacts facts = full_facts(true);
            facts.journal_id = std::nullopt;
            (void)pickup_needs_check_payload(facts);
            return 0;
        },
        quiet));
    CHECK(child.wait_exit(10'000) == 128 + SIGABRT);
    auto no_serial = testing::require_ok(testing::ChildProcess::fork_call(
        [] {
            CardEventFacts facts = full_facts(false);
            facts.card_serial = std::nullopt;
            (void)card_loaded_payload(facts, "S-001");
            return 0;
        },
        quiet));
    CHECK(no_serial.wait_exit(10'000) == 128 + SIGABRT);
    auto no_staff = testing::require_ok(testing::ChildProcess::fork_call(
        [] {
            (void)card_returned_payload(full_facts(false), "");
            return 0;
        },
        quiet));
    CHECK(no_staff.wait_exit(10'000) == 128 + SIGABRT);
}

TEST_CASE("JSON Schema 2020-12 validation (python3-jsonschema): every payload passes, broken copies fail") {
    testing::TempDir dir;
    std::ostringstream lines;
    auto line = [&lines](const std::string& kind, const json::value& payload, bool valid) {
        json::object entry;
        entry["kind"] = kind;
        entry["payload"] = payload;
        entry["valid"] = valid;
        lines << json::serialize(entry) << '\n';
    };
    for (const Sample& sample : samples()) {
        json::object payload = json::parse(sample.payload).as_object();
        line(sample.kind, payload, true);
        // Each must fail: the check is not one that passes whatever it is given.
        json::object no_nik = payload;
        no_nik.erase("nik");
        line(sample.kind, no_nik, false);
        json::object short_nik = payload;
        short_nik["nik"] = "317101410190000";
        line(sample.kind, short_nik, false);
        json::object extra = payload;
        extra["name"] = "Siti";
        line(sample.kind, extra, false);
        json::object bad_slot = payload;
        bad_slot["slot"] = 0;
        line(sample.kind, bad_slot, false);
    }
    for (const Sample& sample : samples()) {
        if (sample.kind != "card.loaded" && sample.kind != "card.returned") continue;
        json::object no_staff = json::parse(sample.payload).as_object();
        no_staff.erase("staff_id");
        line(sample.kind, no_staff, false);
        json::object odd_staff = json::parse(sample.payload).as_object();
        odd_staff["staff_id"] = "has space";
        line(sample.kind, odd_staff, false);
    }
    json::object unreconciled = json::parse(pickup_needs_check_payload(full_facts(true))).as_object();
    unreconciled["reconciled"] = false;
    line("pickup.needs_check", unreconciled, false);
    const std::string samples_path = dir.write("samples.ndjson", lines.str());
    const auto run = testing::require_ok(
        testing::run({KIOSK_SYSTEM_PYTHON, KIOSK_EVENT_PAYLOAD_CHECK, KIOSK_OPENAPI_DOCUMENT, samples_path}));
    INFO(run.out << run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("checked 64 payloads") != std::string::npos);
}
