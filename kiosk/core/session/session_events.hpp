// Events into the session machine: the resident's input, device and store results, health, time.
//
// Every event is handed in with the time it happened (SessionMachine::handle(now, event)); Tick
// carries nothing else and only lets time pass. Result events echo the RequestId of the command they
// answer; a result for any other request is stale and ignored.
#pragma once

#include "kiosk/core/session/session_types.hpp"

#include <array>
#include <optional>
#include <string_view>
#include <variant>

namespace kiosk::core::session {

// --- time
struct Tick {};

// --- the resident (touch, mouse, physical keys; the UI maps Escape to Cancel)
struct StartPressed {};  // touch on the attract screen
struct LanguageSelected {
    Language language;
};
struct KeypadDigit {
    char digit;
};
struct KeypadBackspace {};
struct KeypadClear {};
struct KeypadSubmit {};  // a second submit confirms past a plausibility warning
struct MoreTime {};      // "more time" on the idle warning (any input also counts)
struct Back {};
struct Cancel {};
struct PickupPressed {};  // "take my card" on the status screen

// --- card reader: a card tapped at the contactless reader, already read and authenticated
struct CardTapped {
    std::optional<AuthenticatedChip> chip;          // set when the chip authenticated
    ChipRefusal refusal = ChipRefusal::unreadable;  // why not, when chip is empty
};

// --- store
struct RecordLookedUp {
    RequestId request = 0;
    std::optional<Record> record;  // nullopt: no such NIK
};
struct LookupFailed {
    RequestId request = 0;
};  // the store could not answer
struct PickupIntentJournaled {
    RequestId request = 0;
    bool ok = false;
};
// Answers JournalPickupStep, JournalPickupDone, JournalCaptured and JournalPickupAborted.
struct PickupStepJournaled {
    RequestId request = 0;
    bool ok = false;  // durable; false: the store failed or refused the write
};

// --- fingerprint sensor
enum class FingerStage { preparing, waiting_for_finger, finger_seen, matching };
struct FingerprintProgress {
    RequestId request = 0;
    FingerStage stage = FingerStage::waiting_for_finger;
};
enum class FingerOutcome { matched, no_match, no_finger, poor_image, device_error };
// Stable lower-case codes for metrics labels and the management API: "matched", "no_match", ...
[[nodiscard]] constexpr std::string_view finger_outcome_code(FingerOutcome outcome) {
    switch (outcome) {
        case FingerOutcome::matched: return "matched";
        case FingerOutcome::no_match: return "no_match";
        case FingerOutcome::no_finger: return "no_finger";
        case FingerOutcome::poor_image: return "poor_image";
        case FingerOutcome::device_error: return "device_error";
    }
    return "device_error";
}
inline constexpr std::array kAllFingerOutcomes = {FingerOutcome::matched, FingerOutcome::no_match,
                                                  FingerOutcome::no_finger, FingerOutcome::poor_image,
                                                  FingerOutcome::device_error};
struct FingerprintResult {
    RequestId request = 0;
    FingerOutcome outcome = FingerOutcome::device_error;
    int score = 0;  // for matched
};

// --- dispenser
enum class DispenserOutcome { ok, slot_empty, jam, fault };
struct SlotFetched {
    RequestId request = 0;
    DispenserOutcome outcome = DispenserOutcome::fault;
};
enum class TakeOutcome { taken, not_taken, fault };
struct CardPresentResult {
    RequestId request = 0;
    TakeOutcome outcome = TakeOutcome::fault;
};
struct CardCaptured {
    RequestId request = 0;
    DispenserOutcome outcome = DispenserOutcome::fault;
};

// --- the chip of the card at the dispenser's read position
struct ChipReadAtReadPosition {
    RequestId request = 0;
    std::optional<AuthenticatedChip> chip;
    ChipRefusal refusal = ChipRefusal::unreadable;
};

// --- health and service
// A device went down or came back. `fault` is set exactly while the device is down and says why;
// nullopt: up. DeviceHealthSnapshot (the machine's start) holds each device the same way.
struct DeviceHealth {
    Device device = Device::fingerprint;
    std::optional<DeviceFault> fault;
    [[nodiscard]] bool up() const { return !fault.has_value(); }
};
struct MaintenanceMode {
    bool on = false;
};
// The kiosk's store failed or recovered. `fault` is set exactly while the store cannot serve.
struct StoreHealth {
    std::optional<StoreFault> fault;
};

using Event = std::variant<Tick, StartPressed, LanguageSelected, KeypadDigit, KeypadBackspace, KeypadClear,
                           KeypadSubmit, MoreTime, Back, Cancel, PickupPressed, CardTapped, RecordLookedUp,
                           LookupFailed, PickupIntentJournaled, PickupStepJournaled, FingerprintProgress,
                           FingerprintResult, SlotFetched, CardPresentResult, CardCaptured, ChipReadAtReadPosition,
                           DeviceHealth, MaintenanceMode, StoreHealth>;

}  // namespace kiosk::core::session
