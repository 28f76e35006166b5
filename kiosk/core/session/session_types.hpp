// Vocabulary shared by the session machine's events, commands and view: time, request ids,
// the record a lookup returns, device faults and card refusals. The language is core::Language
// (kiosk/core/language.hpp), the one language type of the whole program.
//
// Pure data. Nothing here reads a clock or touches a device.
#pragma once

#include "kiosk/core/card_status.hpp"
#include "kiosk/core/language.hpp"
#include "kiosk/core/nik.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core::session {

// Wall-clock milliseconds since the Unix epoch. Wall time (not steady time) because the NIK lock book
// is persisted across reboots; the machine clamps time that runs backwards (see SessionMachine).
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
using Millis = std::chrono::milliseconds;

// Every command that starts device or store work carries a fresh RequestId, and every result event
// echoes it. The machine accepts a result only for the request it is waiting on, so an answer that
// arrives after a cancel, a timeout or in a later session is ignored. Ids are never reused within
// one machine's life.
using RequestId = std::uint64_t;

// A fingerprint template in the store, by its row id. Templates themselves never enter the machine.
struct TemplateRef {
    std::int64_t id = 0;
    friend bool operator==(const TemplateRef&, const TemplateRef&) = default;
};

// What the status screen explains, as the store holds it. Personal data: wiped at session end.
struct RecordFacts {
    std::string name;                        // shown only after the fingerprint matched
    std::optional<Priority> priority;        // why the office prints this card first (or not)
    std::optional<int> queue_position;       // PRR: place in the print queue, where known
    std::optional<int> office_blank_stock;   // PRR: blank cards the office holds, where known
    std::optional<std::string> card_serial;  // the printed card's chip serial, where known
    friend bool operator==(const RecordFacts&, const RecordFacts&) = default;
};

// The answer to LookupRecord when the NIK is in the store.
struct Record {
    CardStatus status = CardStatus::bio_captured;
    RecordFacts facts;
    std::optional<int> slot;             // dispenser slot holding the card, when IN_KIOSK
    std::vector<TemplateRef> templates;  // enrolled fingers; may be empty
    friend bool operator==(const Record&, const Record&) = default;
};

enum class Device { card_reader, fingerprint, dispenser };

// Why a device is down, in terms a resident-facing text and an operator can both act on.
enum class DeviceFault {
    disconnected,
    not_responding,
    hardware_fault,
    magazine_empty,    // dispenser: no cards loaded
    capture_bin_full,  // dispenser: cannot safely present (a card not taken could not be captured)
    service_door_open,
    // dispenser: its pickup journal is not reconciled with its sensors (start-up reconciliation has
    // not succeeded yet, or a journal write failed since): no pickup until it is, retried by itself
    journal_unreconciled,
};

// Stable lower-case codes for logs, metrics labels and the management API: "card_reader",
// "fingerprint", "dispenser"; "disconnected", "not_responding", ...
[[nodiscard]] constexpr std::string_view device_code(Device device) {
    switch (device) {
        case Device::card_reader: return "card_reader";
        case Device::fingerprint: return "fingerprint";
        case Device::dispenser: return "dispenser";
    }
    return "card_reader";
}
[[nodiscard]] constexpr std::string_view fault_code(DeviceFault fault) {
    switch (fault) {
        case DeviceFault::disconnected: return "disconnected";
        case DeviceFault::not_responding: return "not_responding";
        case DeviceFault::hardware_fault: return "hardware_fault";
        case DeviceFault::magazine_empty: return "magazine_empty";
        case DeviceFault::capture_bin_full: return "capture_bin_full";
        case DeviceFault::service_door_open: return "service_door_open";
        case DeviceFault::journal_unreconciled: return "journal_unreconciled";
    }
    return "hardware_fault";
}
inline constexpr std::array kAllDevices = {Device::card_reader, Device::fingerprint, Device::dispenser};
inline constexpr std::array kAllDeviceFaults = {DeviceFault::disconnected,        DeviceFault::not_responding,
                                                DeviceFault::hardware_fault,      DeviceFault::magazine_empty,
                                                DeviceFault::capture_bin_full,    DeviceFault::service_door_open,
                                                DeviceFault::journal_unreconciled};

// Why the kiosk's own store cannot serve. Both take the kiosk out of service like a device down.
enum class StoreFault {
    damaged,    // the integrity check found the database file damaged, or the store could not be read at
                // start: out of service until staff act and the program restarts
    disk_full,  // a write failed for want of space (SQLITE_FULL): out of service until a write succeeds
};
[[nodiscard]] constexpr std::string_view store_fault_code(StoreFault fault) {
    switch (fault) {
        case StoreFault::damaged: return "damaged";
        case StoreFault::disk_full: return "disk_full";
    }
    return "damaged";
}

// Why a card's chip was refused, from the card driver (tap at the reader, or at the read position).
enum class ChipRefusal {
    unreadable,           // no answer or a broken answer: tap again
    removed,              // the card left the field mid-read: tap again
    not_our_application,  // not an e-KTP (a bank card, a transport card)
    forged,               // the security object's signature failed
    cloned,               // the chip's internal authentication failed
};

// A chip that authenticated: its NIK and, where the card carries one, its serial.
struct AuthenticatedChip {
    Nik nik;
    std::optional<std::string> card_serial;
};

}  // namespace kiosk::core::session
