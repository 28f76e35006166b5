#include "kiosk/core/card_status_rules.hpp"

#include <algorithm>
#include <string>

namespace kiosk::core {
namespace {

using enum CardStatus;

// Each edge is a step of the real office process. Anything not listed is refused.
constexpr CardStatusTransition kTransitions[] = {
    // The central pipeline.
    {bio_captured, sent_for_enrollment,
     "the office uploaded the recorded biometrics to the central system for de-duplication"},
    {sent_for_enrollment, enroll_failure,
     "the central system could not enrol the record (poor fingerprints or photo, corrupt upload)"},
    {sent_for_enrollment, duplicate_record,
     "de-duplication matched the biometrics of another record (recorded twice, or a false match)"},
    {sent_for_enrollment, print_ready_record, "enrolment succeeded: the record is ready to print"},
    {enroll_failure, bio_captured, "the resident came back and the office recorded the biometrics again"},
    {enroll_failure, sent_for_enrollment,
     "the failure was in transmission, not in the biometrics: the office resent the same recording"},
    {duplicate_record, bio_captured,
     "the duplicate was a recording error: the office recorded the biometrics again under the right NIK"},
    {duplicate_record, print_ready_record,
     "the office resolved the duplicate (false match cleared, or records merged into this NIK)"},

    // The card's own life once the record is ready to print.
    {print_ready_record, printed, "a blank was available and the office printed the card"},
    {printed, in_kiosk, "staff loaded the printed card into this kiosk's dispenser"},
    {printed, picked_up, "the resident collected the printed card at the counter, not from the kiosk"},
    {in_kiosk, picked_up, "the resident was verified and took the card from the kiosk's mouth"},
    {in_kiosk, returned,
     "the card was not collected before the deadline: staff unloaded it and took it back to the office"},
    {in_kiosk, captured, "the card was presented but not taken in time: the kiosk pulled it into the capture bin"},
    {in_kiosk, printed,
     "staff unloaded the card before its deadline (kiosk out of service, moved to another kiosk); it is "
     "at the office again"},
    {captured, in_kiosk, "staff cleared the capture bin, checked the card and loaded it into a slot again"},
    {captured, returned, "staff cleared the capture bin and took the card back to the office"},
    {captured, picked_up,
     "the resident asked at the counter; staff verified them and handed over the card from the bin"},
    {returned, in_kiosk, "staff loaded a card that had been returned to the office into the kiosk again"},
    {returned, picked_up, "the resident collected the returned card at the counter"},

    // Replacements. A card printed once cannot be printed again through the system while blanks are
    // short; the resident gets a suket instead, until a replacement is approved.
    {printed, reprint_rejected,
     "a replacement was requested for a record whose card was already printed: the reprint was refused"},
    {picked_up, reprint_rejected,
     "a replacement was requested (lost, damaged, data changed) after the card was collected: the reprint "
     "was refused"},
    {picked_up, print_ready_record,
     "a replacement was approved (data change, or a lost card with a police report): a new card waits for "
     "a blank"},
    {reprint_rejected, print_ready_record, "the office later approved the replacement: a new card waits for a blank"},
};

}  // namespace

std::span<const CardStatusTransition> card_status_transitions() {
    return kTransitions;
}

std::optional<std::string_view> transition_reason(CardStatus from, CardStatus to) {
    const auto* edge = std::find_if(std::begin(kTransitions), std::end(kTransitions),
                                    [&](const CardStatusTransition& t) { return t.from == from && t.to == to; });
    if (edge == std::end(kTransitions)) return std::nullopt;
    return edge->reason;
}

bool is_allowed_transition(CardStatus from, CardStatus to) {
    return transition_reason(from, to).has_value();
}

std::vector<CardStatus> next_statuses(CardStatus from) {
    std::vector<CardStatus> next;
    for (const CardStatus to : kAllCardStatuses)
        if (is_allowed_transition(from, to)) next.push_back(to);
    return next;
}

Status check_transition(CardStatus from, CardStatus to) {
    if (is_allowed_transition(from, to)) return {};
    return fail("card_status", "cannot go from " + std::string(wire_code(from)) + " to " + std::string(wire_code(to)));
}

}  // namespace kiosk::core
