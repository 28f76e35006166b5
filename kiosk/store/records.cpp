#include "kiosk/store/records.hpp"

namespace kiosk::store {
namespace {

Result<Record> record_from_row(const Statement& row, const char* where) {
    auto nik = core::Nik::parse(row.column_text(0));
    auto status = core::card_status_from_wire_code(row.column_text(2));
    auto priority = core::priority_from_wire_code(row.column_text(6));
    // The schema's CHECKs make these impossible unless the file was edited behind the kiosk's back.
    if (!nik || !status || !priority) return fail(where, "a record row breaks the schema's rules");
    return Record{
        .nik = *nik,
        .name = row.column_text(1),
        .status = *status,
        .status_time_s = row.column_int(3),
        .queue_position = row.column_optional_int(4),
        .office_blank_stock = row.column_optional_int(5),
        .priority = *priority,
        .card_serial = row.column_optional_text(7),
        .slot = row.column_optional_int(8),
    };
}

}  // namespace

Status Records::upsert(const Record& record) {
    constexpr const char* where = "store.records.upsert";
    auto statement = TRY(database_->cached(
        "INSERT INTO records (nik, name, status, status_time, queue_position, office_blank_stock, priority, "
        "card_serial) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (nik) DO UPDATE SET name = excluded.name, status = excluded.status, "
        "status_time = excluded.status_time, queue_position = excluded.queue_position, "
        "office_blank_stock = excluded.office_blank_stock, priority = excluded.priority, "
        "card_serial = excluded.card_serial "
        "WHERE (name, status, status_time, queue_position, office_blank_stock, priority, card_serial) IS NOT "
        "(excluded.name, excluded.status, excluded.status_time, excluded.queue_position, "
        "excluded.office_blank_stock, excluded.priority, excluded.card_serial)",
        where));
    TRY(statement->bind_all(record.nik.digits(), record.name, core::wire_code(record.status), record.status_time_s,
                            record.queue_position, record.office_blank_stock, core::wire_code(record.priority),
                            record.card_serial));
    return statement->run();
}

Result<std::optional<Record>> Records::get(const core::Nik& nik) {
    constexpr const char* where = "store.records.get";
    auto statement = TRY(database_->cached(
        "SELECT nik, name, status, status_time, queue_position, office_blank_stock, priority, card_serial, slot "
        "FROM records WHERE nik = ?1",
        where));
    TRY(statement->bind(1, nik.digits()));
    if (!TRY(statement->step())) return std::optional<Record>{};
    return std::optional<Record>{TRY(record_from_row(*statement, where))};
}

Result<bool> Records::update_status(const core::Nik& nik, core::CardStatus status, std::int64_t status_time_s) {
    auto statement = TRY(database_->cached("UPDATE records SET status = ?2, status_time = ?3 WHERE nik = ?1",
                                           "store.records.update_status"));
    TRY(statement->bind_all(nik.digits(), core::wire_code(status), status_time_s));
    TRY(statement->run());
    return database_->changes() > 0;
}

Result<bool> Records::set_slot(const core::Nik& nik, std::optional<std::int64_t> slot) {
    auto statement = TRY(database_->cached("UPDATE records SET slot = ?2 WHERE nik = ?1", "store.records.set_slot"));
    TRY(statement->bind_all(nik.digits(), slot));
    TRY(statement->run());
    return database_->changes() > 0;
}

Result<std::int64_t> Records::count() {
    return database_->query_int("SELECT count(*) FROM records", "store.records.count");
}

}  // namespace kiosk::store
