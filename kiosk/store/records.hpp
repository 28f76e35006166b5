// Residents' records: one row per NIK with the card's status as the central system last reported it.
//
// Thread safety: a Records borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/card_status.hpp"
#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace kiosk::store {

struct Record {
    core::Nik nik;
    std::string name;
    core::CardStatus status = core::CardStatus::bio_captured;
    std::int64_t status_time_s = 0;                  // unix seconds of the last status change
    std::optional<std::int64_t> queue_position;      // for PRINT_READY_RECORD: place in the print queue
    std::optional<std::int64_t> office_blank_stock;  // blanks the office had when the position was set
    core::Priority priority = core::Priority::first_card;
    std::optional<std::string> card_serial;  // once printed
    std::optional<std::int64_t> slot;        // dispenser slot while IN_KIOSK

    friend bool operator==(const Record&, const Record&) = default;
};

class Records {
public:
    explicit Records(Database& database) : database_(&database) {}

    // Inserts, or replaces every field of an existing record except its slot (the slot is this kiosk's
    // own fact, set by the loading of its dispenser, not by the central system's feed). A record
    // already exactly so is not written: Database::changes() is then 0.
    Status upsert(const Record& record);
    // upsert() of every record, in order, as one statement for each kUpsertRowsMax of them (a NIK
    // repeated among them ends as its last record, as with upsert() one by one). One statement runs
    // SQLite's per-statement work (a statement journal, the CHECK constraints' IN lists made into
    // tables) once for all its rows: an import ran at a third of the speed one record a statement
    // (bench/mgmt_import_bench.sh). Answers the records inserted or changed (Database::changes()).
    Result<std::int64_t> upsert_rows(std::span<const Record* const> records);
    static constexpr std::size_t kUpsertRowsMax = 64;
    // nullopt when there is no record for the NIK. A primary-key lookup on a cached statement.
    Result<std::optional<Record>> get(const core::Nik& nik);
    // false when there is no record for the NIK.
    Result<bool> update_status(const core::Nik& nik, core::CardStatus status, std::int64_t status_time_s);
    Result<bool> set_slot(const core::Nik& nik, std::optional<std::int64_t> slot);
    // The serial of the card printed for the record, as its chip reports it (set when it is loaded).
    Result<bool> set_card_serial(const core::Nik& nik, const std::string& card_serial);
    Result<std::int64_t> count();

private:
    Database* database_;
};

}  // namespace kiosk::store
