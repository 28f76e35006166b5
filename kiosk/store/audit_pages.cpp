#include "kiosk/store/audit_pages.hpp"

#include "kiosk/core/assert.hpp"

namespace kiosk::store {

Result<AuditPage> audit_page_after(Database& database, std::int64_t after_id, std::int64_t limit) {
    VERIFY_MSG(limit > 0, "audit page of no rows");
    constexpr const char* where = "store.audit.page";
    // One row more than asked says whether there are more, in the same statement (the same snapshot).
    auto statement = TRY(
        database.cached("SELECT id, at, actor, action, detail FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2", where));
    TRY(statement->bind_all(after_id, limit + 1));
    AuditPage page;
    while (TRY(statement->step())) {
        if (static_cast<std::int64_t>(page.entries.size()) == limit) {
            page.more = true;
            break;
        }
        page.entries.push_back({statement->column_int(0), statement->column_int(1), statement->column_text(2),
                                statement->column_text(3), statement->column_text(4)});
    }
    return page;
}

}  // namespace kiosk::store
