#include "kiosk/ui/nik_entry.hpp"
#include "kiosk/ui/screens/identify_screen.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace kiosk::ui;
using kiosk::core::CivilDate;
using kiosk::core::NikProblem;

namespace {

const CivilDate kToday{2026, 11, 21};

NikEntry typed(const std::string& digits) {
    NikEntry entry;
    for (char d : digits) REQUIRE(entry.push_digit(d));
    return entry;
}

}  // namespace

TEST_CASE("digits show in groups of four with blanks still to type") {
    NikEntry entry;
    CHECK(entry.grouped_with_blanks() == "____ ____ ____ ____");
    CHECK(typed("1403121505").grouped_with_blanks() == "1403 1215 05__ ____");
    CHECK(typed("1403121505900001").grouped_with_blanks() == "1403 1215 0590 0001");
}

TEST_CASE("editing: push, backspace, clear, and a full entry takes no more") {
    NikEntry entry = typed("140312");
    CHECK_FALSE(entry.push_digit('x'));
    CHECK_FALSE(entry.push_digit(' '));
    CHECK(entry.size() == 6);
    CHECK(entry.backspace());
    CHECK(entry.digits() == "14031");
    CHECK(entry.clear());
    CHECK(entry.digits().empty());
    CHECK_FALSE(entry.backspace());
    CHECK_FALSE(entry.clear());

    entry = typed("1403121505900001");
    CHECK(entry.full());
    CHECK_FALSE(entry.push_digit('7'));
    CHECK(entry.digits() == "1403121505900001");
    REQUIRE(entry.nik().has_value());
    CHECK(entry.nik()->digits() == "1403121505900001");
    CHECK_FALSE(typed("140312150590000").nik().has_value());
}

TEST_CASE("hints count down while nothing is wrong") {
    CHECK(NikEntry{}.hint(kToday) == NikHint{NikHintKind::keep_typing, 16, std::nullopt});
    CHECK(typed("14").hint(kToday) == NikHint{NikHintKind::keep_typing, 14, std::nullopt});
    CHECK(typed("1403121505900001").hint(kToday) == NikHint{NikHintKind::ready, 0, std::nullopt});
}

TEST_CASE("a field is judged only once all its digits are typed") {
    // 99 is not a province: said after the second digit, not the first.
    CHECK(typed("9").hint(kToday).kind == NikHintKind::keep_typing);
    CHECK(typed("99").hint(kToday) == NikHint{NikHintKind::check_digits, 14, NikProblem::unknown_province});
    CHECK(typed("1400").hint(kToday).problem == NikProblem::regency_zero);
    CHECK(typed("140300").hint(kToday).problem == NikProblem::district_zero);
    // Day 3x: "3" alone may become 31; "35" is wrong for men and women alike.
    CHECK(typed("1403123").hint(kToday).kind == NikHintKind::keep_typing);
    CHECK(typed("14031235").hint(kToday).problem == NikProblem::day_out_of_range);
    CHECK(typed("14031245").hint(kToday).kind == NikHintKind::keep_typing);  // a woman born on the 5th
    CHECK(typed("1403121513").hint(kToday).problem == NikProblem::month_out_of_range);
    // 30 February: wrong whatever the year, but told once the year is typed (29 Feb needs it).
    CHECK(typed("1403123002").hint(kToday).kind == NikHintKind::keep_typing);
    CHECK(typed("140312300290").hint(kToday).problem == NikProblem::day_not_in_month);
    CHECK(typed("140312290200").hint(kToday).kind == NikHintKind::keep_typing);  // 2000 was a leap year
    CHECK(typed("140312290201").hint(kToday).problem == NikProblem::day_not_in_month);
    CHECK(typed("1403121505900000").hint(kToday).problem == NikProblem::serial_zero);
    // An early problem stays until it is fixed, even as more digits come.
    CHECK(typed("99031215").hint(kToday).problem == NikProblem::unknown_province);
}

TEST_CASE("digits_needed_for covers every plausibility problem") {
    CHECK(digits_needed_for(NikProblem::unknown_province) == 2);
    CHECK(digits_needed_for(NikProblem::serial_zero) == 16);
    CHECK(digits_needed_for(NikProblem::too_short) == 0);
}

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
    CHECK(hint_for(missing, Language::id).text.starts_with("Kurang 6 angka lagi."));
    CHECK(hint_for(missing, Language::en).text.starts_with("6 more digits."));
    CHECK(hint_for(view_of("1403 1215 0590 000", 15), Language::en).text.starts_with("1 more digit."));
    CHECK_FALSE(hint_for(missing, Language::id).problem);
    CHECK(hint_for(missing, Language::id).text.find("1403") == std::string::npos);

    auto early = view_of("1403 1215 0590 0", 13);
    early.too_short = true;
    CHECK(hint_for(early, Language::id).problem);
    CHECK(hint_for(early, Language::id).text.find("16 angka") != std::string::npos);

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
