// Degraded devices route around themselves, with the reason on screen.
#include "tests/kiosk/core/session/session_rig.hpp"

using namespace kiosk::core;
using namespace kiosk::core::session;
using namespace kiosk::core::session::test;

TEST_CASE("no card reader: keypad only, the tap option hidden with its reason, taps ignored") {
    SessionRig rig(SessionConfig{}, DeviceHealthSnapshot{DeviceFault::disconnected, std::nullopt, std::nullopt});
    CHECK_FALSE(rig.screen<AttractScreen>().tap_available);
    CHECK(rig.send(CardTapped{AuthenticatedChip{nik_of(kKnownNik), std::nullopt}, {}}).empty());
    CHECK(rig.machine.phase() == Phase::attract);
    rig.send(StartPressed{});
    auto identify = rig.screen<IdentifyScreen>();
    CHECK_FALSE(identify.tap_available);
    REQUIRE(identify.tap_unavailable.has_value());
    CHECK(*identify.tap_unavailable == DeviceDown{Device::card_reader, DeviceFault::disconnected});
    rig.send(DeviceHealth{Device::card_reader, std::nullopt});
    CHECK(rig.screen<IdentifyScreen>().tap_available);
    rig.send(DeviceHealth{Device::card_reader, DeviceFault::not_responding});
    CHECK(rig.screen<IdentifyScreen>().tap_unavailable->fault == DeviceFault::not_responding);
    // The keypad still works end to end.
    rig.type(kKnownNik);
    rig.send(KeypadSubmit{});
    CHECK(find_command<LookupRecord>(rig.last) != nullptr);
}

TEST_CASE("no dispenser: status only, and a card in the kiosk is to be collected at the counter") {
    SessionRig rig(SessionConfig{}, DeviceHealthSnapshot{std::nullopt, std::nullopt, DeviceFault::capture_bin_full});
    rig.reach_status(record_with(CardStatus::in_kiosk, 5));
    auto status = rig.screen<StatusScreen>();
    CHECK(status.status == CardStatus::in_kiosk);
    CHECK_FALSE(status.pickup_offered);
    CHECK(status.pickup_block == PickupBlock::dispenser_down);
    CHECK(rig.send(PickupPressed{}).empty());
    // It comes back while the resident reads: pickup is offered at once.
    rig.send(DeviceHealth{Device::dispenser, std::nullopt});
    CHECK(rig.screen<StatusScreen>().pickup_offered);
    rig.send(DeviceHealth{Device::dispenser, DeviceFault::hardware_fault});
    CHECK_FALSE(rig.screen<StatusScreen>().pickup_offered);
}

TEST_CASE("no fingerprint sensor: out of service with the reason, since status needs the finger") {
    SessionRig rig(SessionConfig{}, DeviceHealthSnapshot{std::nullopt, DeviceFault::disconnected, std::nullopt});
    auto oos = rig.screen<OutOfServiceScreen>();
    CHECK_FALSE(oos.maintenance);
    REQUIRE(oos.device.has_value());
    CHECK(*oos.device == DeviceDown{Device::fingerprint, DeviceFault::disconnected});
    CHECK(rig.send(StartPressed{}).empty());
    CHECK(rig.send(KeypadDigit{'3'}).empty());
    CHECK(rig.send(CardTapped{AuthenticatedChip{nik_of(kKnownNik), std::nullopt}, {}}).empty());
    CHECK(std::holds_alternative<OutOfServiceScreen>(rig.view().screen));
    rig.send(LanguageSelected{Language::en});
    CHECK(rig.view().language == Language::en);
    rig.send(DeviceHealth{Device::fingerprint, std::nullopt});
    CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
}

TEST_CASE("the sensor lost before a match ends the session at once, wiped") {
    SUBCASE("while identifying") {
        SessionRig rig;
        rig.send(StartPressed{});
        rig.type("3174");
        const auto& out = rig.send(DeviceHealth{Device::fingerprint, DeviceFault::not_responding});
        CHECK(find_command<WipeSession>(out) != nullptr);
        CHECK(rig.screen<OutOfServiceScreen>().device->fault == DeviceFault::not_responding);
    }
    SUBCASE("while capturing") {
        SessionRig rig;
        rig.submit_nik(kKnownNik);
        rig.answer_lookup(record_with(CardStatus::printed));
        const RequestId capture = rig.pending();
        const auto& out = rig.send(DeviceHealth{Device::fingerprint, DeviceFault::disconnected});
        REQUIRE(find_command<CancelFingerprint>(out) != nullptr);
        CHECK(find_command<CancelFingerprint>(out)->request == capture);
        CHECK(find_command<WipeSession>(out) != nullptr);
        CHECK(std::holds_alternative<OutOfServiceScreen>(rig.view().screen));
        CHECK(rig.send(FingerprintResult{capture, FingerOutcome::matched, 200}).empty());
    }
}

TEST_CASE("maintenance mode: out of service at once before a match; after one the resident finishes first") {
    SUBCASE("attract") {
        SessionRig rig;
        rig.send(MaintenanceMode{true});
        CHECK(rig.screen<OutOfServiceScreen>().maintenance);
        rig.send(MaintenanceMode{false});
        CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
    }
    SUBCASE("a card being handed over is handed over") {
        SessionRig rig;
        const auto present = rig.reach_presented();
        CHECK(rig.send(MaintenanceMode{true}).empty());
        CHECK(rig.machine.phase() == Phase::pickup);
        rig.send(CardPresentResult{present.request, TakeOutcome::taken});
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::card_taken);
        rig.advance(rig.config.message_display);
        CHECK(find_command<WipeSession>(rig.last) != nullptr);
        CHECK(rig.screen<OutOfServiceScreen>().maintenance);
    }
    SUBCASE("status screen") {
        SessionRig rig;
        rig.reach_status(record_with(CardStatus::printed));
        rig.send(MaintenanceMode{true});
        CHECK(std::holds_alternative<StatusScreen>(rig.view().screen));
        rig.send(Cancel{});
        CHECK(std::holds_alternative<OutOfServiceScreen>(rig.view().screen));
    }
}

TEST_CASE("the store's own fault: out of service with its reason, as a device down; back when it recovers") {
    SUBCASE("a full disk at the attract screen, then writable again") {
        SessionRig rig;
        rig.send(StoreHealth{StoreFault::disk_full});
        auto oos = rig.screen<OutOfServiceScreen>();
        CHECK(oos.store == StoreFault::disk_full);
        CHECK_FALSE(oos.maintenance);
        CHECK_FALSE(oos.device.has_value());
        CHECK(rig.send(StartPressed{}).empty());
        rig.send(StoreHealth{});
        CHECK(std::holds_alternative<AttractScreen>(rig.view().screen));
    }
    SUBCASE("before a match the session ends at once, wiped") {
        SessionRig rig;
        rig.send(StartPressed{});
        rig.type("3174");
        const auto& out = rig.send(StoreHealth{StoreFault::damaged});
        CHECK(find_command<WipeSession>(out) != nullptr);
        CHECK(rig.screen<OutOfServiceScreen>().store == StoreFault::damaged);
    }
    SUBCASE("a card being handed over is handed over, then out of service") {
        SessionRig rig;
        const auto present = rig.reach_presented();
        CHECK(rig.send(StoreHealth{StoreFault::disk_full}).empty());
        CHECK(rig.machine.phase() == Phase::pickup);
        rig.send(CardPresentResult{present.request, TakeOutcome::taken});
        CHECK(rig.screen<MessageScreen>().kind == MessageKind::card_taken);
        rig.advance(rig.config.message_display);
        CHECK(rig.screen<OutOfServiceScreen>().store == StoreFault::disk_full);
    }
    SUBCASE("damaged at start: out of service from the first view, and maintenance off does not lift it") {
        DeviceHealthSnapshot health;
        health.store = StoreFault::damaged;
        SessionRig rig(SessionConfig{}, health);
        CHECK(rig.screen<OutOfServiceScreen>().store == StoreFault::damaged);
        rig.send(MaintenanceMode{true});
        rig.send(MaintenanceMode{false});
        CHECK(rig.screen<OutOfServiceScreen>().store == StoreFault::damaged);
        // A full disk found later, and writable again, does not lift it either.
        rig.send(StoreHealth{StoreFault::disk_full});
        rig.send(StoreHealth{});
        CHECK(rig.screen<OutOfServiceScreen>().store == StoreFault::damaged);
    }
}
