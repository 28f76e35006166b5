#include "kiosk/app/trace_names.hpp"

#include <array>

namespace kiosk::app {

namespace {

// In the order of the variants' alternatives (checked below).
constexpr std::array<std::string_view, 25> kEventNames = {"tick",
                                                          "start_pressed",
                                                          "language_selected",
                                                          "keypad_digit",
                                                          "keypad_backspace",
                                                          "keypad_clear",
                                                          "keypad_submit",
                                                          "more_time",
                                                          "back",
                                                          "cancel",
                                                          "pickup_pressed",
                                                          "card_tapped",
                                                          "record_looked_up",
                                                          "lookup_failed",
                                                          "pickup_intent_journaled",
                                                          "pickup_step_journaled",
                                                          "fingerprint_progress",
                                                          "fingerprint_result",
                                                          "slot_fetched",
                                                          "card_present_result",
                                                          "card_captured",
                                                          "chip_read_at_read_position",
                                                          "device_health",
                                                          "maintenance_mode",
                                                          "store_health"};
static_assert(kEventNames.size() == std::variant_size_v<core::session::Event>);

constexpr std::array<std::string_view, 17> kCommandNames = {
    "lookup_record",       "verify_fingerprint",         "cancel_fingerprint", "journal_pickup_intent",
    "fetch_slot",          "read_chip_at_read_position", "present_card",       "capture_card",
    "journal_pickup_step", "journal_pickup_done",        "journal_captured",   "journal_pickup_aborted",
    "record_status",       "emit_outbox_event",          "alert_operator",     "persist_lock_book",
    "wipe_session"};
static_assert(kCommandNames.size() == std::variant_size_v<core::session::Command>);

// The staff machine's, likewise (kiosk/core/staff).
constexpr std::array<std::string_view, 47> kStaffEventNames = {"tick",
                                                               "more_time",
                                                               "language_selected",
                                                               "staff_card_presented",
                                                               "staff_card_removed",
                                                               "staff_looked_up",
                                                               "pin_digit",
                                                               "pin_backspace",
                                                               "pin_clear",
                                                               "pin_submit",
                                                               "staff_pin_checked",
                                                               "exit_pressed",
                                                               "back_pressed",
                                                               "confirm_pressed",
                                                               "store_request_failed",
                                                               "task_chosen",
                                                               "staff_overview",
                                                               "loading_done_pressed",
                                                               "loading_ready",
                                                               "card_inserted",
                                                               "loading_stopped",
                                                               "load_chip_read",
                                                               "load_checked",
                                                               "load_journaled",
                                                               "card_stored_in_slot",
                                                               "card_returned_to_mouth",
                                                               "card_captured",
                                                               "slot_fault_marked",
                                                               "uncollected_listed",
                                                               "take_back_pressed",
                                                               "return_journaled",
                                                               "fetched_for_return",
                                                               "return_chip_read",
                                                               "card_presented_to_staff",
                                                               "bin_listed",
                                                               "bin_emptied_pressed",
                                                               "bin_counter_reset",
                                                               "bin_emptied_recorded",
                                                               "checks_listed",
                                                               "resolution_chosen",
                                                               "resolved",
                                                               "service_chosen",
                                                               "in_service_set",
                                                               "self_test_chosen",
                                                               "self_test_done",
                                                               "inventory_audit_chosen",
                                                               "inventory_audited"};
static_assert(kStaffEventNames.size() == std::variant_size_v<core::staff::Event>);
constexpr std::array<std::string_view, 35> kStaffCommandNames = {"lookup_staff",
                                                                 "verify_staff_pin",
                                                                 "audit_staff",
                                                                 "end_staff_mode",
                                                                 "read_staff_overview",
                                                                 "begin_loading",
                                                                 "await_inserted_card",
                                                                 "stop_loading",
                                                                 "read_chip_for_load",
                                                                 "check_loadable",
                                                                 "journal_load_intent",
                                                                 "store_card_in_slot",
                                                                 "journal_load_stored",
                                                                 "journal_load_done",
                                                                 "journal_load_aborted",
                                                                 "return_card_to_mouth",
                                                                 "capture_card",
                                                                 "mark_slot_fault",
                                                                 "list_uncollected",
                                                                 "journal_return_intent",
                                                                 "fetch_for_return",
                                                                 "read_chip_for_return",
                                                                 "journal_return_step",
                                                                 "present_to_staff",
                                                                 "journal_returned",
                                                                 "journal_return_captured",
                                                                 "journal_return_aborted",
                                                                 "list_bin",
                                                                 "reset_bin_counter",
                                                                 "record_bin_emptied",
                                                                 "list_checks",
                                                                 "resolve",
                                                                 "set_in_service",
                                                                 "run_self_test",
                                                                 "audit_inventory"};
static_assert(kStaffCommandNames.size() == std::variant_size_v<core::staff::Command>);

}  // namespace

std::string_view staff_event_name(const core::staff::Event& event) {
    return kStaffEventNames.at(event.index());
}
std::string_view staff_command_name(const core::staff::Command& command) {
    return kStaffCommandNames.at(command.index());
}

std::string_view event_name(const core::session::Event& event) {
    return kEventNames.at(event.index());
}
std::string_view command_name(const core::session::Command& command) {
    return kCommandNames.at(command.index());
}

}  // namespace kiosk::app
