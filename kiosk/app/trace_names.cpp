#include "kiosk/app/trace_names.hpp"

#include <array>

namespace kiosk::app {

namespace {

// In the order of the variants' alternatives (checked below).
constexpr std::array<std::string_view, 25> kEventNames = {
    "tick",          "start_pressed",          "language_selected", "keypad_digit",       "keypad_backspace",
    "keypad_clear",  "keypad_submit",          "more_time",         "back",               "cancel",
    "pickup_pressed", "card_tapped",           "record_looked_up",  "lookup_failed",      "pickup_intent_journaled",
    "pickup_step_journaled",
    "fingerprint_progress", "fingerprint_result", "slot_fetched",   "card_present_result", "card_captured",
    "chip_read_at_read_position", "device_health", "maintenance_mode",
    "store_health"};
static_assert(kEventNames.size() == std::variant_size_v<core::session::Event>);

constexpr std::array<std::string_view, 17> kCommandNames = {
    "lookup_record",      "verify_fingerprint", "cancel_fingerprint", "journal_pickup_intent", "fetch_slot",
    "read_chip_at_read_position", "present_card", "capture_card",     "journal_pickup_step",   "journal_pickup_done",
    "journal_captured",   "journal_pickup_aborted", "record_status",  "emit_outbox_event",     "alert_operator",
    "persist_lock_book",  "wipe_session"};
static_assert(kCommandNames.size() == std::variant_size_v<core::session::Command>);

}  // namespace

std::string_view event_name(const core::session::Event& event) { return kEventNames.at(event.index()); }
std::string_view command_name(const core::session::Command& command) { return kCommandNames.at(command.index()); }

}  // namespace kiosk::app
