// A kiosk database on a real file for the staff-mode store tests (load journal, take-back, operator
// checks, capture bin): a staff member, empty slots, printed and loaded residents, and the checks the
// tests repeat (every row of every table, the audit chain).
#pragma once

#include "kiosk/store/audit.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/staff.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/store/in_kiosk_record.hpp"
#include "tests/support/database_rows.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace kiosk::test {

inline constexpr const char* kStaffId = "S-001";
inline constexpr const char* kStaffCard = "STAFF-CARD-1";

inline core::Nik nik_of(const char* digits) {
    return core::Nik::parse(digits).value();
}

struct StaffStoreRig {
    kiosk::testing::TempDir dir;
    std::string path = dir.file("kiosk.db");
    store::Database db = store::open_store(path, {}).value();

    // `slots` EMPTY slots, numbered from 1, and one active staff member.
    explicit StaffStoreRig(int slots = 4) {
        for (int slot = 1; slot <= slots; ++slot) REQUIRE(store::Slots(db).clear(slot).ok());
        REQUIRE(
            store::Staff(db)
                .upsert({kStaffId, "Petugas Satu", std::string(kStaffCard), core::staff::StaffRole::operator_, true})
                .ok());
    }
    // A resident whose card was printed at the office (status PRINTED); `serial` is what the central
    // system knows of it (nullopt: nothing yet).
    void printed(const char* digits, std::optional<std::string> serial = std::nullopt,
                 core::CardStatus status = core::CardStatus::printed) {
        store::Record record = in_kiosk_record(nik_of(digits), "");
        record.status = status;
        record.card_serial = std::move(serial);
        REQUIRE(store::Records(db).upsert(record).ok());
    }
    // A resident whose card is already in `slot`, loaded at `loaded_at_s`.
    void loaded(const char* digits, std::int64_t slot, const char* serial, std::int64_t loaded_at_s = 1) {
        const store::Record record = in_kiosk_record(nik_of(digits), serial);
        REQUIRE(store::Records(db).upsert(record).ok());
        REQUIRE(store::Records(db).set_slot(record.nik, slot).value());
        REQUIRE(store::Slots(db).load(slot, serial, record.nik, loaded_at_s).ok());
    }
    store::Record record(const char* digits) { return store::Records(db).get(nik_of(digits)).value().value(); }
    store::Slot slot(std::int64_t number) { return store::Slots(db).get(number).value().value(); }
    std::int64_t count(const char* sql) { return db.query_int(sql, "test").value(); }
    std::vector<store::OutboxEvent> events() { return store::Outbox(db).peek(100).value(); }
    // Every row of every table, read through a connection of its own.
    kiosk::testing::DatabaseRows rows() const { return kiosk::testing::database_rows(path); }
    bool audit_intact() {
        const auto verdict = store::AuditLog(db).verify();
        REQUIRE(verdict.ok());
        return !verdict->first_break.has_value();
    }
    // The newest audit row's actor and action, "actor action".
    std::string last_audit() {
        auto statement =
            db.prepare("SELECT actor || ' ' || action FROM audit ORDER BY id DESC LIMIT 1", "test").value();
        REQUIRE(statement.step().value());
        return statement.column_text(0);
    }
    // Makes every insert into `table` fail inside whatever transaction runs it.
    void refuse_inserts_into(const std::string& table) {
        REQUIRE(db.exec("CREATE TRIGGER test_refuses BEFORE INSERT ON " + table +
                            " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;",
                        "test")
                    .ok());
    }
    void allow_inserts() { REQUIRE(db.exec("DROP TRIGGER test_refuses", "test").ok()); }
};

}  // namespace kiosk::test
