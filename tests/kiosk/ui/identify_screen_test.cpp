// The identify screen's hint line: what the resident reads under the NIK field for each view.
#include "kiosk/ui/screens/identify_screen.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace kiosk::ui;
using kiosk::core::Language;
using kiosk::core::NikProblem;

namespace {

// The identify screen's hint for a view, in one language (hint() is pure: no SDL needed).
IdentifyScreen::Hint hint_for(const kiosk::core::session::IdentifyScreen& view, Language language) {
    IdentifyScreen screen;
    screen.set_language(language);
    screen.update(view);
    return screen.hint();
}

kiosk::core::session::IdentifyScreen view_of(const std::string& grouped, std::size_t count) {
    kiosk::core::session::IdentifyScreen v;
    v.typed_grouped = grouped;
    v.digit_count = count;
    return v;
}

}  // namespace

TEST_CASE("hint text: plain words in both languages, never the NIK itself") {
    const auto missing = view_of("1403 1215 05", 10);
    CHECK(hint_for(missing, Language::id).text.starts_with("10 dari 16 digit."));
    CHECK(hint_for(missing, Language::en).text.starts_with("10 of 16 digits."));
    CHECK(hint_for(view_of("1403 1215 0590 000", 15), Language::en).text.starts_with("15 of 16 digits."));
    CHECK_FALSE(hint_for(missing, Language::id).problem);
    CHECK(hint_for(missing, Language::id).text.find("1403") == std::string::npos);

    auto early = view_of("1403 1215 0590 0", 13);
    early.too_short = true;
    // "Lanjut" pressed early is progress, not a mistake: neutral, not in the problem colour.
    CHECK_FALSE(hint_for(early, Language::id).problem);
    CHECK(hint_for(early, Language::id).text.starts_with("13 dari 16 digit."));
    CHECK(hint_for(early, Language::en).text.starts_with("13 of 16 digits."));

    auto province = view_of("99", 2);
    province.hint = NikProblem::unknown_province;
    CHECK(hint_for(province, Language::id).problem);
    CHECK(hint_for(province, Language::id).text.find("provinsi") != std::string::npos);
    CHECK(hint_for(province, Language::en).text.find("province") != std::string::npos);
    // With all 16 digits an implausible NIK may still go on after a second "Lanjut": the words say so.
    auto serial = view_of("1403 1215 0590 0000", 16);
    serial.hint = NikProblem::serial_zero;
    serial.confirm_needed = true;
    CHECK(hint_for(serial, Language::id).text.find("Tekan Lanjut sekali lagi") != std::string::npos);
    CHECK(hint_for(province, Language::id).text.find("Lanjut") == std::string::npos);

    // Every plausibility problem has its own sentence in each language (core's nik_problem_hint).
    for (NikProblem p : {NikProblem::unknown_province, NikProblem::regency_zero, NikProblem::district_zero,
                         NikProblem::day_out_of_range, NikProblem::month_out_of_range, NikProblem::day_not_in_month,
                         NikProblem::serial_zero}) {
        auto v = view_of("14", 2);
        v.hint = p;
        CAPTURE(kiosk::core::to_code(p));
        CHECK(hint_for(v, Language::id).text != hint_for(view_of("14", 2), Language::id).text);
        CHECK(hint_for(v, Language::en).text != hint_for(v, Language::id).text);
    }

    // The card reader's news, when nothing is typed yet.
    auto refused = view_of("", 0);
    refused.tap_refused = kiosk::core::session::ChipRefusal::unreadable;
    CHECK(hint_for(refused, Language::id).text.starts_with("Kartu tidak terbaca, tempelkan lagi"));
    CHECK(hint_for(refused, Language::id).problem);
}
