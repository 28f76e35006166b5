// Helpers for tests through real pcscd: wait (event-driven, bounded) for a reader to see a card
// arrive or leave, and play a card on a vpcd slot.
#pragma once

#include "drivers/cardreader/pcsc_context.hpp"
#include "drivers/cardreader/sim/vpcd_card.hpp"
#include "tests/drivers/cardreader/card_presence.hpp"
#include "tests/support/pcscd_fixture.hpp"

#include <doctest/doctest.h>

namespace kiosk::cardreader::test {

// A card playing on vpcd slot 0 ("Virtual PCD 00 00"), inserted once pcscd has seen the slot empty,
// and returned only once pcscd reports it present.
inline std::unique_ptr<sim::VpcdCard> present_card(PcscContext& context, sim::CardImage image,
                                                   const char* reader = kiosk::testing::kVpcdReader0,
                                                   std::uint16_t port = kiosk::testing::kVpcdPort0) {
    REQUIRE(wait_card_state(context, reader, false, 5000));
    auto card = sim::VpcdCard::start("127.0.0.1", port, std::move(image));
    REQUIRE(card.ok());
    REQUIRE(wait_card_state(context, reader, true, 5000));
    return std::move(card.value());
}

inline std::unique_ptr<PcscContext> test_context() {
    kiosk::testing::shared_pcscd();
    auto context = PcscContext::establish();
    REQUIRE(context.ok());
    return std::move(context.value());
}

}  // namespace kiosk::cardreader::test
