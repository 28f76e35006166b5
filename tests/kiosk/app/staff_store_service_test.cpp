// StaffStoreService's audit rows: a capture that no journal entry records joins the capture bin's list
// with its audit row, in one transaction (store/capture_bin.hpp: every capture is listed); any other
// staff action writes its audit row alone.
#include "kiosk/app/staff_store_service.hpp"
#include "kiosk/store/capture_bin.hpp"
#include "tests/kiosk/store/staff_store_rig.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstddef>
#include <string>

using namespace kiosk;
namespace cst = kiosk::core::staff;
using kiosk::test::kStaffId;
using kiosk::test::nik_of;

namespace {

constexpr const char* kNik = "3174055708900001";
constexpr std::int64_t kNow = 1'767'300'000;

struct Rig {
    kiosk::test::StaffStoreRig rig;
    app::StoreService session{rig.db, "kiosk-01"};
    app::StaffStoreService service{rig.db, session, [] { return 30; }, [] { return mgmt::DispenserReading{}; },
                                   [] { return kNow; }};

    void run(cst::AuditStaff audit) { CHECK_FALSE(service.execute(app::StaffStoreCommand{std::move(audit), {}})); }
    std::ptrdiff_t audit_rows(const char* action) {
        const auto rows = kiosk::testing::database_rows(rig.path)["audit"];
        return std::count_if(rows.begin(), rows.end(),
                             [&](const std::string& row) { return row.find(action) != std::string::npos; });
    }
};

}  // namespace

TEST_CASE("a refused card captured outside any journal is listed in the bin with its audit row") {
    Rig r;
    r.run(cst::AuditStaff{kStaffId, cst::StaffAction::card_captured, "reason=no_record",
                          cst::BinEntry{nik_of(kNik), std::string("SER-9"), "no_record"}});
    const auto bin = store::CaptureBin(r.rig.db).in_bin().value();
    REQUIRE(bin.size() == 1);
    CHECK(bin[0].card_serial == std::optional<std::string>("SER-9"));
    CHECK(bin[0].nik == nik_of(kNik));
    CHECK(bin[0].reason == "no_record");
    CHECK(bin[0].captured_at_s == kNow);
    CHECK(r.audit_rows("staff.card_captured") == 1);
}

TEST_CASE("a capture without a chip read is listed without serial or NIK") {
    Rig r;
    r.run(cst::AuditStaff{kStaffId, cst::StaffAction::card_captured, "reason=dispenser_fault",
                          cst::BinEntry{std::nullopt, std::nullopt, "dispenser_fault"}});
    const auto bin = store::CaptureBin(r.rig.db).in_bin().value();
    REQUIRE(bin.size() == 1);
    CHECK_FALSE(bin[0].card_serial.has_value());
    CHECK_FALSE(bin[0].nik.has_value());
}

TEST_CASE("an audit row without a capture lists nothing in the bin") {
    Rig r;
    r.run(cst::AuditStaff{kStaffId, cst::StaffAction::card_refused, "reason=forged", std::nullopt});
    CHECK(store::CaptureBin(r.rig.db).in_bin().value().empty());
    CHECK(r.audit_rows("staff.card_refused") == 1);
}
