// Pickup: journal, fetch, chip check, present, take or capture; every failure keeps the card safe.
#include "tests/kiosk/core/session/session_rig.hpp"

using namespace kiosk::core;
using namespace kiosk::core::session;
using namespace kiosk::core::session::test;

namespace {
// Captures with the given outcome; returns the commands of the capture's answer.
Commands finish_capture(SessionRig& rig, DispenserOutcome outcome = DispenserOutcome::ok) {
    REQUIRE(find_command<CaptureCard>(rig.last) != nullptr);
    CHECK(rig.screen<PickupScreen>().phase == PickupPhase::securing_card);
    return rig.send(CardCaptured{rig.pending(), outcome});
}
bool ever_presented(const SessionRig& rig) {
    for (const auto& commands : rig.all)
        if (find_command<PresentCard>(commands)) return true;
    return false;
}
}  // namespace

TEST_CASE("pickup and take: intent journaled first, then fetch, chip check, present, and the record updated") {
    SessionRig rig;
    rig.reach_status(record_with(CardStatus::in_kiosk, 17));
    auto status = rig.screen<StatusScreen>();
    CHECK(status.pickup_offered);
    CHECK(status.pickup_block == PickupBlock::none);

    const auto& intent_out = rig.send(PickupPressed{});
    REQUIRE(intent_out.size() == 1);  // nothing moves before the intent is on disk
    const auto& intent = std::get<JournalPickupIntent>(intent_out[0]);
    CHECK(intent.slot == 17);
    CHECK(intent.nik.digits() == kKnownNik);
    CHECK(rig.screen<PickupScreen>().phase == PickupPhase::preparing);
    CHECK_FALSE(rig.view().cancel_available);

    const auto& fetch_out = rig.send(PickupIntentJournaled{intent.request, true});
    CHECK(std::get<FetchSlot>(fetch_out.at(0)).slot == 17);
    CHECK(rig.screen<PickupScreen>().phase == PickupPhase::fetching);

    const Commands fetched = rig.send(SlotFetched{rig.pending(), DispenserOutcome::ok});
    CHECK(find_command<JournalPickupStep>(fetched)->step == PickupStep::fetched);
    CHECK(rig.screen<PickupScreen>().phase == PickupPhase::checking_card);

    // The chip is the resident's: the card waits at the read position until the store confirmed
    // every step written since the fetch, `presenting` last.
    const Commands verified =
        rig.send(ChipReadAtReadPosition{rig.pending(), AuthenticatedChip{nik_of(kKnownNik), "KTP-000123"}, {}});
    CHECK(find_command<PresentCard>(verified) == nullptr);
    REQUIRE(count_commands<JournalPickupStep>(verified) == 2);
    const auto chip_verified = std::get<JournalPickupStep>(verified.at(0));
    const auto presenting = std::get<JournalPickupStep>(verified.at(1));
    CHECK(chip_verified.step == PickupStep::chip_verified);
    CHECK(presenting.step == PickupStep::presenting);
    CHECK(presenting.slot == 17);
    CHECK(rig.pending() == presenting.request);
    CHECK(rig.screen<PickupScreen>().phase == PickupPhase::checking_card);
    CHECK(rig.answer_journal(fetched).empty());
    CHECK(rig.send(PickupStepJournaled{chip_verified.request, true}).empty());
    rig.send(PickupStepJournaled{presenting.request, true});
    REQUIRE(find_command<PresentCard>(rig.last) != nullptr);
    const PresentCard present = *find_command<PresentCard>(rig.last);
    CHECK(present.take_timeout == rig.config.take_timeout);
    auto take = rig.screen<PickupScreen>();
    CHECK(take.phase == PickupPhase::take_card);
    CHECK(take.take_time_left == rig.config.take_timeout);
    rig.advance(10s);
    CHECK(rig.screen<PickupScreen>().take_time_left == rig.config.take_timeout - 10s);

    const auto& done = rig.send(CardPresentResult{present.request, TakeOutcome::taken});
    REQUIRE(find_command<JournalPickupDone>(done) != nullptr);
    CHECK(find_command<JournalPickupDone>(done)->slot == 17);
    REQUIRE(find_command<RecordStatus>(done) != nullptr);
    CHECK(find_command<RecordStatus>(done)->status == CardStatus::picked_up);
    CHECK(find_command<EmitOutboxEvent>(done)->kind == OutboxKind::card_picked_up);
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::card_taken);
    CHECK(rig.answer_journal(done).empty());  // the closing confirmed: nothing for staff
    rig.advance(rig.config.message_display);
    CHECK(find_command<WipeSession>(rig.last) != nullptr);
    CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
}

TEST_CASE("a card not taken in time is captured, journaled, and the resident told to go to the counter") {
    SessionRig rig;
    const auto present = rig.reach_presented();
    rig.send(CardPresentResult{present.request, TakeOutcome::not_taken});
    const auto out = finish_capture(rig);
    const auto* journal = find_command<JournalCaptured>(out);
    REQUIRE(journal != nullptr);
    CHECK(journal->reason == CaptureReason::not_taken);
    CHECK(find_command<RecordStatus>(out)->status == CardStatus::captured);
    CHECK(find_command<EmitOutboxEvent>(out)->kind == OutboxKind::card_captured);
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::card_captured);
}

TEST_CASE("a chip that is not the resident's card is never presented: captured and the operator alerted") {
    struct Case {
        const char* name;
        std::optional<AuthenticatedChip> chip;
        ChipRefusal refusal;
        AlertReason alert;
        CaptureReason capture;
    };
    const std::vector<Case> cases = {
        {"another NIK",
         AuthenticatedChip{nik_of(kOtherNik), "KTP-000123"},
         {},
         AlertReason::chip_mismatch,
         CaptureReason::chip_mismatch},
        {"right NIK, other serial",
         AuthenticatedChip{nik_of(kKnownNik), "KTP-999999"},
         {},
         AlertReason::chip_mismatch,
         CaptureReason::chip_mismatch},
        {"right NIK, no serial",
         AuthenticatedChip{nik_of(kKnownNik), std::nullopt},
         {},
         AlertReason::chip_mismatch,
         CaptureReason::chip_mismatch},
        {"forged", std::nullopt, ChipRefusal::forged, AlertReason::chip_forged, CaptureReason::chip_refused},
        {"cloned", std::nullopt, ChipRefusal::cloned, AlertReason::chip_cloned, CaptureReason::chip_refused},
        {"unreadable", std::nullopt, ChipRefusal::unreadable, AlertReason::chip_unreadable,
         CaptureReason::chip_refused},
        {"removed", std::nullopt, ChipRefusal::removed, AlertReason::chip_unreadable, CaptureReason::chip_refused},
        {"not an e-KTP", std::nullopt, ChipRefusal::not_our_application, AlertReason::chip_unreadable,
         CaptureReason::chip_refused},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        SessionRig rig;
        rig.answer_journal(rig.reach_chip_read());
        const auto& out = rig.send(ChipReadAtReadPosition{rig.pending(), c.chip, c.refusal});
        CHECK(find_command<PresentCard>(out) == nullptr);
        REQUIRE(find_command<AlertOperator>(out) != nullptr);
        CHECK(find_command<AlertOperator>(out)->reason == c.alert);
        CHECK(find_command<AlertOperator>(out)->slot == 17);
        const auto captured = finish_capture(rig);
        CHECK(find_command<JournalCaptured>(captured)->reason == c.capture);
        CHECK(find_command<RecordStatus>(captured) == nullptr);  // the resident's own card is not this one
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::go_to_counter);
        CHECK_FALSE(ever_presented(rig));
    }
}

TEST_CASE("a record without a card serial accepts a chip with the resident's NIK") {
    SessionRig rig;
    Record record = record_with(CardStatus::in_kiosk, 4);
    record.facts.card_serial.reset();
    const Commands fetched = rig.reach_chip_read(kKnownNik, record);
    const Commands verified =
        rig.send(ChipReadAtReadPosition{rig.pending(), AuthenticatedChip{nik_of(kKnownNik), std::nullopt}, {}});
    rig.answer_journal(fetched);
    CHECK(find_command<PresentCard>(rig.answer_journal(verified)) != nullptr);
}

TEST_CASE("a failed journal write stops the pickup before anything moves") {
    SessionRig rig;
    rig.reach_status(record_with(CardStatus::in_kiosk, 17));
    rig.send(PickupPressed{});
    const auto& out = rig.send(PickupIntentJournaled{rig.pending(), false});
    CHECK(find_command<FetchSlot>(out) == nullptr);
    CHECK(find_command<AlertOperator>(out)->reason == AlertReason::journal_failed);
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::go_to_counter);
}

TEST_CASE("fetch failures: an empty slot aborts; a jam or fault captures whatever is in the transport") {
    SUBCASE("slot empty") {
        SessionRig rig;
        rig.reach_status(record_with(CardStatus::in_kiosk, 17));
        rig.send(PickupPressed{});
        rig.send(PickupIntentJournaled{rig.pending(), true});
        const auto& out = rig.send(SlotFetched{rig.pending(), DispenserOutcome::slot_empty});
        CHECK(find_command<JournalPickupAborted>(out) != nullptr);
        CHECK(find_command<CaptureCard>(out) == nullptr);
        CHECK(find_command<AlertOperator>(out)->reason == AlertReason::fetch_failed);
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::go_to_counter);
    }
    for (DispenserOutcome outcome : {DispenserOutcome::jam, DispenserOutcome::fault}) {
        SessionRig rig;
        rig.reach_status(record_with(CardStatus::in_kiosk, 17));
        rig.send(PickupPressed{});
        rig.send(PickupIntentJournaled{rig.pending(), true});
        rig.send(SlotFetched{rig.pending(), outcome});
        CHECK(find_command<AlertOperator>(rig.last)->reason == AlertReason::fetch_failed);
        const auto out = finish_capture(rig);
        CHECK(find_command<JournalCaptured>(out)->reason == CaptureReason::dispenser_fault);
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::go_to_counter);
    }
}

TEST_CASE("a fault while presenting captures the card; a failed capture alerts staff") {
    SessionRig rig;
    const auto present = rig.reach_presented();
    rig.send(CardPresentResult{present.request, TakeOutcome::fault});
    CHECK(find_command<AlertOperator>(rig.last)->reason == AlertReason::present_failed);
    const auto out = finish_capture(rig, DispenserOutcome::jam);
    CHECK(find_command<AlertOperator>(out)->reason == AlertReason::capture_failed);
    CHECK(find_command<JournalCaptured>(out) == nullptr);
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::go_to_counter);
}

TEST_CASE("cancel, back and idle never abandon a card in motion") {
    SessionRig rig;
    const auto present = rig.reach_presented();
    CHECK(rig.send(Cancel{}).empty());
    CHECK(rig.send(Back{}).empty());
    rig.advance(rig.config.take_timeout - 1s);  // far past the idle timeout
    CHECK(rig.machine.phase() == Phase::pickup);
    CHECK_FALSE(rig.view().idle_warning.has_value());
    rig.send(CardPresentResult{present.request, TakeOutcome::taken});
    CHECK(rig.screen<MessageScreen>().kind == MessageKind::card_taken);
}

TEST_CASE("pickup is not offered without a slot, and is refused when pressed anyway") {
    SessionRig rig;
    rig.reach_status(record_with(CardStatus::in_kiosk, std::nullopt));
    auto status = rig.screen<StatusScreen>();
    CHECK_FALSE(status.pickup_offered);
    CHECK(status.pickup_block == PickupBlock::no_slot);
    CHECK(rig.send(PickupPressed{}).empty());
}
