// CardStatus: where a resident's e-KTP is in its life, from biometric capture to pickup.
//
//   BIO_CAPTURED -> SENT_FOR_ENROLLMENT -> (ENROLL_FAILURE | DUPLICATE_RECORD | PRINT_READY_RECORD)
//   PRINT_READY_RECORD -> PRINTED -> IN_KIOSK -> PICKED_UP
//   IN_KIOSK -> RETURNED (not collected in time, back at the office) | CAPTURED (kept by the kiosk)
//   REPRINT_REJECTED: a replacement was asked for but a card was printed before (suket at the counter)
//
// The wire codes ("PRINT_READY_RECORD") are what the central system sends and the store keeps; they
// never change once shipped. Transitions live in card_status_rules.hpp, resident-facing texts in
// status_text.hpp.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace kiosk::core {

enum class CardStatus {
    bio_captured,
    sent_for_enrollment,
    enroll_failure,
    duplicate_record,
    print_ready_record,
    printed,
    in_kiosk,
    picked_up,
    returned,
    captured,
    reprint_rejected,
};

inline constexpr std::array kAllCardStatuses = {
    CardStatus::bio_captured,     CardStatus::sent_for_enrollment, CardStatus::enroll_failure,
    CardStatus::duplicate_record, CardStatus::print_ready_record,  CardStatus::printed,
    CardStatus::in_kiosk,         CardStatus::picked_up,           CardStatus::returned,
    CardStatus::captured,         CardStatus::reprint_rejected,
};

// "PRINT_READY_RECORD" and back. from_wire_code is exact (case-sensitive) and nullopt for anything else.
[[nodiscard]] std::string_view wire_code(CardStatus status);
[[nodiscard]] std::optional<CardStatus> card_status_from_wire_code(std::string_view code);

// Who is served first when blanks are short: first-time card holders and urgent needs (health,
// school enrolment) before replacements.
enum class Priority { first_card, urgent_need, replacement };

inline constexpr std::array kAllPriorities = {Priority::first_card, Priority::urgent_need, Priority::replacement};

[[nodiscard]] std::string_view wire_code(Priority priority);  // "FIRST_CARD", "URGENT_NEED", "REPLACEMENT"
[[nodiscard]] std::optional<Priority> priority_from_wire_code(std::string_view code);

}  // namespace kiosk::core
