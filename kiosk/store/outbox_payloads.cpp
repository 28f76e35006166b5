#include "kiosk/store/outbox_payloads.hpp"

#include "kiosk/core/assert.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace kiosk::store {
namespace {

namespace json = boost::json;

// The members every kind shares, in the order their schemas in docs/api/openapi.json list them.
json::object card_event_members(const CardEventFacts& facts) {
    VERIFY_MSG(facts.slot > 0, "an event payload names a slot from 1");
    json::object payload;
    payload["nik"] = std::string(facts.nik.digits());
    payload["slot"] = facts.slot;
    payload["at"] = facts.at_s;
    payload["journal_id"] = facts.journal_id ? json::value(*facts.journal_id) : json::value(nullptr);
    payload["card_serial"] = facts.card_serial ? json::value(json::string(*facts.card_serial)) : json::value(nullptr);
    payload["reason"] = facts.reason ? json::value(json::string(*facts.reason)) : json::value(nullptr);
    payload["reconciled"] = facts.reconciled;
    return payload;
}

std::string card_event_payload(const CardEventFacts& facts) {
    return json::serialize(card_event_members(facts));
}

// The shared members and the staff member's id, for the kinds staff cause.
std::string staff_card_event_payload(const CardEventFacts& facts, std::string_view staff_id) {
    VERIFY_MSG(facts.journal_id.has_value(), "a staff card event comes from a journal entry");
    VERIFY_MSG(facts.card_serial.has_value(), "a staff card event names the card's serial");
    VERIFY_MSG(!staff_id.empty(), "a staff card event names the staff member");
    json::object payload = card_event_members(facts);
    payload["staff_id"] = json::string(staff_id);
    return json::serialize(payload);
}

}  // namespace

std::string card_picked_up_payload(const CardEventFacts& facts) {
    VERIFY_MSG(facts.reason.has_value(), "card.picked_up names how the card was taken");
    return card_event_payload(facts);
}

std::string card_captured_payload(const CardEventFacts& facts) {
    return card_event_payload(facts);
}

std::string pickup_needs_check_payload(const CardEventFacts& facts) {
    VERIFY_MSG(facts.journal_id.has_value(), "pickup.needs_check comes from a journal entry");
    VERIFY_MSG(facts.reason.has_value(), "pickup.needs_check says why staff must look");
    VERIFY_MSG(facts.reconciled, "pickup.needs_check comes from start-up reconciliation");
    return card_event_payload(facts);
}

std::string card_loaded_payload(const CardEventFacts& facts, std::string_view staff_id) {
    return staff_card_event_payload(facts, staff_id);
}

std::string card_returned_payload(const CardEventFacts& facts, std::string_view staff_id) {
    VERIFY_MSG(facts.reason.has_value(), "card.returned names how the card was taken back");
    return staff_card_event_payload(facts, staff_id);
}

}  // namespace kiosk::store
