// What a staff member found when resolving an operator check (issue 11, "Operator checks"): a pickup
// or a load that start-up reconciliation could not settle, its slot blocked (FAULT) until then.
// Defined once: the staff screens' Resolve, the store's resolutions (kiosk/store/pickup_journal.hpp,
// load_journal.hpp) and their audit details use this one.
//
// Pure data.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace kiosk::core::staff {

enum class CheckResolution {
    taken,    // the card is out of the machine: the resident (or, for a take-back or a load, the staff) has it
    in_bin,   // the card is in the capture bin
    in_slot,  // the card is in its slot
};

inline constexpr std::array kAllCheckResolutions = {CheckResolution::taken, CheckResolution::in_bin,
                                                    CheckResolution::in_slot};

// "taken", "in_bin", "in_slot": the schema's and the audit log's text.
[[nodiscard]] constexpr std::string_view wire_code(CheckResolution resolution) {
    switch (resolution) {
        case CheckResolution::taken: return "taken";
        case CheckResolution::in_bin: return "in_bin";
        case CheckResolution::in_slot: return "in_slot";
    }
    return "taken";
}

[[nodiscard]] constexpr std::optional<CheckResolution> check_resolution_from_wire_code(std::string_view code) {
    for (const CheckResolution resolution : kAllCheckResolutions) {
        if (code == wire_code(resolution)) return resolution;
    }
    return std::nullopt;
}

}  // namespace kiosk::core::staff
