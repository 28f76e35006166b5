// The pickup journal's confirmations: a card never moves past a journal write that failed or went
// unanswered, and a closing that fails after the card's last movement reaches an operator.
#include "tests/kiosk/core/session/session_rig.hpp"

using namespace kiosk::core;
using namespace kiosk::core::session;
using namespace kiosk::core::session::test;

namespace {

bool ever_presented(const SessionRig& rig) {
    for (const auto& commands : rig.all)
        if (find_command<PresentCard>(commands)) return true;
    return false;
}
int alerts_of(const SessionRig& rig, AlertReason reason) {
    int n = 0;
    for (const auto& commands : rig.all)
        for (const auto& c : commands)
            if (const auto* alert = std::get_if<AlertOperator>(&c); alert && alert->reason == reason) ++n;
    return n;
}
// The one capture of the pickup completes; returns its commands.
Commands captured(SessionRig& rig) {
    int captures = 0;
    for (const auto& commands : rig.all) captures += count_commands<CaptureCard>(commands);
    REQUIRE(captures == 1);
    REQUIRE(rig.screen<PickupScreen>().phase == PickupPhase::securing_card);
    return rig.send(CardCaptured{rig.pending(), DispenserOutcome::ok});
}
const JournalPickupStep& step_of(const Commands& commands, PickupStep step) {
    for (const auto& c : commands)
        if (const auto* s = std::get_if<JournalPickupStep>(&c); s && s->step == step) return *s;
    FAIL("no such journal step");
    throw;
}

}  // namespace

TEST_CASE("a failed `fetched` step: the card at the read position goes to the bin, never to the mouth") {
    SessionRig rig;
    const Commands fetched = rig.reach_chip_read();
    const RequestId chip_read = find_command<ReadChipAtReadPosition>(fetched)->request;
    const Commands out = rig.answer_journal(fetched, false);
    REQUIRE(find_command<AlertOperator>(out) != nullptr);
    CHECK(find_command<AlertOperator>(out)->reason == AlertReason::journal_failed);
    CHECK(find_command<AlertOperator>(out)->slot == 17);
    REQUIRE(find_command<CaptureCard>(out) != nullptr);
    // The chip read that was under way answers late: the resident's own card, yet nothing moves out.
    CHECK(rig.send(ChipReadAtReadPosition{chip_read, AuthenticatedChip{nik_of(kKnownNik), "KTP-000123"}, {}}).empty());
    const Commands closing = captured(rig);
    REQUIRE(find_command<JournalCaptured>(closing) != nullptr);
    CHECK(find_command<JournalCaptured>(closing)->reason == CaptureReason::journal_failed);
    CHECK(find_command<RecordStatus>(closing) == nullptr);
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::go_to_counter);
    CHECK_FALSE(ever_presented(rig));
}

TEST_CASE("a failed `chip_verified` or `presenting` step: captured, never presented, one alert") {
    for (PickupStep failing : {PickupStep::chip_verified, PickupStep::presenting}) {
        CAPTURE(static_cast<int>(failing));
        SessionRig rig;
        const Commands fetched = rig.reach_chip_read();
        const Commands verified =
            rig.send(ChipReadAtReadPosition{rig.pending(), AuthenticatedChip{nik_of(kKnownNik), "KTP-000123"}, {}});
        CHECK(rig.answer_journal(fetched).empty());
        for (PickupStep step : {PickupStep::chip_verified, PickupStep::presenting}) {
            rig.send(PickupStepJournaled{step_of(verified, step).request, step != failing});
            CHECK(find_command<PresentCard>(rig.last) == nullptr);
        }
        const Commands closing = captured(rig);
        CHECK(find_command<JournalCaptured>(closing)->reason == CaptureReason::journal_failed);
        CHECK(alerts_of(rig, AlertReason::journal_failed) == 1);
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::go_to_counter);
        CHECK_FALSE(ever_presented(rig));
    }
}

TEST_CASE("every step fails: still one alert for the pickup, and one capture") {
    SessionRig rig;
    const Commands fetched = rig.reach_chip_read();
    const Commands verified =
        rig.send(ChipReadAtReadPosition{rig.pending(), AuthenticatedChip{nik_of(kKnownNik), "KTP-000123"}, {}});
    const Commands first = rig.answer_journal(fetched, false);
    CHECK(find_command<AlertOperator>(first) != nullptr);
    CHECK(find_command<CaptureCard>(first) != nullptr);
    CHECK(rig.answer_journal(verified, false).empty());  // already alerted, already capturing
    CHECK(alerts_of(rig, AlertReason::journal_failed) == 1);
    captured(rig);
    CHECK_FALSE(ever_presented(rig));
}

TEST_CASE("the card is presented only once every step is confirmed, whatever order the answers come in") {
    SessionRig rig;
    const Commands fetched = rig.reach_chip_read();
    const Commands verified =
        rig.send(ChipReadAtReadPosition{rig.pending(), AuthenticatedChip{nik_of(kKnownNik), "KTP-000123"}, {}});
    CHECK(rig.send(PickupStepJournaled{step_of(verified, PickupStep::presenting).request, true}).empty());
    CHECK(rig.send(PickupStepJournaled{step_of(verified, PickupStep::chip_verified).request, true}).empty());
    CHECK(rig.screen<PickupScreen>().phase == PickupPhase::checking_card);
    rig.answer_journal(fetched);
    CHECK(find_command<PresentCard>(rig.last) != nullptr);
    CHECK(rig.screen<PickupScreen>().phase == PickupPhase::take_card);
}

TEST_CASE("a `presenting` step the store never answers: at its deadline the card is captured") {
    SessionRig rig;
    rig.answer_journal(rig.reach_chip_read());
    const Commands verified =
        rig.send(ChipReadAtReadPosition{rig.pending(), AuthenticatedChip{nik_of(kKnownNik), "KTP-000123"}, {}});
    rig.advance(rig.config.journal_timeout - 1ms);
    CHECK(rig.screen<PickupScreen>().phase == PickupPhase::checking_card);
    CHECK(find_command<CaptureCard>(rig.last) == nullptr);
    rig.advance(1ms);
    REQUIRE(find_command<AlertOperator>(rig.last) != nullptr);
    CHECK(find_command<AlertOperator>(rig.last)->reason == AlertReason::journal_failed);
    REQUIRE(find_command<CaptureCard>(rig.last) != nullptr);
    // The confirmation arriving after the deadline moves nothing more.
    CHECK(rig.answer_journal(verified).empty());
    const Commands closing = captured(rig);
    CHECK(find_command<JournalCaptured>(closing)->reason == CaptureReason::journal_failed);
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::go_to_counter);
    CHECK_FALSE(ever_presented(rig));
}

TEST_CASE("journal_done fails after the card was taken: the record and outbox are still sent, staff alerted") {
    SessionRig rig;
    const auto present = rig.reach_presented();
    const Commands taken = rig.send(CardPresentResult{present.request, TakeOutcome::taken});
    // The record and the outbox event go to the store whatever the closing's fate (the store writes
    // them on their own when the closing failed).
    REQUIRE(find_command<JournalPickupDone>(taken) != nullptr);
    CHECK(find_command<RecordStatus>(taken)->status == CardStatus::picked_up);
    CHECK(find_command<EmitOutboxEvent>(taken)->kind == OutboxKind::card_picked_up);
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::card_taken);
    SUBCASE("answered while the thank-you shows") {
        const Commands out = rig.answer_journal(taken, false);
        REQUIRE(find_command<AlertOperator>(out) != nullptr);
        CHECK(find_command<AlertOperator>(out)->reason == AlertReason::journal_failed);
        CHECK(find_command<AlertOperator>(out)->slot == 17);
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::card_taken);  // the resident has the card
    }
    SUBCASE("answered after the session ended") {
        rig.advance(rig.config.message_display);
        REQUIRE(rig.machine.phase() == Phase::attract);
        const Commands out = rig.answer_journal(taken, false);
        REQUIRE(find_command<AlertOperator>(out) != nullptr);
        CHECK(find_command<AlertOperator>(out)->slot == 17);
        CHECK(rig.machine.phase() == Phase::attract);
    }
}

TEST_CASE("a failed capture or abort closing reaches an operator too") {
    SUBCASE("captured (not taken)") {
        SessionRig rig;
        const auto present = rig.reach_presented();
        rig.send(CardPresentResult{present.request, TakeOutcome::not_taken});
        const Commands closing = captured(rig);
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::card_captured);
        CHECK(find_command<AlertOperator>(rig.answer_journal(closing, false))->reason == AlertReason::journal_failed);
    }
    SUBCASE("aborted (slot empty)") {
        SessionRig rig;
        rig.reach_status(record_with(CardStatus::in_kiosk, 17));
        rig.send(PickupPressed{});
        rig.send(PickupIntentJournaled{rig.pending(), true});
        const Commands aborted = rig.send(SlotFetched{rig.pending(), DispenserOutcome::slot_empty});
        REQUIRE(find_command<JournalPickupAborted>(aborted) != nullptr);
        CHECK(find_command<AlertOperator>(rig.answer_journal(aborted, false))->reason == AlertReason::journal_failed);
    }
}

TEST_CASE("an intent that timed out is alerted once, even when its abort fails too") {
    SessionRig rig;
    rig.reach_status(record_with(CardStatus::in_kiosk, 17));
    rig.send(PickupPressed{});
    rig.advance(rig.config.journal_timeout);
    const Commands timed_out = rig.last;
    REQUIRE(find_command<JournalPickupAborted>(timed_out) != nullptr);
    CHECK(rig.answer_journal(timed_out, false).empty());
    CHECK(alerts_of(rig, AlertReason::journal_failed) == 1);
}

TEST_CASE("journal answers that are stale, repeated or made up change nothing") {
    SessionRig rig;
    const Commands fetched = rig.reach_chip_read();
    const RequestId step = journal_writes(fetched).at(0);
    CHECK(rig.send(PickupStepJournaled{step, true}).empty());
    CHECK(rig.send(PickupStepJournaled{step, false}).empty());  // the same write answered twice
    CHECK(rig.send(PickupStepJournaled{9999, false}).empty());
    CHECK(rig.send(PickupStepJournaled{rig.pending(), false}).empty());  // the chip read's id is no journal write
    CHECK(rig.screen<PickupScreen>().phase == PickupPhase::checking_card);
    // The pickup goes on as if nothing had come.
    rig.send(ChipReadAtReadPosition{rig.pending(), AuthenticatedChip{nik_of(kKnownNik), "KTP-000123"}, {}});
    CHECK(find_command<PresentCard>(rig.answer_journal(rig.last)) != nullptr);
}

TEST_CASE("a journal failure of an earlier pickup does not touch the next one") {
    SessionRig rig;
    const auto present = rig.reach_presented();
    const Commands taken = rig.send(CardPresentResult{present.request, TakeOutcome::taken});
    rig.advance(rig.config.message_display);
    // The next resident reaches the read position before the first pickup's closing is answered.
    const Commands fetched = rig.reach_chip_read(kOtherNik);
    const Commands out = rig.answer_journal(taken, false);
    CHECK(find_command<AlertOperator>(out) != nullptr);
    CHECK(find_command<CaptureCard>(out) == nullptr);
    rig.answer_journal(fetched);
    rig.send(ChipReadAtReadPosition{rig.pending(), AuthenticatedChip{nik_of(kOtherNik), "KTP-000123"}, {}});
    CHECK(find_command<PresentCard>(rig.answer_journal(rig.last)) != nullptr);
}
