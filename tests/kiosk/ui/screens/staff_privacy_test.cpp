// Privacy of the staff screens: no text a staff screen draws holds a NIK in full or the PIN's
// digits. Checked on the text each frame actually drew (ScreenHost's text recording), for every
// synthetic staff view in both languages, and for the real StaffMachine fed whole NIKs by the store
// (take back, the capture bin, operator checks) and a PIN typed on the screen's keypad.
#include "kiosk/core/nik.hpp"
#include "kiosk/ui/preview/synthetic_staff_views.hpp"
#include "kiosk/ui/staff_presenter.hpp"
#include "tests/kiosk/core/staff/staff_rig.hpp"
#include "tests/support/sdl_rig.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace kiosk::ui;
using kiosk::core::Language;
namespace cst = kiosk::core::staff;

namespace {

struct Rig : kiosk::testing::SdlRig {
    std::optional<StaffPresenter> staff;  // destroyed before the host it draws on
    Rig() : SdlRig({1280, 800}, 10.1) {
        staff.emplace(*host);
        host->set_text_recording(true);
    }
    // Every line of text the frame of `view` drew.
    std::vector<std::string> texts_of(cst::StaffView view) {
        REQUIRE(staff->present(view, ScreenHost::now_ms()));
        host->current()->invalidate();
        draw();
        std::vector<std::string> out;
        for (const DrawnText& t : host->last_frame_texts()) out.push_back(t.text);
        return out;
    }
};

// The digits of `text`, in order, with everything else dropped: a NIK split over spaces, no-break
// spaces or dots still shows up whole.
std::string digits_of(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c >= '0' && c <= '9') out += c;
    }
    return out;
}

// What in `texts` gives away one of `niks` (16 digits each): a line holding it whole, its digits
// run together, or its middle eight digits (what masking hides).
std::vector<std::string> leaks(const std::vector<std::string>& texts, const std::vector<std::string>& niks) {
    std::vector<std::string> out;
    for (const std::string& t : texts) {
        for (const std::string& nik : niks) {
            const std::string middle = nik.substr(4, 8);
            if (t.find(nik) != std::string::npos || digits_of(t).find(nik) != std::string::npos ||
                digits_of(t).find(middle) != std::string::npos) {
                out.push_back(t);
            }
        }
    }
    return out;
}

}  // namespace

TEST_CASE("the leak check sees a NIK however it is written") {
    const std::vector<std::string> niks{"3174055708900001"};
    CHECK(leaks({"NIK 3174055708900001"}, niks).size() == 1);
    CHECK(leaks({"3174 0557 0890 0001"}, niks).size() == 1);
    CHECK(leaks({"3174\xC2\xA0"
                 "0557\xC2\xA0"
                 "0890\xC2\xA0"
                 "0001"},
                niks)
              .size() == 1);
    CHECK(leaks({"tengah 05570890"}, niks).size() == 1);
    CHECK(leaks({"NIK 3174 \xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 "
                 "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2 0001"},
                niks)
              .empty());
}

TEST_CASE("no synthetic staff screen draws a NIK in full, and the masked ones are drawn") {
    Rig rig;
    const auto niks = synthetic_staff_niks();
    bool masked_seen = false;
    for (cst::StaffView view : synthetic_staff_views()) {
        for (const Language l : kiosk::core::kAllLanguages) {
            view.language = l;
            const auto texts = rig.texts_of(view);
            for (const std::string& leak : leaks(texts, niks)) {
                FAIL_CHECK(rig.host->current()->name() << " draws \"" << leak << "\"");
            }
            for (const std::string& t : texts) {
                // "1403 •••• •••• 0001", with no-break spaces: the masked NIK, recorded as drawn.
                if (t.find("1403\xC2\xA0\xE2\x80\xA2") != std::string::npos) masked_seen = true;
            }
        }
    }
    CHECK(masked_seen);  // the check looked at the texts the NIKs are in
}

TEST_CASE("the real staff machine fed whole NIKs: its screens show them masked only") {
    using namespace kiosk::core::staff::test;
    Rig rig;
    const std::vector<std::string> niks{std::string(kNikA), std::string(kNikB), std::string(kNikC)};
    std::vector<std::string> all;
    auto look = [&] {
        for (const Language l : kiosk::core::kAllLanguages) {
            cst::StaffView view = rig.staff->shown_view();
            view.language = l;
            const auto texts = rig.texts_of(view);
            all.insert(all.end(), texts.begin(), texts.end());
            for (const std::string& leak : leaks(texts, niks)) {
                FAIL_CHECK(rig.host->current()->name() << " draws \"" << leak << "\"");
            }
        }
    };
    auto show = [&](const StaffRig& machine) {
        REQUIRE(rig.staff->present(machine.view(), ScreenHost::now_ms()));
        look();
    };

    // Take back: the list, then the first card in hand and at the mouth.
    {
        StaffRig machine;
        machine.start_take_back({uncollected(kNikA, 12, "KTP-A"), uncollected(kNikB, 13, std::nullopt)});
        show(machine);
        machine.reach_present(nik_of(kNikA), "KTP-A");
        show(machine);
    }
    // The capture bin and its confirmation.
    {
        StaffRig machine;
        machine.sign_in();
        machine.send(cst::TaskChosen{cst::StaffTask::capture_bin});
        const auto list = command<cst::ListBin>(machine.last);
        machine.send(cst::BinListed{list.request,
                                    2,
                                    50,
                                    {cst::BinCard{std::string("KTP-B"), nik_of(kNikB), "not_taken", 1'790'000'000},
                                     cst::BinCard{std::nullopt, nik_of(kNikA), "chip_mismatch", 1'790'000'100}}});
        show(machine);
        machine.send(cst::BinEmptiedPressed{});
        show(machine);
    }
    // Operator checks, and a resolution's confirmation.
    {
        StaffRig machine;
        machine.sign_in();
        machine.send(cst::TaskChosen{cst::StaffTask::operator_checks});
        const auto list = command<cst::ListChecks>(machine.last);
        cst::OperatorCheck check;
        check.entry_id = 7;
        check.slot = 4;
        check.nik = nik_of(kNikC);
        check.journal_state = "presented";
        check.reason = "card not found at the mouth";
        check.slot_sensor_occupied = false;
        machine.send(cst::ChecksListed{list.request, {check}});
        show(machine);
        machine.send(cst::ResolutionChosen{7, cst::CheckResolution::taken});
        show(machine);
    }
    // The texts looked at did hold the NIKs, masked.
    bool masked_a = false;
    const std::string masked = nik_of(kNikA).masked();
    const std::string head = masked.substr(0, 4);
    for (const std::string& t : all) {
        if (t.find(head + "\xC2\xA0\xE2\x80\xA2") != std::string::npos) masked_a = true;
    }
    CHECK(masked_a);
}

TEST_CASE("the PIN typed on the staff keypad is never drawn: the screen shows dots only") {
    using namespace kiosk::core::staff::test;
    Rig rig;
    StaffRig machine;
    machine.present_card();
    machine.send(cst::StaffLookedUp{machine.pending(), staff_budi()});
    const std::string pin = "97531864";
    std::string typed;
    for (char digit : pin) {
        REQUIRE(rig.staff->present(machine.view(), ScreenHost::now_ms()));
        auto intent = rig.host->current()->handle_action(UiAction::digit_key(digit), ScreenHost::now_ms());
        REQUIRE(intent.has_value());
        machine.send(*rig.staff->to_event(*intent));
        typed += digit;
        for (const Language l : kiosk::core::kAllLanguages) {
            cst::StaffView view = machine.view();
            view.language = l;
            const auto texts = rig.texts_of(view);
            CHECK(rig.staff->pin().view().digit_count == typed.size());
            for (const std::string& t : texts) {
                // The keypad's own labels are single digits; anything holding two of the PIN's
                // digits in a row, in order, would be the PIN (or a piece of it) drawn.
                if (typed.size() >= 2) {
                    for (std::size_t i = 0; i + 1 < typed.size(); ++i) {
                        CHECK_MESSAGE(digits_of(t).find(typed.substr(i, 2)) == std::string::npos,
                                      "the PIN screen draws \"" << t << "\"");
                    }
                }
            }
        }
    }
    machine.send(cst::PinSubmit{});
    CHECK(command<cst::VerifyStaffPin>(machine.last).pin == pin);
    // While the card checks it, and after a wrong PIN, the digits are still nowhere.
    auto no_pin_drawn = [&] {
        for (const std::string& t : rig.texts_of(machine.view())) {
            CHECK_MESSAGE(digits_of(t).find(pin.substr(0, 3)) == std::string::npos, "drawn: \"" << t << "\"");
        }
    };
    no_pin_drawn();
    CHECK(std::string(rig.host->current()->name()) == "staff-pin-checking");
    machine.send(cst::StaffPinChecked{machine.pending(), cst::PinOutcome::wrong, 2});
    no_pin_drawn();
    CHECK(std::string(rig.host->current()->name()) == "staff-pin-wrong");
}
