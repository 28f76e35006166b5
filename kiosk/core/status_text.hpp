// Resident-facing texts: what a card status means and what to do next, what a priority category is,
// and a short hint for each NIK typing problem. Bahasa Indonesia first, English second, in plain words
// for residents who are not at ease with official language or with screens.
//
// Pure formatting: the facts (queue position, blank stock, ...) are passed in, and a sentence about a
// fact that is not known is left out so the text still reads naturally.
#pragma once

#include "kiosk/core/card_status.hpp"
#include "kiosk/core/language.hpp"
#include "kiosk/core/nik.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kiosk::core {

// What the kiosk knows beyond the status itself. Every field may be unknown.
struct StatusFacts {
    // The resident's place in the office's print queue: 1 is printed next.
    std::optional<std::uint32_t> queue_position;
    // Blank cards (blangko) the office holds right now.
    std::optional<std::uint32_t> office_blank_stock;
    // The category the resident's request is printed under.
    std::optional<Priority> priority;
    // The office's proper name as residents know it, e.g. "Disdukcapil Kota Pekanbaru".
    std::optional<std::string> office_name;
    // The counter's label as on its sign, e.g. "3" or "B": rendered "loket 3" / "counter 3".
    std::optional<std::string> counter_name;
};

struct StatusMessage {
    std::string title;        // a few words, the screen's heading
    std::string explanation;  // what the status means, honestly, in two or three short sentences
    std::string next_step;    // what the resident should do now
};

[[nodiscard]] StatusMessage status_message(CardStatus status, Language language, const StatusFacts& facts);

struct PriorityText {
    std::string_view label;        // "Kartu pertama" / "First card"
    std::string_view explanation;  // one line: who it is for and when it is printed
};

[[nodiscard]] PriorityText priority_text(Priority priority, Language language);

// A short hint for the keypad screen, e.g. "Nomor NIK harus 16 angka. Anda baru mengetik 15.".
// Never repeats the digits typed.
[[nodiscard]] std::string nik_problem_hint(const NikError& error, Language language);

// 10000 -> "10.000" (id) or "10,000" (en).
[[nodiscard]] std::string format_count(std::uint32_t count, Language language);

}  // namespace kiosk::core
