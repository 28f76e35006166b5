#include "kiosk/core/card_status_rules.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>

using namespace kiosk::core;

namespace {

// The expected table, written out by hand (rows: from, columns: to, in kAllCardStatuses order):
//   BIO SENT EFAIL DUP PRR PRINTED INK PICKED RET CAPT REJ
constexpr int kExpected[11][11] = {
    /* BIO_CAPTURED        */ {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    /* SENT_FOR_ENROLLMENT */ {0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0},
    /* ENROLL_FAILURE      */ {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    /* DUPLICATE_RECORD    */ {1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0},
    /* PRINT_READY_RECORD  */ {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0},
    /* PRINTED             */ {0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1},
    /* IN_KIOSK            */ {0, 0, 0, 0, 0, 1, 0, 1, 1, 1, 0},
    /* PICKED_UP           */ {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1},
    /* RETURNED            */ {0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0},
    /* CAPTURED            */ {0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0},
    /* REPRINT_REJECTED    */ {0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0},
};

}  // namespace

TEST_CASE("every one of the 11x11 status pairs is allowed or refused exactly as the table says") {
    REQUIRE(kAllCardStatuses.size() == 11);
    int allowed = 0;
    for (std::size_t f = 0; f < kAllCardStatuses.size(); ++f) {
        for (std::size_t t = 0; t < kAllCardStatuses.size(); ++t) {
            const CardStatus from = kAllCardStatuses[f];
            const CardStatus to = kAllCardStatuses[t];
            CAPTURE(wire_code(from));
            CAPTURE(wire_code(to));
            const bool expected = kExpected[f][t] == 1;
            CHECK(is_allowed_transition(from, to) == expected);
            const auto result = check_transition(from, to);
            CHECK(result.ok() == expected);
            if (expected) {
                ++allowed;
                const auto reason = transition_reason(from, to);
                REQUIRE(reason.has_value());
                CHECK(reason->size() > 20);
            } else {
                CHECK_FALSE(transition_reason(from, to).has_value());
                CHECK(result.error().where == "card_status");
                CHECK(result.error().what ==
                      "cannot go from " + std::string(wire_code(from)) + " to " + std::string(wire_code(to)));
            }
        }
    }
    CHECK(allowed == static_cast<int>(card_status_transitions().size()));
}

TEST_CASE("the error names both states") {
    const auto result = check_transition(CardStatus::picked_up, CardStatus::in_kiosk);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().to_string() == "card_status: cannot go from PICKED_UP to IN_KIOSK");
}

TEST_CASE("the transition list has no duplicates and no self-loops") {
    std::set<std::pair<CardStatus, CardStatus>> seen;
    for (const auto& t : card_status_transitions()) {
        CHECK(t.from != t.to);
        CHECK(seen.insert({t.from, t.to}).second);
    }
}

TEST_CASE("next_statuses lists the table's row in order") {
    CHECK(next_statuses(CardStatus::in_kiosk) ==
          std::vector{CardStatus::printed, CardStatus::picked_up, CardStatus::returned, CardStatus::captured});
    CHECK(next_statuses(CardStatus::bio_captured) == std::vector{CardStatus::sent_for_enrollment});
}

TEST_CASE("every status can be reached and every status but a dead end can be left") {
    // From BIO_CAPTURED every status is reachable: the rules contain no orphan.
    std::set<CardStatus> reached{CardStatus::bio_captured};
    std::vector<CardStatus> frontier{CardStatus::bio_captured};
    while (!frontier.empty()) {
        const CardStatus from = frontier.back();
        frontier.pop_back();
        for (const CardStatus to : next_statuses(from))
            if (reached.insert(to).second) frontier.push_back(to);
    }
    CHECK(reached.size() == kAllCardStatuses.size());
    // No status is a trap: each has a way on (a picked-up card can still need a replacement).
    for (const CardStatus status : kAllCardStatuses) {
        CAPTURE(wire_code(status));
        CHECK_FALSE(next_statuses(status).empty());
    }
}
