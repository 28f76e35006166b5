// CardService on the real PC/SC stack (pcscd with vsmartcard-vpcd, the virtual cards on its two
// slots) while pcscd dies: killed outright (SIGKILL, as a crash) in the middle of a pickup's chip read
// at the read position, then started again.
//
// What must hold: the read in progress answers, with a refusal (never a chip, never silence: the
// session would otherwise wait out its deadline with the card at the read position); the card
// reader is reported down (disconnected) while the daemon is gone; once it is back, the reader is
// reported up again without restarting the service, and the next read at the read position returns
// the resident's chip.
#include "drivers/cardreader/sim/vpcd_card.hpp"
#include "kiosk/app/card_service.hpp"
#include "tests/drivers/cardreader/test_cards.hpp"
#include "tests/kiosk/app/counted_inbox.hpp"
#include "tests/support/pcscd_fixture.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <optional>
#include <thread>
#include <vector>

using namespace kiosk;
using namespace kiosk::app;
namespace session = kiosk::core::session;
namespace sim = kiosk::cardreader::sim;

namespace {

constexpr int kChipReadTimeoutMs = 3000;

// The test thread in the UI thread's place: every event the service delivered, in order.
struct Events {
    test::CountedInbox waking;
    std::vector<session::Event> seen;

    // Drains until `found` holds for one event (returned), or fails after `timeout`.
    template <class T, class Pred>
    T await(Pred found, std::chrono::milliseconds timeout, const char* what) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::size_t checked = 0;
        for (;;) {
            for (auto& event : waking.inbox().drain()) seen.push_back(std::move(event));
            for (; checked < seen.size(); ++checked)
                if (const auto* hit = std::get_if<T>(&seen[checked]); hit && found(*hit)) return *hit;
            REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "no " << what << " within the deadline");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    session::DeviceHealth await_reader(bool up) {
        return await<session::DeviceHealth>(
            [&](const session::DeviceHealth& h) { return h.device == session::Device::card_reader && h.up() == up; },
            std::chrono::seconds(15), up ? "card reader up" : "card reader down");
    }
    session::ChipReadAtReadPosition await_chip(session::RequestId request) {
        return await<session::ChipReadAtReadPosition>(
            [&](const session::ChipReadAtReadPosition& c) { return c.request == request; },
            std::chrono::milliseconds(kChipReadTimeoutMs + 10'000), "answer to the chip read");
    }
};

}  // namespace

TEST_CASE("pcscd killed during the read position's chip read: a refusal, the reader down, then back by itself") {
    auto& pcscd = kiosk::testing::shared_pcscd();
    REQUIRE_MESSAGE(pcscd.owns_daemon(), "stop the pcscd started outside the tests to run this recovery test");

    // The resident's card at the read position, answering slowly so the read spans the kill.
    auto card = sim::VpcdCard::start("127.0.0.1", kiosk::testing::kVpcdPort1, cardreader::test::make_test_card());
    REQUIRE(card.ok());
    // The front reader's slot holds no card: its presence only says the readers are listed.
    Events events;
    CardService service(events.waking.inbox(),
                        std::make_unique<PcscCardReaders>(cardreader::test::test_issuer_key().public_key()),
                        cardreader::ReaderRoles{kiosk::testing::kVpcdReader0, kiosk::testing::kVpcdReader1},
                        kChipReadTimeoutMs);
    service.start();
    events.await_reader(true);

    (*card)->set_delay_ms(150);
    const std::uint64_t answered_before = (*card)->apdus_answered();
    service.read_at_read_position(1);
    // The read is under way once the card answered its first command.
    const auto read_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((*card)->apdus_answered() == answered_before) {
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < read_deadline, "the chip read never reached the card");
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(pcscd.stop(2000, SIGKILL).ok());

    const auto cut_short = events.await_chip(1);
    CHECK_FALSE(cut_short.chip.has_value());
    events.await_reader(false);

    // pcscd comes back; nothing is restarted on the kiosk's side.
    REQUIRE(pcscd.ensure_running().ok());
    events.await_reader(true);
    (*card)->set_delay_ms(0);
    service.read_at_read_position(2);
    const auto after = events.await_chip(2);
    REQUIRE_MESSAGE(after.chip.has_value(), "the read after pcscd came back was refused");
    CHECK(after.chip->nik.digits() == cardreader::test::test_biodata().nik);
    service.stop();
}
