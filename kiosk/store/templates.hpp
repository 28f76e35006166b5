// Fingerprint templates: two per resident (finger 1 and 2), 512 bytes each, as the sensor stores them.
// Personal data: never logged; deleted with the record (ON DELETE CASCADE).
//
// Thread safety: borrows a Database and shares its thread (sqlite.hpp).
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"
#include "kiosk/store/sqlite.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace kiosk::store {

inline constexpr std::size_t kTemplateBytes = 512;
using FingerTemplate = std::array<std::uint8_t, kTemplateBytes>;

enum class Finger : int { first = 1, second = 2 };

struct ResidentTemplates {
    std::optional<FingerTemplate> first;
    std::optional<FingerTemplate> second;
};

class Templates {
public:
    explicit Templates(Database& database) : database_(&database) {}

    // Inserts or replaces one finger's template. The resident's record must exist (foreign key). A
    // template already stored as given is not written: Database::changes() is then 0.
    Status put(const core::Nik& nik, Finger finger, const FingerTemplate& data);
    Result<ResidentTemplates> get(const core::Nik& nik);

private:
    Database* database_;
};

}  // namespace kiosk::store
