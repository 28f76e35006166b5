#include "kiosk/ui/nik_entry.hpp"
#include "kiosk/ui/nik_hint_text.hpp"

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

TEST_CASE("hint text: plain words in both languages, never the NIK itself") {
    const NikHint missing{NikHintKind::keep_typing, 6, std::nullopt};
    CHECK(nik_hint_text(missing, Language::id) == "Kurang 6 angka lagi.");
    CHECK(nik_hint_text(missing, Language::en) == "6 more digits.");
    CHECK(nik_hint_text({NikHintKind::keep_typing, 1, std::nullopt}, Language::en) == "1 more digit.");
    CHECK_FALSE(nik_hint_is_problem(missing));

    const NikHint early{NikHintKind::too_short_submit, 3, std::nullopt};
    CHECK(nik_hint_is_problem(early));
    CHECK(nik_hint_text(early, Language::id).find("16 angka") != std::string::npos);

    const NikHint province{NikHintKind::check_digits, 14, NikProblem::unknown_province};
    CHECK(nik_hint_is_problem(province));
    CHECK(nik_hint_text(province, Language::id).find("provinsi") != std::string::npos);
    CHECK(nik_hint_text(province, Language::en).find("province") != std::string::npos);
    // With all 16 digits an implausible NIK may still go on: the words say so.
    const NikHint serial{NikHintKind::check_digits, 0, NikProblem::serial_zero};
    CHECK(nik_hint_text(serial, Language::id).find("tekan Lanjut") != std::string::npos);
    CHECK(nik_hint_text(province, Language::id).find("Lanjut") == std::string::npos);

    // Every plausibility problem has its own sentence in each language.
    for (NikProblem p : {NikProblem::unknown_province, NikProblem::regency_zero, NikProblem::district_zero,
                         NikProblem::day_out_of_range, NikProblem::month_out_of_range, NikProblem::day_not_in_month,
                         NikProblem::serial_zero}) {
        const NikHint h{NikHintKind::check_digits, 2, p};
        CAPTURE(kiosk::core::to_code(p));
        CHECK(nik_hint_text(h, Language::id) != nik_hint_text({NikHintKind::check_digits, 2, std::nullopt}, Language::id));
        CHECK(nik_hint_text(h, Language::en) != nik_hint_text(h, Language::id));
    }
}
