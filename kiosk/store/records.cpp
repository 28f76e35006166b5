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

namespace {

constexpr int kUpsertColumns = 8;

// The upsert of `rows` records: "VALUES (?,?,...), (...)" with kUpsertColumns parameters a row.
std::string upsert_sql(std::size_t rows) {
    std::string sql =
        "INSERT INTO records (nik, name, status, status_time, queue_position, office_blank_stock, priority, "
        "card_serial) VALUES ";
    for (std::size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?)";
    sql +=
        " ON CONFLICT (nik) DO UPDATE SET name = excluded.name, status = excluded.status, "
        "status_time = excluded.status_time, queue_position = excluded.queue_position, "
        "office_blank_stock = excluded.office_blank_stock, priority = excluded.priority, "
        "card_serial = excluded.card_serial "
        "WHERE (name, status, status_time, queue_position, office_blank_stock, priority, card_serial) IS NOT "
        "(excluded.name, excluded.status, excluded.status_time, excluded.queue_position, "
        "excluded.office_blank_stock, excluded.priority, excluded.card_serial)";
    return sql;
}

// Binds `record` to the row of parameters that starts at `first` (1-based). The texts are not copied:
// `record` outlives the statement's run (the callers run it before they return), and the wire codes
// are static.
Status bind_record(Statement& statement, int first, const Record& record) {
    TRY(statement.bind_unowned(first, record.nik.digits()));
    TRY(statement.bind_unowned(first + 1, std::string_view(record.name)));
    TRY(statement.bind_unowned(first + 2, core::wire_code(record.status)));
    TRY(statement.bind(first + 3, record.status_time_s));
    TRY(statement.bind(first + 4, record.queue_position));
    TRY(statement.bind(first + 5, record.office_blank_stock));
    TRY(statement.bind_unowned(first + 6, core::wire_code(record.priority)));
    return statement.bind_unowned(first + 7, record.card_serial);
}

}  // namespace

Status Records::upsert(const Record& record) {
    static const std::string sql = upsert_sql(1);
    auto statement = TRY(database_->cached(sql, "store.records.upsert"));
    TRY(bind_record(*statement, 1, record));
    return statement->run();
}

Result<std::int64_t> Records::upsert_rows(std::span<const Record* const> records) {
    static const std::string full_sql = upsert_sql(kUpsertRowsMax);
    std::int64_t changed = 0;
    while (records.size() >= kUpsertRowsMax) {
        auto statement = TRY(database_->cached(full_sql, "store.records.upsert_rows"));
        for (std::size_t i = 0; i < kUpsertRowsMax; ++i)
            TRY(bind_record(*statement, static_cast<int>(i) * kUpsertColumns + 1, *records[i]));
        TRY(statement->run());
        changed += database_->changes();
        records = records.subspan(kUpsertRowsMax);
    }
    for (const Record* record : records) {  // the rest, fewer than a full statement's rows
        TRY(upsert(*record));
        changed += database_->changes();
    }
    return changed;
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

Result<bool> Records::set_card_serial(const core::Nik& nik, const std::string& card_serial) {
    auto statement =
        TRY(database_->cached("UPDATE records SET card_serial = ?2 WHERE nik = ?1", "store.records.set_card_serial"));
    TRY(statement->bind_all(nik.digits(), card_serial));
    TRY(statement->run());
    return database_->changes() > 0;
}

Result<std::int64_t> Records::count() {
    return database_->query_int("SELECT count(*) FROM records", "store.records.count");
}

}  // namespace kiosk::store
