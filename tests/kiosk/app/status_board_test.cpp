// StatusBoard: the published status follows the views, the health events and the frames it is given.
#include "kiosk/app/status_board.hpp"

#include "kiosk/mgmt/status_routes.hpp"

#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <atomic>

#include <thread>

using namespace kiosk;
using namespace kiosk::app;
namespace session = kiosk::core::session;
using mgmt::ApplicationState;
using mgmt::StateReason;

namespace {
session::SessionView view_of(session::Screen screen) {
    session::SessionView view;
    view.screen = std::move(screen);
    return view;
}
}  // namespace

TEST_CASE("views map to CUSS states: attract available, a session active, out of service with its reason") {
    CHECK(cuss_state_of(view_of(session::AttractScreen{})) == std::pair{ApplicationState::available, StateReason::none});
    CHECK(cuss_state_of(view_of(session::IdentifyScreen{})) == std::pair{ApplicationState::active, StateReason::none});
    CHECK(cuss_state_of(view_of(session::OutOfServiceScreen{true, std::nullopt, std::nullopt})) ==
          std::pair{ApplicationState::unavailable, StateReason::maintenance});
    CHECK(cuss_state_of(view_of(session::OutOfServiceScreen{
              false, session::DeviceDown{session::Device::fingerprint, session::DeviceFault::not_responding},
              std::nullopt})) ==
          std::pair{ApplicationState::unavailable, StateReason::out_of_service_hardware});
    CHECK(cuss_state_of(view_of(session::OutOfServiceScreen{
              false, session::DeviceDown{session::Device::dispenser, session::DeviceFault::capture_bin_full},
              std::nullopt})) ==
          std::pair{ApplicationState::unavailable, StateReason::out_of_service_consumables});
    CHECK(cuss_state_of(view_of(session::OutOfServiceScreen{false, std::nullopt, std::nullopt})) ==
          std::pair{ApplicationState::unavailable, StateReason::out_of_service_internal});
    // The store's own faults are the kiosk's: internal, even with a device down as well.
    CHECK(cuss_state_of(view_of(session::OutOfServiceScreen{false, std::nullopt, session::StoreFault::damaged})) ==
          std::pair{ApplicationState::unavailable, StateReason::out_of_service_internal});
    CHECK(cuss_state_of(view_of(session::OutOfServiceScreen{
              false, session::DeviceDown{session::Device::fingerprint, session::DeviceFault::not_responding},
              session::StoreFault::disk_full})) == std::pair{ApplicationState::unavailable, StateReason::out_of_service_internal});
}

TEST_CASE("the board starts from the machine's health snapshot and follows health events") {
    session::DeviceHealthSnapshot initial;
    initial.card_reader = session::DeviceFault::disconnected;
    StatusBoard board("kiosk-3", "1.2.3", 1000, initial);
    auto status = board.snapshot();
    CHECK(status.kiosk_id == "kiosk-3");
    CHECK(status.state == ApplicationState::unavailable);  // nothing shown yet
    REQUIRE(status.devices.size() == 3);
    CHECK(status.devices[0] == mgmt::DeviceStatus{session::Device::card_reader, session::DeviceFault::disconnected});
    CHECK_FALSE(status.devices[1].fault.has_value());
    CHECK_FALSE(status.last_frame_unix_ms.has_value());

    board.on_event(session::DeviceHealth{session::Device::card_reader, std::nullopt});
    board.on_event(session::DeviceHealth{session::Device::dispenser, session::DeviceFault::magazine_empty});
    board.on_event(session::Tick{});
    board.on_view(view_of(session::AttractScreen{}));
    board.on_frame(1'767'225'600'123);
    status = board.snapshot();
    CHECK_FALSE(status.devices[0].fault.has_value());
    CHECK(status.devices[2].fault == session::DeviceFault::magazine_empty);
    CHECK(status.state == ApplicationState::available);
    CHECK(status.last_frame_unix_ms == 1'767'225'600'123);
}

TEST_CASE("once stopping, the board says STOPPED whatever is still shown") {
    StatusBoard board("k", "v", 0, {});
    board.on_view(view_of(session::AttractScreen{}));
    board.on_stopping();
    board.on_view(view_of(session::AttractScreen{}));
    CHECK(board.snapshot().state == ApplicationState::stopped);
}

TEST_CASE("uptime runs on the monotonic clock from the board's start") {
    kiosk::test::TestSteadyClock clock;
    StatusBoard board("k", "v", 1'767'225'600, {}, clock);
    CHECK(board.snapshot().uptime_s == 0);
    clock.advance(std::chrono::seconds(90));
    CHECK(board.snapshot().uptime_s == 90);
    CHECK(board.snapshot().started_unix_s == 1'767'225'600);
}

TEST_CASE("the state's age runs from the change of state, not of reason, on the monotonic clock") {
    kiosk::test::TestSteadyClock clock;
    StatusBoard board("k", "v", 0, {}, clock);
    clock.advance(std::chrono::milliseconds(2'000));
    CHECK(board.snapshot().state_age_ms == 2'000);  // unavailable since the board started
    board.on_view(view_of(session::AttractScreen{}));
    CHECK(board.snapshot().state_age_ms == 0);
    clock.advance(std::chrono::milliseconds(500));
    board.on_view(view_of(session::AttractScreen{}));  // the same state again: its age goes on
    CHECK(board.snapshot().state_age_ms == 500);

    const session::SessionView hardware = view_of(session::OutOfServiceScreen{
        false, session::DeviceDown{session::Device::fingerprint, session::DeviceFault::not_responding}, std::nullopt});
    board.on_view(hardware);
    clock.advance(std::chrono::milliseconds(60'000));
    board.on_maintenance({mgmt::MaintenanceState::active, "Ganti sensor"});
    board.on_view(view_of(session::OutOfServiceScreen{true, std::nullopt, std::nullopt}));
    auto status = board.snapshot();
    CHECK(status.reason == StateReason::maintenance);
    CHECK(status.state_age_ms == 60'000);  // out of service all along: a new reason keeps the age

    clock.advance(std::chrono::milliseconds(1'000));
    board.on_stopping();
    clock.advance(std::chrono::milliseconds(250));
    status = board.snapshot();
    CHECK(status.state == ApplicationState::stopped);
    CHECK(status.state_age_ms == 250);
}

TEST_CASE("a reader on another thread never sees the published frame time go back") {
    StatusBoard board("k", "v", 0, {});
    std::atomic<bool> done{false};
    std::atomic<bool> went_back{false};
    std::thread reader([&] {
        std::int64_t seen = -1;
        while (!done) {
            const auto frame = board.snapshot().last_frame_unix_ms.value_or(-1);
            if (frame < seen) went_back = true;
            seen = frame;
        }
    });
    for (int i = 0; i < 20000; ++i) board.on_frame(i);
    done = true;
    reader.join();
    CHECK_FALSE(went_back.load());
    CHECK(board.snapshot().last_frame_unix_ms == 19999);
}

namespace {
const core::Nik kNik = core::Nik::parse("3171014101900001").value();

std::uint64_t count_of(const auto& map, const auto& key) {
    const auto found = map.find(key);
    return found == map.end() ? 0 : found->second;
}
}  // namespace

TEST_CASE("a session ends on the message it showed last, else by the event that ended it") {
    StatusBoard board("k", "v", 0, {});
    using mgmt::SessionOutcome;
    // A pickup's thank-you, then the message times out (a Tick) or the resident presses Cancel on it.
    board.on_view(view_of(session::MessageScreen{session::MessageKind::card_taken}));
    board.on_event(session::Tick{});
    board.on_command(session::WipeSession{});
    board.on_view(view_of(session::AttractScreen{}));
    board.on_view(view_of(session::MessageScreen{session::MessageKind::nik_locked}));
    board.on_event(session::Cancel{});
    board.on_command(session::WipeSession{});
    // No message: Cancel and Back are the resident's, a health change or maintenance the kiosk's,
    // anything else the idle timeout's.
    board.on_view(view_of(session::StatusScreen{}));
    board.on_event(session::Cancel{});
    board.on_command(session::WipeSession{});
    board.on_view(view_of(session::IdentifyScreen{}));
    board.on_event(session::Back{});
    board.on_command(session::WipeSession{});
    board.on_view(view_of(session::IdentifyScreen{}));
    board.on_event(session::MaintenanceMode{true});
    board.on_command(session::WipeSession{});
    board.on_view(view_of(session::FingerprintScreen{}));
    board.on_event(session::DeviceHealth{session::Device::fingerprint, session::DeviceFault::disconnected});
    board.on_command(session::WipeSession{});
    board.on_view(view_of(session::StatusScreen{}));
    board.on_event(session::Tick{});
    board.on_command(session::WipeSession{});

    const auto sessions = board.snapshot().activity.sessions;
    CHECK(count_of(sessions, SessionOutcome::card_taken) == 1);
    CHECK(count_of(sessions, SessionOutcome::nik_locked) == 1);
    CHECK(count_of(sessions, SessionOutcome::cancelled) == 2);
    CHECK(count_of(sessions, SessionOutcome::out_of_service) == 2);
    CHECK(count_of(sessions, SessionOutcome::timed_out) == 1);
    CHECK(count_of(sessions, SessionOutcome::card_captured) == 0);
}

TEST_CASE("a fingerprint result counts once, and only for the attempt the machine waits on") {
    StatusBoard board("k", "v", 0, {});
    using session::FingerOutcome;
    board.on_event(session::FingerprintResult{1, FingerOutcome::matched, 90});  // nothing asked
    board.on_command(session::VerifyFingerprint{5, {}, session::Millis{10'000}});
    board.on_event(session::FingerprintResult{4, FingerOutcome::matched, 90});  // stale
    board.on_event(session::FingerprintResult{5, FingerOutcome::no_match, 0});
    board.on_event(session::FingerprintResult{5, FingerOutcome::no_match, 0});  // answered already
    board.on_command(session::VerifyFingerprint{6, {}, session::Millis{10'000}});
    board.on_command(session::CancelFingerprint{6});
    board.on_event(session::FingerprintResult{6, FingerOutcome::no_finger, 0});  // cancelled attempt
    board.on_command(session::VerifyFingerprint{7, {}, session::Millis{10'000}});
    board.on_event(session::FingerprintResult{7, FingerOutcome::matched, 90});

    const auto results = board.snapshot().activity.fingerprint_results;
    CHECK(count_of(results, FingerOutcome::no_match) == 1);
    CHECK(count_of(results, FingerOutcome::matched) == 1);
    CHECK(count_of(results, FingerOutcome::no_finger) == 0);
}

TEST_CASE("pickups by outcome from the journal commands, captures by reason") {
    StatusBoard board("k", "v", 0, {});
    using mgmt::PickupOutcome;
    board.on_command(session::JournalPickupDone{0, kNik, 1});  // no intent: no pickup to end
    board.on_command(session::JournalPickupIntent{10, kNik, 1});
    board.on_event(session::PickupIntentJournaled{10, true});
    board.on_command(session::JournalPickupDone{0, kNik, 1});
    board.on_command(session::WipeSession{});  // after the thank-you: the pickup is already counted

    board.on_command(session::JournalPickupIntent{11, kNik, 2});
    board.on_command(session::JournalCaptured{0, kNik, 2, session::CaptureReason::not_taken});
    board.on_command(session::JournalPickupIntent{12, kNik, 3});
    board.on_command(session::JournalCaptured{0, kNik, 3, session::CaptureReason::chip_mismatch});

    board.on_command(session::JournalPickupIntent{13, kNik, 4});
    board.on_event(session::PickupIntentJournaled{99, false});  // not this pickup's answer
    board.on_event(session::PickupIntentJournaled{13, false});  // the store refused: nothing moved
    board.on_command(session::WipeSession{});
    board.on_command(session::JournalPickupIntent{14, kNik, 5});
    board.on_command(session::JournalPickupAborted{0, kNik, 5});

    board.on_command(session::JournalPickupIntent{15, kNik, 6});
    board.on_command(session::AlertOperator{session::AlertReason::capture_failed, 6});
    board.on_command(session::WipeSession{});  // still open: where the card is, nobody knows

    const auto activity = board.snapshot().activity;
    CHECK(count_of(activity.pickups, PickupOutcome::taken) == 1);
    CHECK(count_of(activity.pickups, PickupOutcome::captured) == 2);
    CHECK(count_of(activity.pickups, PickupOutcome::aborted) == 2);
    CHECK(count_of(activity.pickups, PickupOutcome::failed) == 1);
    CHECK(count_of(activity.captures, session::CaptureReason::not_taken) == 1);
    CHECK(count_of(activity.captures, session::CaptureReason::chip_mismatch) == 1);
    CHECK(count_of(activity.captures, session::CaptureReason::dispenser_fault) == 0);
}

TEST_CASE("the store's health as the UI thread saw it: failing until it answers; its own faults until it recovers") {
    StatusBoard board("k", "v", 0, {});
    CHECK_FALSE(board.snapshot().store_fault.has_value());
    board.on_event(session::LookupFailed{1});
    CHECK(board.snapshot().store_fault == mgmt::StoreFault::query_failed);
    board.on_event(session::RecordLookedUp{2, std::nullopt});
    CHECK_FALSE(board.snapshot().store_fault.has_value());
    board.on_event(session::PickupIntentJournaled{3, false});
    CHECK(board.snapshot().store_fault == mgmt::StoreFault::query_failed);
    board.on_event(session::PickupIntentJournaled{4, true});
    CHECK_FALSE(board.snapshot().store_fault.has_value());

    // A full disk: reads still answer, and the fault holds until the store says it takes writes.
    board.on_event(session::StoreHealth{session::StoreFault::disk_full});
    board.on_event(session::RecordLookedUp{5, std::nullopt});
    board.on_event(session::PickupIntentJournaled{6, true});
    CHECK(board.snapshot().store_fault == mgmt::StoreFault::disk_full);
    board.on_view(view_of(session::OutOfServiceScreen{false, std::nullopt, session::StoreFault::disk_full}));
    CHECK(board.snapshot().reason == StateReason::out_of_service_internal);
    board.on_event(session::StoreHealth{});
    CHECK_FALSE(board.snapshot().store_fault.has_value());

    board.on_event(session::StoreHealth{session::StoreFault::damaged});
    board.on_event(session::RecordLookedUp{7, std::nullopt});
    CHECK(board.snapshot().store_fault == mgmt::StoreFault::integrity_check_failed);
    board.on_event(session::StoreHealth{session::StoreFault::disk_full});
    board.on_event(session::StoreHealth{});
    CHECK(board.snapshot().store_fault == mgmt::StoreFault::integrity_check_failed);  // until restart
}

TEST_CASE("a store that could not be read at start is reported from the first snapshot") {
    session::DeviceHealthSnapshot initial;
    initial.store = session::StoreFault::damaged;
    StatusBoard board("k", "v", 0, initial);
    CHECK(board.snapshot().store_fault == mgmt::StoreFault::integrity_check_failed);
}

TEST_CASE("frame timings go into the histograms") {
    StatusBoard board("k", "v", 0, {});
    board.on_frame_timing(0.003, {});
    board.on_frame_timing(0.030, {0.012, 0.040});
    const auto activity = board.snapshot().activity;
    CHECK(activity.frame_render_s.count() == 2);
    CHECK(activity.frame_render_s.sum() == doctest::Approx(0.033));
    CHECK(activity.input_to_frame_s.count() == 2);
    CHECK(activity.input_to_frame_s.sum() == doctest::Approx(0.052));
}

// The status and health routes are made from answered_snapshot() and keep their answer while it is
// unchanged (app/management.cpp): it must be the snapshot as those answers see it, at every step, and
// move with whatever they show.
TEST_CASE("an answered snapshot is status_as_answered(snapshot()) whatever happened, and moves with what is shown") {
    kiosk::test::TestSteadyClock clock;
    StatusBoard board("k", "v", 1'767'225'600, {}, clock);
    auto same = [&] { CHECK(board.answered_snapshot() == mgmt::status_as_answered(board.snapshot())); };
    same();
    auto before = board.answered_snapshot();

    board.on_view(view_of(session::AttractScreen{}));
    same();
    CHECK(board.answered_snapshot() != before);
    before = board.answered_snapshot();

    clock.advance(std::chrono::seconds(5));  // uptime and state age: never shown by these answers
    board.on_frame_timing(0.004, {0.010});
    board.on_command(session::JournalPickupIntent{10, kNik, 1});
    board.on_command(session::JournalPickupDone{0, kNik, 1});
    board.on_command(session::WipeSession{});
    same();
    CHECK(board.answered_snapshot() == before);
    CHECK(board.snapshot().activity != mgmt::KioskActivity{});

    board.on_frame(1'767'225'605'000);
    same();
    CHECK(board.answered_snapshot().last_frame_unix_ms == 1'767'225'605'000);
    before = board.answered_snapshot();

    board.on_event(session::DeviceHealth{session::Device::dispenser, session::DeviceFault::capture_bin_full});
    same();
    CHECK(board.answered_snapshot() != before);
    before = board.answered_snapshot();

    board.on_maintenance({mgmt::MaintenanceState::pending, "Ganti sensor"});
    same();
    CHECK(board.answered_snapshot() != before);
    before = board.answered_snapshot();

    board.on_event(session::LookupFailed{1});
    same();
    CHECK(board.answered_snapshot().store_fault == mgmt::StoreFault::query_failed);

    board.on_stopping();
    same();
    CHECK(board.answered_snapshot().state == ApplicationState::stopped);
}
