// The capture bin as the kiosk knows it: the cards captured since the bin was last emptied, for the
// staff's "Capture bin" screen (card serial, NIK for the screen to mask, reason code, time).
//
// A capture is recorded in the same transaction as the change that reports it: the pickup journal's
// captured closings (pickup_journal.hpp), a load that ended with its card in the bin
// (load_journal.hpp), and, through record(), a capture no journal entry covers (a refused card not
// taken back at the mouth, or one the dispenser could not carry in: the staff machine's AuditStaff
// with its BinEntry; a stray card found at start-up: startup_reconciliation.cpp). The dispenser's own counter stays the
// physical truth of how many cards the bin holds; this list says which ones, as far as the kiosk saw.
//
// Emptying (emptied()) marks every listed card emptied and drops its NIK: once the card has left
// the machine the kiosk no longer needs to know whose it was.
//
// Personal data: the NIK is kept for the staff screen, which shows it masked; audit rows name counts only.
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::store {

struct CapturedCard {
    std::int64_t id = 0;
    std::optional<std::string> card_serial;  // nullopt: the chip was never read
    std::optional<core::Nik> nik;            // nullopt: not known (unreadable, not a KTP-el)
    std::string reason;                      // a code: not_taken, chip_mismatch, forged, ...
    std::int64_t captured_at_s = 0;          // unix seconds
    friend bool operator==(const CapturedCard&, const CapturedCard&) = default;
};

class CaptureBin {
public:
    explicit CaptureBin(Database& database) : database_(&database) {}

    // Adds a card to the list. Joins the caller's transaction, as any single statement does, so a
    // closing that records a capture writes its row with everything else or not at all. `reason` is
    // a non-empty code without personal data.
    Status record(const std::optional<std::string>& card_serial, const std::optional<core::Nik>& nik,
                  std::string_view reason, std::int64_t captured_at_s);
    // The cards in the bin (captured since it was last emptied), oldest first.
    Result<std::vector<CapturedCard>> in_bin();
    // Staff emptied the bin: in one IMMEDIATE transaction every listed card is marked emptied and
    // loses its NIK, and an audit row names the staff member, the dispenser's count and the listed
    // count. Returns how many listed cards were marked. Must not be called inside another transaction.
    Result<std::int64_t> emptied(const std::string& staff_id, std::int64_t dispenser_count, std::int64_t now_s);

private:
    Database* database_;
};

}  // namespace kiosk::store
