// A resident whose printed card waits in the kiosk: the record the pickup tests start from.
#pragma once

#include "kiosk/store/records.hpp"

#include <optional>

namespace kiosk::test {

inline store::Record in_kiosk_record(const core::Nik& nik, const char* card_serial) {
    return store::Record{.nik = nik,
                         .name = "Siti Rahayu",
                         .status = core::CardStatus::in_kiosk,
                         .status_time_s = 1,
                         .queue_position = std::nullopt,
                         .office_blank_stock = std::nullopt,
                         .priority = core::Priority::first_card,
                         .card_serial = card_serial,
                         .slot = std::nullopt};
}

}  // namespace kiosk::test
