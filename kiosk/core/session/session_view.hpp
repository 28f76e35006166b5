// SessionView: what the screen shows, as data. The UI renders it (texts in id/en live in the UI's
// catalogue); the machine never formats sentences.
//
// Privacy contract: before the fingerprint matched, no view carries a record's status, facts or
// name, nor the NIK unmasked, and the views of a known and an unknown NIK are identical.
#pragma once

#include "kiosk/core/session/session_events.hpp"
#include "kiosk/core/session/session_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace kiosk::core::session {

// Why the tap option or the whole kiosk is unavailable.
struct DeviceDown {
    Device device = Device::card_reader;
    DeviceFault fault = DeviceFault::disconnected;
    friend bool operator==(const DeviceDown&, const DeviceDown&) = default;
};

struct AttractScreen {
    bool tap_available = true;
    friend bool operator==(const AttractScreen&, const AttractScreen&) = default;
};

struct IdentifyScreen {
    std::string typed_grouped;  // "1403 1215 05"
    std::size_t digit_count = 0;
    std::optional<NikProblem> hint;  // plausibility warning as the resident types
    bool too_short = false;          // submitted before 16 digits
    bool confirm_needed = false;     // submitted with a warning: submit again to go on
    bool tap_available = true;
    std::optional<DeviceDown> tap_unavailable;  // why the tap option is hidden
    std::optional<ChipRefusal> tap_refused;     // the last tapped card was refused (tap again / why)
    friend bool operator==(const IdentifyScreen&, const IdentifyScreen&) = default;
};

// Also shown while the record is looked up (stage preparing), so a lookup never shows as a screen
// of its own.
struct FingerprintScreen {
    std::string nik_masked;  // "1403 •••• •••• 0001"
    int tries_left = 0;
    FingerStage stage = FingerStage::preparing;
    std::optional<FingerOutcome> last_attempt;  // no_match / no_finger / poor_image: "try again"
    friend bool operator==(const FingerprintScreen&, const FingerprintScreen&) = default;
};

// Why the status screen offers no pickup for an IN_KIOSK card.
enum class PickupBlock { none, dispenser_down, no_slot };

struct StatusScreen {
    std::string nik_grouped;  // unmasked: the verified owner's own screen
    CardStatus status = CardStatus::bio_captured;
    RecordFacts facts;
    bool pickup_offered = false;                   // IN_KIOSK and the dispenser is up
    PickupBlock pickup_block = PickupBlock::none;  // IN_KIOSK but not here: "collect at the counter"
    friend bool operator==(const StatusScreen&, const StatusScreen&) = default;
};

enum class PickupPhase { preparing, fetching, checking_card, take_card, securing_card };
struct PickupScreen {
    PickupPhase phase = PickupPhase::preparing;
    Millis take_time_left{0};  // during take_card: the countdown
    friend bool operator==(const PickupScreen&, const PickupScreen&) = default;
};

enum class MessageKind {
    card_taken,                // enjoy your card
    card_captured,             // not taken in time: kept safe, collect it at the counter
    go_to_counter,             // a problem with the card or the machine: staff will help
    fingerprint_not_verified,  // tries used up: try again later or go to the counter
    nik_locked,                // try again later or go to the counter (same words for any NIK)
    fingerprint_unavailable,   // the sensor failed mid-session
    service_error,             // the store failed: go to the counter
};
struct MessageScreen {
    MessageKind kind = MessageKind::go_to_counter;
    friend bool operator==(const MessageScreen&, const MessageScreen&) = default;
};

struct OutOfServiceScreen {
    bool maintenance = false;
    std::optional<DeviceDown> device;  // the fingerprint sensor, when it is the reason
    std::optional<StoreFault> store;   // the kiosk's own store, when it is the reason
    friend bool operator==(const OutOfServiceScreen&, const OutOfServiceScreen&) = default;
};

using Screen = std::variant<AttractScreen, IdentifyScreen, FingerprintScreen, StatusScreen, PickupScreen, MessageScreen,
                            OutOfServiceScreen>;

// The idle warning is an overlay on the current screen, not a screen of its own, so the resident
// sees what they would lose and "more time" returns to exactly where they were.
struct IdleWarning {
    int seconds_left = 0;
    friend bool operator==(const IdleWarning&, const IdleWarning&) = default;
};

struct SessionView {
    Screen screen;
    Language language = Language::id;
    std::optional<IdleWarning> idle_warning;
    bool cancel_available = false;  // hidden while the dispenser moves a card
    friend bool operator==(const SessionView&, const SessionView&) = default;
};

}  // namespace kiosk::core::session
