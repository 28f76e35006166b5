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
    auto statement = database_->cached(
        "INSERT INTO records (nik, name, status, status_time, queue_position, office_blank_stock, priority, "
        "card_serial) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
        "ON CONFLICT (nik) DO UPDATE SET name = excluded.name, status = excluded.status, "
        "status_time = excluded.status_time, queue_position = excluded.queue_position, "
        "office_blank_stock = excluded.office_blank_stock, priority = excluded.priority, "
        "card_serial = excluded.card_serial",
        where);
    if (!statement) return fail(statement.error());
    Statement& s = **statement;
    Status bound[] = {
        s.bind(1, record.nik.digits()),
        s.bind(2, std::string_view(record.name)),
        s.bind(3, core::wire_code(record.status)),
        s.bind(4, record.status_time_s),
        s.bind(5, record.queue_position),
        s.bind(6, record.office_blank_stock),
        s.bind(7, core::wire_code(record.priority)),
        s.bind(8, record.card_serial),
    };
    for (const Status& b : bound) {
        if (!b) return b;
    }
    return s.run();
}

Result<std::optional<Record>> Records::get(const core::Nik& nik) {
    constexpr const char* where = "store.records.get";
    auto statement = database_->cached(
        "SELECT nik, name, status, status_time, queue_position, office_blank_stock, priority, card_serial, slot "
        "FROM records WHERE nik = ?1",
        where);
    if (!statement) return fail(statement.error());
    if (auto bound = (*statement)->bind(1, nik.digits()); !bound) return fail(bound.error());
    auto row = (*statement)->step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<Record>{};
    auto record = record_from_row(**statement, where);
    if (!record) return fail(record.error());
    return std::optional<Record>{std::move(record).value()};
}

Result<bool> Records::update_status(const core::Nik& nik, core::CardStatus status, std::int64_t status_time_s) {
    auto statement = database_->cached("UPDATE records SET status = ?2, status_time = ?3 WHERE nik = ?1",
                                       "store.records.update_status");
    if (!statement) return fail(statement.error());
    Statement& s = **statement;
    if (auto b = s.bind(1, nik.digits()); !b) return fail(b.error());
    if (auto b = s.bind(2, core::wire_code(status)); !b) return fail(b.error());
    if (auto b = s.bind(3, status_time_s); !b) return fail(b.error());
    if (auto ran = s.run(); !ran) return fail(ran.error());
    return database_->changes() > 0;
}

Result<bool> Records::set_slot(const core::Nik& nik, std::optional<std::int64_t> slot) {
    auto statement = database_->cached("UPDATE records SET slot = ?2 WHERE nik = ?1", "store.records.set_slot");
    if (!statement) return fail(statement.error());
    Statement& s = **statement;
    if (auto b = s.bind(1, nik.digits()); !b) return fail(b.error());
    if (auto b = s.bind(2, slot); !b) return fail(b.error());
    if (auto ran = s.run(); !ran) return fail(ran.error());
    return database_->changes() > 0;
}

Result<std::int64_t> Records::count() {
    return database_->query_int("SELECT count(*) FROM records", "store.records.count");
}

}  // namespace kiosk::store
