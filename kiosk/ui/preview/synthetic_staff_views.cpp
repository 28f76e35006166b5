#include "kiosk/ui/preview/synthetic_staff_views.hpp"

#include "kiosk/core/nik.hpp"

namespace kiosk::ui {

namespace cst = core::staff;

namespace {

constexpr const char* kNiks[] = {"1403121505900001", "3174055208850123", "5171014101990042", "1101010101010007",
                                 "3273064712000815", "6471030303030303", "9171020406080010"};
constexpr std::int64_t kNow_s = 1'795'744'800;  // 2026-11-21 10:00 WIB

std::string masked(std::size_t i) {
    auto nik = core::Nik::parse(kNiks[i % std::size(kNiks)]);
    return nik ? nik->masked() : std::string("?");
}

cst::OverviewFigures figures(bool attention) {
    cst::OverviewFigures f;
    f.slots_total = 120;
    f.slots_loaded = attention ? 118 : 37;
    f.slots_free = f.slots_total - f.slots_loaded;
    f.slots_fault = attention ? 2 : 0;
    f.uncollected = attention ? 13 : 0;
    f.bin_count = attention ? 47 : 3;
    f.bin_capacity = 50;
    f.checks = attention ? 4 : 0;
    f.in_service = !attention;
    return f;
}

std::vector<cst::UncollectedRow> uncollected(std::size_t n) {
    std::vector<cst::UncollectedRow> out;
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back({static_cast<int>(100 + i), masked(i), kNow_s - static_cast<std::int64_t>(86'400 * (i + 1))});
    }
    return out;
}

std::vector<cst::BinRow> bin_rows(std::size_t n) {
    static const char* const kReasons[] = {"not_taken", "chip_mismatch",   "forged",
                                           "no_record", "dispenser_fault", "some_future_reason"};
    std::vector<cst::BinRow> out;
    for (std::size_t i = 0; i < n; ++i) {
        cst::BinRow row;
        row.card_serial = i % 5 == 4 ? "" : "04A1B2C3D4E5F" + std::to_string(i % 10);
        row.nik_masked = i % 4 == 3 ? "" : masked(i);
        row.reason_code = kReasons[i % std::size(kReasons)];
        row.at_s = kNow_s - static_cast<std::int64_t>(3'600 * i);
        out.push_back(row);
    }
    return out;
}

std::vector<cst::CheckRow> check_rows(std::size_t n) {
    std::vector<cst::CheckRow> out;
    for (std::size_t i = 0; i < n; ++i) {
        cst::CheckRow row;
        row.entry_id = static_cast<std::int64_t>(40 + i);
        row.journal = i % 2 == 0 ? cst::CheckJournal::pickup : cst::CheckJournal::load;
        row.slot = static_cast<int>(7 + i);
        row.nik_masked = i == 2 ? "" : masked(i);
        row.journal_state = i % 2 == 0 ? "presented" : "stored";
        row.reason = i == 1 ? "slot empty and no card in the transport or at the read position after a power cut"
                            : "card not found at the mouth";
        row.at_s = kNow_s - static_cast<std::int64_t>(600 * i);
        row.slot_sensor_occupied =
            i % 3 == 0 ? std::optional<bool>(false) : (i % 3 == 1 ? std::optional<bool>(true) : std::nullopt);
        out.push_back(row);
    }
    return out;
}

}  // namespace

std::vector<std::string> synthetic_staff_niks() {
    return {std::begin(kNiks), std::end(kNiks)};
}

std::vector<cst::StaffView> synthetic_staff_views() {
    std::vector<cst::StaffView> out;
    const cst::SignedInStaff staff{"Siti Rahayu Binti Abdullah Syahputra", cst::StaffRole::supervisor};
    enum class Extra { none, idle, ending };
    auto add = [&](cst::StaffScreen screen, bool signed_in = true, bool back = true, Extra extra = Extra::none) {
        cst::StaffView v;
        v.screen = std::move(screen);
        if (signed_in) v.signed_in = staff;
        v.exit_available = extra != Extra::ending;
        v.back_available = back && extra != Extra::ending;
        v.ending = extra == Extra::ending;
        if (extra == Extra::idle) v.idle_warning = cst::IdleWarning{25};
        out.push_back(std::move(v));
    };

    // Entering.
    add(cst::CheckingStaffCardScreen{}, false, false);
    for (cst::StaffRefusal r :
         {cst::StaffRefusal::not_registered, cst::StaffRefusal::pin_blocked, cst::StaffRefusal::unavailable}) {
        add(cst::StaffRefusedScreen{r}, false, false);
    }
    const std::string name = staff.display_name;
    auto pin = [&](std::size_t digits) {
        cst::PinEntryScreen p;
        p.display_name = name;
        p.digit_count = digits;
        return p;
    };
    add(pin(0), false, false);
    add(pin(3), false, false);
    add(pin(12), false, false);
    {
        auto p = pin(2);
        p.too_short = true;
        add(p, false, false);
        p = pin(6);
        p.checking = true;
        add(p, false, false);
        p = pin(0);
        p.last_outcome = cst::PinOutcome::wrong;
        p.tries_left = 2;
        add(p, false, false);
        p.tries_left = 1;
        add(p, false, false, Extra::idle);
        p = pin(0);
        p.last_outcome = cst::PinOutcome::unreadable;
        p.tries_left = 3;
        add(p, false, false);
        p.last_outcome = cst::PinOutcome::removed;
        add(p, false, false);
        p = pin(0);
        p.problem = cst::StaffProblem::reader_silent;
        add(p, false, false);
    }

    // The menu.
    add(cst::MenuScreen{std::nullopt, true, std::nullopt}, true, false);
    add(cst::MenuScreen{figures(false), false, std::nullopt}, true, false);
    add(cst::MenuScreen{figures(true), false, std::nullopt}, true, false, Extra::idle);
    add(cst::MenuScreen{std::nullopt, false, cst::StaffProblem::store_silent}, true, false);
    // An operator's and a technician's menus: the tasks beyond them greyed, saying who may.
    for (const cst::StaffRole role : {cst::StaffRole::operator_, cst::StaffRole::technician}) {
        add(cst::MenuScreen{figures(role == cst::StaffRole::operator_), false, std::nullopt}, true, false);
        out.back().signed_in->role = role;
    }

    // Restock: every phase, every refusal, the problems.
    const cst::MagazineFill fill{37, 120};
    auto restock = [&](cst::RestockPhase phase) {
        cst::RestockScreen r;
        r.phase = phase;
        r.loaded = 17;
        r.refused = 3;
        r.fill = fill;
        return r;
    };
    for (cst::RestockPhase phase :
         {cst::RestockPhase::opening, cst::RestockPhase::waiting_for_card, cst::RestockPhase::reading_card,
          cst::RestockPhase::checking_card, cst::RestockPhase::storing, cst::RestockPhase::capturing_card,
          cst::RestockPhase::blocking_slot, cst::RestockPhase::stopping}) {
        add(restock(phase), true, false);
    }
    for (cst::LoadRefusal refusal : cst::kAllLoadRefusals) {
        auto r = restock(cst::RestockPhase::returning_card);
        r.last_refusal = refusal;
        r.take_time_left = cst::Millis{30'000};
        add(r, true, false);
    }
    {
        auto r = restock(cst::RestockPhase::waiting_for_card);
        r.last_loaded_slot = 38;
        r.blocked_slots = {4, 9, 113};
        r.last_refusal = cst::LoadRefusal::duplicate_serial;
        add(r, true, false);
        r.stop_requested = true;
        r.phase = cst::RestockPhase::storing;
        add(r, true, false, Extra::ending);
        r = restock(cst::RestockPhase::waiting_for_card);
        r.fill.reset();
        add(r, true, false, Extra::idle);
        r = restock(cst::RestockPhase::stopped);
        r.loaded = 0;
        r.refused = 0;
        add(r);
    }
    for (cst::StaffProblem problem :
         {cst::StaffProblem::store_failed, cst::StaffProblem::store_silent, cst::StaffProblem::dispenser_fault,
          cst::StaffProblem::dispenser_silent, cst::StaffProblem::journal_failed, cst::StaffProblem::capture_failed,
          cst::StaffProblem::reader_silent, cst::StaffProblem::device_silent}) {
        auto r = restock(cst::RestockPhase::stopped);
        r.problem = problem;
        r.last_refusal = cst::LoadRefusal::journal_failed;
        r.blocked_slots = {12};
        add(r);
    }

    // Take back.
    auto take_back = [&](cst::TakeBackPhase phase, std::size_t items) {
        cst::TakeBackScreen t;
        t.phase = phase;
        t.items = uncollected(items);
        return t;
    };
    add(take_back(cst::TakeBackPhase::loading, 0), true, false);
    add(take_back(cst::TakeBackPhase::list, 0));
    add(take_back(cst::TakeBackPhase::list, 3));
    add(take_back(cst::TakeBackPhase::list, 23), true, true, Extra::idle);
    for (cst::TakeBackPhase phase : {cst::TakeBackPhase::fetching, cst::TakeBackPhase::checking_card,
                                     cst::TakeBackPhase::take_card, cst::TakeBackPhase::capturing}) {
        auto t = take_back(phase, 5);
        t.current = uncollected(1).front();
        t.returned = 2;
        t.captured = 1;
        t.take_time_left = cst::Millis{30'000};
        add(t, true, false);
    }
    {
        auto t = take_back(cst::TakeBackPhase::take_card, 4);
        t.current = uncollected(1).front();
        t.stop_requested = true;
        t.take_time_left = cst::Millis{9'000};
        add(t, true, false, Extra::ending);
    }
    for (cst::TakeBackIssue issue :
         {cst::TakeBackIssue::slot_empty, cst::TakeBackIssue::chip_mismatch, cst::TakeBackIssue::chip_refused,
          cst::TakeBackIssue::not_taken, cst::TakeBackIssue::dispenser_fault, cst::TakeBackIssue::journal_failed}) {
        auto t = take_back(cst::TakeBackPhase::finished, 0);
        t.returned = 11;
        t.captured = 2;
        t.last_issue = issue;
        add(t);
    }
    {
        auto t = take_back(cst::TakeBackPhase::finished, 6);
        t.returned = 1;
        t.last_issue = cst::TakeBackIssue::dispenser_fault;
        t.problem = cst::StaffProblem::capture_failed;
        add(t);
    }

    // The capture bin.
    auto bin = [&](cst::BinPhase phase, std::size_t items, int count) {
        cst::CaptureBinScreen b;
        b.phase = phase;
        b.items = bin_rows(items);
        b.count = count;
        b.capacity = 50;
        return b;
    };
    add(bin(cst::BinPhase::loading, 0, 0), true, false);
    add(bin(cst::BinPhase::list, 0, 0));
    add(bin(cst::BinPhase::list, 3, 3));
    add(bin(cst::BinPhase::list, 47, 47), true, true, Extra::idle);
    add(bin(cst::BinPhase::list, 50, 50));
    add(bin(cst::BinPhase::confirm, 3, 3));
    add(bin(cst::BinPhase::resetting, 3, 3), true, false);
    add(bin(cst::BinPhase::emptied, 0, 0));
    {
        auto b = bin(cst::BinPhase::list, 3, 3);
        b.problem = cst::StaffProblem::dispenser_silent;
        add(b);
    }

    // Operator checks.
    auto checks = [&](cst::ChecksPhase phase, std::size_t items) {
        cst::OperatorChecksScreen c;
        c.phase = phase;
        c.items = check_rows(items);
        return c;
    };
    add(checks(cst::ChecksPhase::loading, 0), true, false);
    add(checks(cst::ChecksPhase::list, 0));
    add(checks(cst::ChecksPhase::list, 1));
    add(checks(cst::ChecksPhase::list, 5), true, true, Extra::idle);
    for (cst::CheckResolution resolution : cst::kAllCheckResolutions) {
        auto c = checks(cst::ChecksPhase::confirm, 3);
        c.chosen = cst::ChosenResolution{41, resolution};
        add(c);
    }
    {
        auto c = checks(cst::ChecksPhase::resolving, 3);
        c.chosen = cst::ChosenResolution{42, cst::CheckResolution::in_slot};
        add(c, true, false);
        c = checks(cst::ChecksPhase::list, 2);
        c.last_resolved = cst::ChosenResolution{39, cst::CheckResolution::in_bin};
        add(c);
        c.problem = cst::StaffProblem::store_failed;
        add(c);
    }

    // Service.
    auto service = [&](cst::ServicePhase phase, std::optional<bool> in_service) {
        cst::ServiceScreen s;
        s.phase = phase;
        s.in_service = in_service;
        return s;
    };
    add(service(cst::ServicePhase::ready, true));
    add(service(cst::ServicePhase::ready, std::nullopt));
    for (cst::ServiceReason reason : cst::kAllServiceReasons) {
        auto s = service(cst::ServicePhase::ready, false);
        s.reason = reason;
        add(s);
    }
    add(service(cst::ServicePhase::setting, true), true, false);
    add(service(cst::ServicePhase::self_testing, true), true, false);
    add(service(cst::ServicePhase::auditing, true), true, false);
    {
        // Each view is built whole from its parts: reassigning one view's optional vector made
        // g++ 12's -Wmaybe-uninitialized misfire under -fsanitize=thread.
        std::vector<cst::DeviceTestResult> all_pass;
        for (cst::TestedDevice d : cst::kAllTestedDevices) all_pass.push_back({d, std::nullopt});
        auto passed = service(cst::ServicePhase::ready, true);
        passed.self_test = std::move(all_pass);
        passed.audit = cst::InventoryAuditResult{0, 0};
        add(passed);
    }
    {
        auto s = service(cst::ServicePhase::ready, false);
        s.reason = cst::ServiceReason::hardware;
        s.self_test = std::vector<cst::DeviceTestResult>{
            {cst::TestedDevice::fingerprint, core::session::DeviceFault::not_responding},
            {cst::TestedDevice::dispenser, core::session::DeviceFault::journal_unreconciled},
            {cst::TestedDevice::front_reader, std::nullopt},
            {cst::TestedDevice::read_position_reader, core::session::DeviceFault::disconnected}};
        s.audit = cst::InventoryAuditResult{3, 2};
        s.problem = cst::StaffProblem::dispenser_silent;
        add(s, true, true, Extra::idle);
    }
    return out;
}

}  // namespace kiosk::ui
