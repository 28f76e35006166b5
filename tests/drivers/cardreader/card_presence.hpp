// Waiting for pcscd to see a card arrive or leave: event-driven (SCardGetStatusChange) and bounded.
#pragma once

#include "drivers/cardreader/pcsc_context.hpp"

#include <chrono>

namespace kiosk::cardreader::test {

// Blocks in SCardGetStatusChange until `reader` shows (or no longer shows) a card; false on timeout.
inline bool wait_card_state(PcscContext& context, const std::string& reader, bool present, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::vector<ReaderWatch> watches(1);
    watches[0].name = reader;
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() < 0) return false;
        auto waited = context.wait_for_change(watches, static_cast<int>(left.count()));
        if (!waited) return false;
        if (watches[0].present == present) return true;
    }
}

}  // namespace kiosk::cardreader::test
