// The load journal: a printed card entering the machine (staff restock) as a sequence of durable
// facts, in the image of the pickup journal (pickup_journal.hpp).
//
//   load_verdict()  may this card be loaded, and into which slot (LoadChecked); writes nothing
//   begin()         intent (NIK, card serial, slot, staff id), committed BEFORE the dispenser stores
//                   the card into the slot
//   stored()        the dispenser answered the store move: the card is in the slot
//   done()          ONE transaction: slot LOADED (serial, NIK, loaded_at), record PRINTED -> IN_KIOSK
//                   with its slot and card serial, outbox card.loaded, audit row with the staff id
//   aborted()       the card never went into the slot (back at the mouth, or into the capture bin)
//   operator_check() the slot and the dispenser disagree: the slot is marked FAULT for staff
//
// A power cut leaves at most one open entry (intent or stored); start-up reconciliation settles it
// against the dispenser's inventory and sensors (the pure decision is kiosk/core's; the application
// applies it with the reconciled_* closings below). The invariant it keeps: never a card in a slot
// without a record, nor a record pointing at an empty slot. Until done() the record stays PRINTED
// and the slot EMPTY; after it both say the card is in the slot.
//
// The schema allows one open entry per slot and one per card serial (partial unique indexes).
//
// Personal data: the outbox event carries the NIK (to the central system only); audit rows and
// error messages name journal ids, slots, staff ids and refusal codes, never a NIK.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp). Each call that writes opens
// its own IMMEDIATE transaction, so it must not be called inside another transaction.
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/core/staff/check_resolution.hpp"
#include "kiosk/core/staff/load_refusal.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::store {

enum class LoadState {
    // open: the card is somewhere between the mouth and its slot
    intent,
    stored,
    // closed in staff mode
    done,
    aborted,
    operator_check,  // the slot and the dispenser disagreed; the slot is marked FAULT
    // closed by start-up reconciliation
    reconciled_completed,
    reconciled_aborted,
    reconciled_operator_check,  // the slot is marked FAULT
};
[[nodiscard]] std::string_view wire_code(LoadState state);  // the schema's text, e.g. "reconciled_aborted"
[[nodiscard]] std::optional<LoadState> load_state_from_wire_code(std::string_view code);
[[nodiscard]] bool is_open(LoadState state);

struct LoadEntry {
    std::int64_t id = 0;
    core::Nik nik;
    std::string card_serial;
    std::int64_t slot = 0;
    std::string staff_id;
    LoadState state = LoadState::intent;
    std::optional<std::string> reason;
    std::optional<core::staff::CheckResolution> resolution;  // how staff settled its operator check
    std::optional<std::string> resolved_by;                  // the staff id
    std::optional<std::int64_t> resolved_at_s;               // unix seconds
    std::int64_t created_at_s = 0;                           // unix seconds
    std::int64_t updated_at_s = 0;                           // unix seconds
    friend bool operator==(const LoadEntry&, const LoadEntry&) = default;
};

// The answer to "may this card be loaded?": exactly one of the two is set.
struct LoadVerdict {
    std::optional<std::int64_t> slot;                 // the lowest EMPTY slot no journal entry holds
    std::optional<core::staff::LoadRefusal> refusal;  // one of the store's six refusals
    friend bool operator==(const LoadVerdict&, const LoadVerdict&) = default;
};

// Where the card of an aborted load went.
enum class AbortedLoadCard {
    returned,  // back to the staff member at the mouth (or it never left the mouth)
    captured,  // into the capture bin: it joins the bin's list (capture_bin.hpp)
};

class LoadJournal {
public:
    explicit LoadJournal(Database& database) : database_(&database) {}

    // The card checks, in this order (the first that applies answers):
    //   no_record         no record for the NIK
    //   already_in_kiosk  the serial is in a slot or in an open load, the record is IN_KIOSK, or
    //                     another card of the record is being loaded
    //   wrong_status      the record is not PRINTED
    //   duplicate_serial  another record carries the serial
    //   serial_mismatch   the record names another card serial
    //   magazine_full     no slot is EMPTY and free of open journal entries
    // otherwise the lowest such slot. Reads only.
    Result<LoadVerdict> load_verdict(const core::Nik& nik, const std::string& card_serial);

    // Writes the intent and returns the entry's id. Refuses, writing nothing, whatever load_verdict
    // refuses for the card, and a slot that is not EMPTY or has an open entry (load or pickup), and
    // a staff id the roster does not have. The slot need not be load_verdict's.
    Result<std::int64_t> begin(const core::Nik& nik, const std::string& card_serial, std::int64_t slot,
                               const std::string& staff_id, std::int64_t now_s);
    // The dispenser answered the store move (the entry must be at intent; repeating is accepted).
    Status stored(std::int64_t id, std::int64_t now_s);
    // The load is complete (from intent or stored: the store move's reply is the evidence). Refused,
    // changing nothing, when the slot is no longer EMPTY or the record no longer loadable (the
    // central system changed it meanwhile): the caller then flags the slot (operator_check()).
    Status done(std::int64_t id, std::int64_t now_s);
    // The card did not go into the slot (the entry must be at intent); reason is a code such as
    // "store_failed" (no personal data). The record stays PRINTED, the slot EMPTY.
    Status aborted(std::int64_t id, std::string_view reason, AbortedLoadCard card, std::int64_t now_s);
    // The dispenser and the store disagree about the slot (the inventory after a store move): the
    // slot is marked FAULT, the record stays PRINTED, staff resolve it (resolve()).
    Status operator_check(std::int64_t id, std::string_view reason, std::int64_t now_s);

    // Closings used by start-up reconciliation (from intent or stored); the audit row's actor is the
    // kiosk and names the staff member of the entry, the outbox event is "reconciled": true.
    // completed: the slot holds the card, so as done(). aborted: the slot is empty and the card was
    // found in the path (then captured or returned). operator_check: the card is nowhere to be seen.
    Status reconciled_completed(std::int64_t id, std::string_view reason, std::int64_t now_s);
    Status reconciled_aborted(std::int64_t id, std::string_view reason, AbortedLoadCard card, std::int64_t now_s);
    Status reconciled_operator_check(std::int64_t id, std::string_view reason, std::int64_t now_s);

    // Staff member `staff_id` says where the card of an entry awaiting an operator is, in ONE
    // transaction with an audit row with the staff member as actor:
    //   in_slot  the load is completed as done() (card.loaded with reason "operator_check");
    //            refused when the record is no longer loadable
    //   taken    the staff member has the card: the slot is EMPTY, the record stays PRINTED
    //   in_bin   the card is in the capture bin: as taken, and the card joins the bin's list
    // Refused, writing nothing, when the entry is not awaiting an operator, or no such staff member.
    Status resolve(std::int64_t id, core::staff::CheckResolution resolution, const std::string& staff_id,
                   std::int64_t now_s);

    Result<std::optional<LoadEntry>> get(std::int64_t id);
    Result<std::optional<LoadEntry>> open_entry_for_slot(std::int64_t slot);
    // Every open entry, oldest first: what reconciliation must settle at start-up.
    Result<std::vector<LoadEntry>> open_entries();
    // The entries closed as operator_check or reconciled_operator_check that staff have not resolved
    // and whose slot is still FAULT, oldest first.
    Result<std::vector<LoadEntry>> awaiting_operator();

private:
    enum class Effect { completed, card_out, needs_operator };
    Status close(std::int64_t id, LoadState final_state, Effect effect, std::string_view reason,
                 std::optional<AbortedLoadCard> card, std::int64_t now_s, const char* where);
    Database* database_;
};

}  // namespace kiosk::store
