#include "kiosk/core/status_text.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace kiosk::core;

namespace {

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

StatusFacts all_facts() {
    StatusFacts facts;
    facts.queue_position = 1234;
    facts.office_blank_stock = 10000;
    facts.priority = Priority::replacement;
    facts.office_name = "Disdukcapil Kota Pekanbaru";
    facts.counter_name = "7";
    return facts;
}

}  // namespace

TEST_CASE("every status in every language has a title, an explanation and a next step, all filled in") {
    for (const StatusFacts& facts : {StatusFacts{}, all_facts()}) {
        for (const CardStatus status : kAllCardStatuses) {
            const StatusMessage id = status_message(status, Language::id, facts);
            const StatusMessage en = status_message(status, Language::en, facts);
            for (const StatusMessage* m : {&id, &en}) {
                CAPTURE(wire_code(status));
                CAPTURE(m->explanation);
                CHECK_FALSE(m->title.empty());
                CHECK(m->explanation.size() > 20);
                CHECK(m->next_step.size() > 10);
                for (const std::string* text : {&m->title, &m->explanation, &m->next_step}) {
                    CHECK_FALSE(contains(*text, "{"));
                    CHECK_FALSE(contains(*text, "}"));
                    CHECK_FALSE(contains(*text, "  "));
                    CHECK(text->back() != ' ');
                }
            }
            CHECK(id.title != en.title);
            CHECK(id.explanation != en.explanation);
            CHECK(id.next_step != en.next_step);
        }
    }
}

TEST_CASE("titles are distinct, so no two statuses look alike on screen") {
    for (const Language language : kAllLanguages) {
        for (const CardStatus a : kAllCardStatuses)
            for (const CardStatus b : kAllCardStatuses)
                if (a != b) CHECK(status_message(a, language, {}).title != status_message(b, language, {}).title);
    }
}

TEST_CASE("PRR says ready to print and is honest about the blank shortage") {
    const auto id = status_message(CardStatus::print_ready_record, Language::id, {});
    const auto en = status_message(CardStatus::print_ready_record, Language::en, {});
    CHECK(id.title == "Data Anda sudah siap cetak");
    CHECK(en.title == "Your record is ready to print");
    CHECK(contains(id.explanation, "Blangko"));
    CHECK(contains(en.explanation, "short supply"));
    CHECK(contains(id.next_step, "SMS"));
    CHECK(contains(en.next_step, "check again"));
    // Without facts no number and no sentence about the queue or stock appears.
    CHECK_FALSE(contains(id.explanation, "urutan"));
    CHECK_FALSE(contains(en.explanation, "queue"));
    CHECK_FALSE(contains(en.explanation, "left"));
}

TEST_CASE("PRR inserts the queue position and blank stock when known, formatted for the language") {
    StatusFacts facts;
    facts.queue_position = 1234;
    facts.office_blank_stock = 10000;
    const auto id = status_message(CardStatus::print_ready_record, Language::id, facts);
    const auto en = status_message(CardStatus::print_ready_record, Language::en, facts);
    CHECK(contains(id.explanation, "Sisa blangko di kantor ini: 10.000 kartu."));
    CHECK(contains(id.explanation, "urutan ke-1.234 antrean cetak"));
    CHECK(contains(id.explanation, "cukup untuk giliran Anda"));
    CHECK(contains(en.explanation, "Blank cards left at this office: 10,000."));
    CHECK(contains(en.explanation, "number 1,234 in the print queue"));
    CHECK(contains(en.explanation, "enough blanks for your turn"));

    facts.queue_position = 20001;
    CHECK(contains(status_message(CardStatus::print_ready_record, Language::en, facts).explanation,
                   "wait for the next delivery"));

    StatusFacts only_queue;
    only_queue.queue_position = 1;
    const auto next = status_message(CardStatus::print_ready_record, Language::en, only_queue).explanation;
    CHECK(contains(next, "next in the print queue"));
    CHECK_FALSE(contains(next, "Blank cards left"));
    CHECK_FALSE(contains(next, "enough"));

    StatusFacts none_left;
    none_left.office_blank_stock = 0;
    none_left.office_name = "Disdukcapil Kabupaten Kampar";
    CHECK(contains(status_message(CardStatus::print_ready_record, Language::id, none_left).explanation,
                   "blangko di Disdukcapil Kabupaten Kampar habis"));
    CHECK(contains(status_message(CardStatus::print_ready_record, Language::en, none_left).explanation,
                   "Disdukcapil Kabupaten Kampar has no blank cards left"));
}

TEST_CASE("PRR explains the priority when known") {
    StatusFacts facts;
    facts.priority = Priority::first_card;
    CHECK(contains(status_message(CardStatus::print_ready_record, Language::en, facts).explanation, "first card"));
    facts.priority = Priority::urgent_need;
    CHECK(contains(status_message(CardStatus::print_ready_record, Language::id, facts).explanation,
                   "kebutuhan mendesak"));
    facts.priority = Priority::replacement;
    CHECK(contains(status_message(CardStatus::print_ready_record, Language::en, facts).explanation, "wait longer"));
}

TEST_CASE("the counter and office are named when known and described plainly when not") {
    StatusFacts facts;
    CHECK(contains(status_message(CardStatus::captured, Language::id, facts).next_step, "loket pelayanan"));
    CHECK(contains(status_message(CardStatus::captured, Language::en, facts).next_step, "the service counter"));
    CHECK(contains(status_message(CardStatus::printed, Language::en, facts).explanation, "the population office"));
    facts.counter_name = "3";
    facts.office_name = "Disdukcapil Kota Pekanbaru";
    CHECK(contains(status_message(CardStatus::captured, Language::id, facts).next_step, "di loket 3."));
    CHECK(contains(status_message(CardStatus::captured, Language::en, facts).next_step, "at counter 3."));
    CHECK(contains(status_message(CardStatus::printed, Language::id, facts).explanation,
                   "ada di Disdukcapil Kota Pekanbaru."));
    // An empty name counts as unknown, never "loket ."
    facts.counter_name = "";
    CHECK(contains(status_message(CardStatus::returned, Language::id, facts).next_step, "loket pelayanan"));
}

TEST_CASE("REPRINT_REJECTED sends the resident for a suket; CAPTURED says the kiosk kept the card") {
    const auto rejected = status_message(CardStatus::reprint_rejected, Language::id, {});
    CHECK(contains(rejected.next_step, "surat keterangan (suket)"));
    CHECK(contains(status_message(CardStatus::reprint_rejected, Language::en, {}).next_step, "suket"));
    const auto captured = status_message(CardStatus::captured, Language::en, {});
    CHECK(contains(captured.explanation, "machine"));
    CHECK(contains(captured.next_step, "ask"));
}

TEST_CASE("priority categories have distinct labels and explanations in both languages") {
    for (const Priority p : kAllPriorities) {
        const auto id = priority_text(p, Language::id);
        const auto en = priority_text(p, Language::en);
        CHECK_FALSE(id.label.empty());
        CHECK(id.explanation.size() > 20);
        CHECK(en.explanation.size() > 20);
        CHECK(id.label != en.label);
        CHECK(id.explanation != en.explanation);
    }
    CHECK(priority_text(Priority::first_card, Language::id).label == "Kartu pertama");
    CHECK(contains(std::string(priority_text(Priority::urgent_need, Language::en).explanation), "school"));
    CHECK(priority_text(Priority::first_card, Language::en).label !=
          priority_text(Priority::replacement, Language::en).label);
}

TEST_CASE("every NIK problem has a plain hint in both languages") {
    const NikProblem problems[] = {
        NikProblem::empty,
        NikProblem::invalid_character,
        NikProblem::misplaced_separator,
        NikProblem::too_short,
        NikProblem::too_long,
        NikProblem::unknown_province,
        NikProblem::regency_zero,
        NikProblem::district_zero,
        NikProblem::day_out_of_range,
        NikProblem::month_out_of_range,
        NikProblem::day_not_in_month,
        NikProblem::serial_zero,
    };
    std::set<std::string> seen;
    for (const NikProblem problem : problems) {
        for (const Language language : kAllLanguages) {
            CAPTURE(to_code(problem));
            const std::string hint = nik_problem_hint(NikError{problem, 3, 15}, language);
            CHECK(hint.size() > 15);
            CHECK_FALSE(contains(hint, "{"));
            CHECK(seen.insert(hint).second);  // distinct per problem and per language
        }
    }
}

TEST_CASE("the digit count is in the length hints") {
    CHECK(nik_problem_hint(NikError{NikProblem::too_short, 15, 15}, Language::id) ==
          "Nomor NIK harus 16 angka. Anda baru mengetik 15.");
    CHECK(nik_problem_hint(NikError{NikProblem::too_short, 3, 3}, Language::en) ==
          "A NIK has 16 digits. You have typed 3 so far.");
    CHECK(contains(nik_problem_hint(NikError{NikProblem::too_long, 17, 17}, Language::id), "mengetik 17"));
}

TEST_CASE("plausibility hints let the resident go on; form hints do not") {
    CHECK(contains(nik_problem_hint(NikError{NikProblem::unknown_province, 0, 0}, Language::en), "still go on"));
    CHECK_FALSE(contains(nik_problem_hint(NikError{NikProblem::too_short, 0, 4}, Language::en), "still go on"));
}

TEST_CASE("counts are grouped by thousands the way each language writes them") {
    CHECK(format_count(0, Language::id) == "0");
    CHECK(format_count(999, Language::en) == "999");
    CHECK(format_count(1000, Language::id) == "1.000");
    CHECK(format_count(1000, Language::en) == "1,000");
    CHECK(format_count(4294967295U, Language::en) == "4,294,967,295");
}
