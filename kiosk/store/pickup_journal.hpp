// The pickup journal: a card leaving the machine as a sequence of durable facts.
//
// Two purposes share it: a resident's pickup, and staff taking an uncollected card back to the
// office (purpose return, begun by begin_return()). They differ only in what "the card was taken"
// means: a pickup closes as PICKED_UP with outbox card.picked_up, a take-back as RETURNED with
// card.returned, naming the staff member; start-up reconciliation settles both alike.
//
//   begin()   intent, written and committed BEFORE the dispenser moves the card
//   step()    fetched / chip_verified / presenting, each written AFTER the step completed
//   done()    the resident (or staff) took the card } each ONE transaction with everything it implies:
//   captured() the card went to the capture bin     } slot, record status, outbox event, audit row,
//   aborted() the card never left its slot          } the capture bin's list
//   resolve() staff settled an operator check (what reconciliation could not decide)
//
// With synchronous=FULL (store.hpp) every call is durable when it returns, so after a power cut the
// journal's open entries (open_entries()) say how far a pickup got, and start-up reconciliation
// (pickup_reconciler.hpp) settles them against the dispenser's sensors. The schema allows one open
// entry per slot (a partial unique index), so a slot cannot be in two pickups.
//
// Personal data: the outbox event carries the NIK (it goes to the central system; its payload is
// built by kiosk/store/outbox_payloads.hpp); audit rows and error messages name the journal id, the
// slot and staff ids only. A take-back's and a resolution's audit rows have the staff member as
// their actor ("staff:<id>"); the kiosk's own closings have "kiosk".
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp). Each call opens its own
// IMMEDIATE transaction, so it must not be called inside another transaction.
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/staff/check_resolution.hpp"
#include "kiosk/store/outbox_payloads.hpp"  // the kinds and payloads its closings write
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::store {

enum class PickupState {
    // open: the card may be anywhere between its slot and the mouth
    intent,
    fetched,
    chip_verified,
    presenting,
    // closed by the session
    done,
    captured,
    aborted,
    // closed by start-up reconciliation
    reconciled_aborted,
    reconciled_taken,
    reconciled_captured,
    reconciled_operator_check,  // the facts contradicted each other; the slot is marked FAULT
};
[[nodiscard]] std::string_view wire_code(PickupState state);  // the schema's text, e.g. "chip_verified"
[[nodiscard]] std::optional<PickupState> pickup_state_from_wire_code(std::string_view code);
[[nodiscard]] bool is_open(PickupState state);

enum class PickupPurpose {
    pickup,   // a resident takes their card
    return_,  // staff take an uncollected card back to the office
};
[[nodiscard]] std::string_view wire_code(PickupPurpose purpose);  // "pickup", "return"

struct PickupEntry {
    std::int64_t id = 0;
    core::Nik nik;
    std::int64_t slot = 0;
    std::optional<std::string> card_serial;
    PickupState state = PickupState::intent;
    std::optional<std::string> reason;
    std::optional<std::int64_t> bin_counter_at_begin;
    std::int64_t created_at_s = 0;  // unix seconds
    std::int64_t updated_at_s = 0;  // unix seconds
    PickupPurpose purpose = PickupPurpose::pickup;
    std::optional<std::string> staff_id;  // who takes the card back; set exactly for purpose return
    // How staff settled the operator check this entry closed with (resolve()); nullopt: not (yet).
    std::optional<core::staff::CheckResolution> resolution;
    std::optional<std::string> resolved_by;     // the staff id
    std::optional<std::int64_t> resolved_at_s;  // unix seconds
    friend bool operator==(const PickupEntry&, const PickupEntry&) = default;
};

class PickupJournal {
public:
    explicit PickupJournal(Database& database) : database_(&database) {}

    // Writes the intent and returns the entry's id. Fails (writing nothing) when the slot already has
    // an open entry, when the slot does not hold this resident's card, or when the resident's record
    // is not IN_KIOSK. bin_counter_at_begin: the dispenser's capture-bin counter read just before,
    // which lets reconciliation tell "captured" from "taken" after a power cut.
    Result<std::int64_t> begin(const core::Nik& nik, std::int64_t slot, std::int64_t now_s,
                               std::optional<std::int64_t> bin_counter_at_begin = std::nullopt);
    // begin() for a take-back by staff member `staff_id` (purpose return), with the same refusals,
    // and one more: no such staff member. Whether the card is past its pickup deadline is the
    // caller's rule (Slots::uncollected); the journal only records the purpose.
    Result<std::int64_t> begin_return(const core::Nik& nik, std::int64_t slot, const std::string& staff_id,
                                      std::int64_t now_s,
                                      std::optional<std::int64_t> bin_counter_at_begin = std::nullopt);
    // Records a completed step: fetched, chip_verified or presenting. Steps only move forward;
    // repeating the current step is accepted and changes nothing but updated_at.
    Status step(std::int64_t id, PickupState step, std::int64_t now_s);
    // The resident took the card (the entry must be presenting): PICKED_UP, card.picked_up; for a
    // take-back, the staff member took it: RETURNED, card.returned.
    Status done(std::int64_t id, std::int64_t now_s);
    // The card went to the capture bin; reason is a code such as "not_taken" (no personal data).
    // The card joins the capture bin's list (capture_bin.hpp).
    Status captured(std::int64_t id, std::string_view reason, std::int64_t now_s);
    // The pickup stopped before the card left its slot (the entry must be at intent).
    Status aborted(std::int64_t id, std::int64_t now_s);

    // Closings used by start-up reconciliation; they mark the entry reconciled_* and the outbox
    // event "reconciled": true. operator_check leaves the record alone and marks the slot FAULT
    // so no pickup starts from it until staff have looked. reconciled_taken closes a take-back as
    // RETURNED, as done() does.
    Status reconciled_aborted(std::int64_t id, std::string_view reason, std::int64_t now_s);
    Status reconciled_taken(std::int64_t id, std::string_view reason, std::int64_t now_s);
    Status reconciled_captured(std::int64_t id, std::string_view reason, std::int64_t now_s);
    Status reconciled_operator_check(std::int64_t id, std::string_view reason, std::int64_t now_s);

    Result<std::optional<PickupEntry>> get(std::int64_t id);
    // The open entry of a slot (the session's journal commands name the slot, not the id).
    Result<std::optional<PickupEntry>> open_entry_for_slot(std::int64_t slot);
    // Every open entry, oldest first: what reconciliation must settle at start-up.
    Result<std::vector<PickupEntry>> open_entries();
    // The pickups start-up reconciliation left to a person (reconciled_operator_check) that staff
    // have not resolved and whose slot is still FAULT, oldest first: once staff have emptied or
    // reloaded the slot by other means, the check is done too.
    Result<std::vector<PickupEntry>> awaiting_operator();

    // Staff member `staff_id` says where the card of an entry awaiting an operator is, in ONE
    // transaction with everything it implies and an audit row with the staff member as actor:
    //   taken    the card is out of the machine: as done() (PICKED_UP, or RETURNED for a take-back),
    //            slot EMPTY, outbox event with reason "operator_check"
    //   in_bin   as captured(): CAPTURED, slot EMPTY, card.captured, the capture bin's list
    //   in_slot  the slot is LOADED again with the entry's card (its load time as the load journal
    //            recorded it, else now), the record stays IN_KIOSK; no outbox event (nothing the
    //            central system knows changed). Refused when the record is no longer IN_KIOSK.
    // The entry records the resolution. Refused, writing nothing, when the entry is not awaiting an
    // operator (awaiting_operator()), or there is no such staff member.
    Status resolve(std::int64_t id, core::staff::CheckResolution resolution, const std::string& staff_id,
                   std::int64_t now_s);

private:
    enum class Effect { picked_up, captured, slot_keeps_card, needs_operator };
    Result<std::int64_t> begin_entry(const core::Nik& nik, std::int64_t slot, PickupPurpose purpose,
                                     const std::optional<std::string>& staff_id, std::int64_t now_s,
                                     std::optional<std::int64_t> bin_counter_at_begin);
    Status close(std::int64_t id, PickupState final_state, Effect effect, std::string_view reason, std::int64_t now_s,
                 const char* where);
    Database* database_;
};

}  // namespace kiosk::store
