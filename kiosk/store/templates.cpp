#include "kiosk/store/templates.hpp"

#include <algorithm>

namespace kiosk::store {

Status Templates::put(const core::Nik& nik, Finger finger, const FingerTemplate& data) {
    auto statement =
        TRY(database_->cached("INSERT INTO templates (nik, finger, data) VALUES (?1, ?2, ?3) "
                              "ON CONFLICT (nik, finger) DO UPDATE SET data = excluded.data WHERE data IS NOT excluded.data",
                              "store.templates.put"));
    TRY(statement->bind_all(nik.digits(), static_cast<std::int64_t>(finger), std::span<const std::uint8_t>(data)));
    return statement->run();
}

Result<ResidentTemplates> Templates::get(const core::Nik& nik) {
    constexpr const char* where = "store.templates.get";
    auto statement = TRY(database_->cached("SELECT finger, data FROM templates WHERE nik = ?1 ORDER BY finger", where));
    TRY(statement->bind(1, nik.digits()));
    ResidentTemplates found;
    while (TRY(statement->step())) {
        const auto blob = statement->column_blob(1);
        if (blob.size() != kTemplateBytes) return fail(where, "a template row breaks the schema's rules");
        FingerTemplate data{};
        std::copy(blob.begin(), blob.end(), data.begin());
        if (statement->column_int(0) == 1) {
            found.first = data;
        } else {
            found.second = data;
        }
    }
    return found;
}

}  // namespace kiosk::store
