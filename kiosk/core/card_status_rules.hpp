// The allowed transitions between card statuses, each with the office process that causes it.
//
// The kiosk learns statuses from the central system and from its own dispenser; a status update that
// is not an allowed transition means the two disagree (a message lost or replayed out of order, a
// staff mistake) and is refused with an error naming both states, so an operator can sort it out
// instead of the resident seeing a status that cannot be true.
//
// The first status the kiosk hears for a resident may be any status (the kiosk can be installed when
// a card is already half way through its life); these rules govern only changes after that. A repeated
// update to the same status is not a transition: callers that want idempotent updates compare first.
#pragma once

#include "kiosk/core/card_status.hpp"
#include "kiosk/core/result.hpp"

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace kiosk::core {

struct CardStatusTransition {
    CardStatus from;
    CardStatus to;
    std::string_view reason;  // the office process behind the edge, in English, for operators
};

// Every allowed transition, once each.
[[nodiscard]] std::span<const CardStatusTransition> card_status_transitions();

[[nodiscard]] bool is_allowed_transition(CardStatus from, CardStatus to);

// The reason for an allowed transition; nullopt when it is not allowed.
[[nodiscard]] std::optional<std::string_view> transition_reason(CardStatus from, CardStatus to);

// The statuses reachable in one step from `from`, in the order of kAllCardStatuses.
[[nodiscard]] std::vector<CardStatus> next_statuses(CardStatus from);

// Ok when allowed; otherwise Error{"card_status", "cannot go from PICKED_UP to IN_KIOSK"}.
[[nodiscard]] Status check_transition(CardStatus from, CardStatus to);

}  // namespace kiosk::core
