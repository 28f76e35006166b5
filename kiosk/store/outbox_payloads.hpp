// The outbox's event kinds and the one payload builder of each (STYLE.md 11: one payload schema per
// event kind). Every writer of an event (the pickup journal's closings, the session's own events in
// kiosk/app/store_service.cpp) builds its payload here, so the two cannot drift apart again.
//
// The schemas are documented, as JSON Schema 2020-12, in docs/api/openapi.json (components/schemas,
// named by components/x-kiosk-event-payloads); a change here
// is a change there (tests/kiosk/store/outbox_payloads_test.cpp checks both). Every member is always
// present; a fact the writer does not know is null, never left out.
//
// Personal data: a payload carries the resident's NIK, the record's key at the central system, which
// owns that data; the payload goes to the central system only and never into a log. No name, no
// template, ever.
#pragma once

#include "kiosk/core/nik.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::store {

// The kinds.
inline constexpr std::string_view kOutboxCardPickedUp = "card.picked_up";          // the resident took the card
inline constexpr std::string_view kOutboxCardCaptured = "card.captured";           // the card went to the capture bin
inline constexpr std::string_view kOutboxPickupNeedsCheck = "pickup.needs_check";  // staff must look: unsettled
inline constexpr std::string_view kOutboxCardLoaded = "card.loaded";               // staff loaded the card into a slot
inline constexpr std::string_view kOutboxCardReturned = "card.returned";  // staff took an uncollected card back

// What the central system learns of a card that entered or left its slot, or of a pickup that could
// not be settled.
struct CardEventFacts {
    core::Nik nik;                           // the record's key at the central system
    std::int64_t slot = 0;                   // the dispenser slot, from 1
    std::int64_t at_s = 0;                   // unix seconds: when the kiosk recorded the outcome
    std::optional<std::int64_t> journal_id;  // the pickup journal's entry; nullopt: the session's own event
    std::optional<std::string> card_serial;  // the serial of the card loaded in the slot; nullopt: unknown
    std::optional<std::string> reason;       // a code ("taken", "not_taken", ...) or reconciliation's words
    bool reconciled = false;                 // settled by start-up reconciliation after a power cut
};

// The payload of each kind as a JSON text (Boost.JSON escapes every string). A fact a kind requires
// that is missing is a programmer error (VERIFY): card.picked_up and pickup.needs_check need a
// reason; pickup.needs_check needs a journal id and is always reconciled. card.loaded and
// card.returned, the kinds staff cause, carry one member more, the staff member's id, and need a
// journal id (the load journal's and the pickup journal's entry) and a card serial; card.returned a
// reason too.
[[nodiscard]] std::string card_picked_up_payload(const CardEventFacts& facts);
[[nodiscard]] std::string card_captured_payload(const CardEventFacts& facts);
[[nodiscard]] std::string pickup_needs_check_payload(const CardEventFacts& facts);
[[nodiscard]] std::string card_loaded_payload(const CardEventFacts& facts, std::string_view staff_id);
[[nodiscard]] std::string card_returned_payload(const CardEventFacts& facts, std::string_view staff_id);

}  // namespace kiosk::store
