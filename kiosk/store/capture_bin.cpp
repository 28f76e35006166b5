#include "kiosk/store/capture_bin.hpp"

#include "kiosk/store/audit.hpp"
#include "kiosk/store/staff.hpp"

namespace kiosk::store {

Status CaptureBin::record(const std::optional<std::string>& card_serial, const std::optional<core::Nik>& nik,
                          std::string_view reason, std::int64_t captured_at_s) {
    constexpr const char* where = "store.capture_bin.record";
    if (reason.empty()) return fail(where, "a capture needs a reason code");
    std::optional<std::string_view> digits;
    if (nik) digits = nik->digits();
    auto statement = TRY(database_->cached(
        "INSERT INTO capture_bin (card_serial, nik, reason, captured_at) VALUES (?1, ?2, ?3, ?4)", where));
    TRY(statement->bind_all(card_serial, digits, reason, captured_at_s));
    return statement->run();
}

Result<std::vector<CapturedCard>> CaptureBin::in_bin() {
    constexpr const char* where = "store.capture_bin.in_bin";
    auto statement = TRY(database_->cached(
        "SELECT id, card_serial, nik, reason, captured_at FROM capture_bin WHERE emptied_at IS NULL ORDER BY id",
        where));
    std::vector<CapturedCard> cards;
    while (TRY(statement->step())) {
        CapturedCard card{.id = statement->column_int(0),
                          .card_serial = statement->column_optional_text(1),
                          .nik = std::nullopt,
                          .reason = statement->column_text(3),
                          .captured_at_s = statement->column_int(4)};
        if (auto text = statement->column_optional_text(2)) {
            auto nik = core::Nik::parse(*text);
            if (!nik) return fail(where, "a capture bin row breaks the schema's rules");
            card.nik = *nik;
        }
        cards.push_back(std::move(card));
    }
    return cards;
}

Result<std::int64_t> CaptureBin::emptied(const std::string& staff_id, std::int64_t dispenser_count,
                                         std::int64_t now_s) {
    constexpr const char* where = "store.capture_bin.emptied";
    if (!is_valid_staff_id(staff_id)) return fail(where, "not a staff id");
    auto transaction = TRY(Transaction::begin(*database_, TransactionKind::immediate, where));
    auto statement =
        TRY(database_->cached("UPDATE capture_bin SET emptied_at = ?1, nik = NULL WHERE emptied_at IS NULL", where));
    TRY(statement->bind(1, now_s));
    TRY(statement->run());
    const std::int64_t listed = database_->changes();
    const std::string detail = "count=" + std::to_string(dispenser_count) + " listed=" + std::to_string(listed);
    TRY(AuditLog(*database_).append(staff_actor(staff_id), "bin.emptied", detail, now_s));
    TRY(transaction.commit());
    return listed;
}

}  // namespace kiosk::store
