#include "kiosk/core/card_status.hpp"

namespace kiosk::core {

std::string_view wire_code(CardStatus status) {
    switch (status) {
        case CardStatus::bio_captured: return "BIO_CAPTURED";
        case CardStatus::sent_for_enrollment: return "SENT_FOR_ENROLLMENT";
        case CardStatus::enroll_failure: return "ENROLL_FAILURE";
        case CardStatus::duplicate_record: return "DUPLICATE_RECORD";
        case CardStatus::print_ready_record: return "PRINT_READY_RECORD";
        case CardStatus::printed: return "PRINTED";
        case CardStatus::in_kiosk: return "IN_KIOSK";
        case CardStatus::picked_up: return "PICKED_UP";
        case CardStatus::returned: return "RETURNED";
        case CardStatus::captured: return "CAPTURED";
        case CardStatus::reprint_rejected: return "REPRINT_REJECTED";
    }
    return "UNKNOWN";
}

std::optional<CardStatus> card_status_from_wire_code(std::string_view code) {
    for (const CardStatus status : kAllCardStatuses)
        if (wire_code(status) == code) return status;
    return std::nullopt;
}

std::string_view wire_code(Priority priority) {
    switch (priority) {
        case Priority::first_card: return "FIRST_CARD";
        case Priority::urgent_need: return "URGENT_NEED";
        case Priority::replacement: return "REPLACEMENT";
    }
    return "UNKNOWN";
}

std::optional<Priority> priority_from_wire_code(std::string_view code) {
    for (const Priority priority : kAllPriorities)
        if (wire_code(priority) == code) return priority;
    return std::nullopt;
}

}  // namespace kiosk::core
