// Slot numbers, one convention for people and one mapping to the device.
//
// Everything a person sees (the staff screens, kioskctl, the management API, audit details) and the
// store count the magazine's slots from 1, as the label on the magazine does. The dispenser's M1
// frames address positions from 0 (shared/protocols/dispenser.md). This header is the only place
// that converts between the two; nothing else adds or subtracts one.
//
// Pure.
#pragma once

namespace kiosk::core {

// The device position of store slot `slot` (slot >= 1).
[[nodiscard]] constexpr int device_position(int slot) { return slot - 1; }
// The store slot of device position `position` (position >= 0).
[[nodiscard]] constexpr int slot_of_position(int position) { return position + 1; }

static_assert(device_position(slot_of_position(0)) == 0);

}  // namespace kiosk::core
