#include "drivers/cardreader/card_error.hpp"

namespace kiosk::cardreader {

const char* to_string(CardErrc code) {
    switch (code) {
        case CardErrc::no_service: return "no PC/SC service";
        case CardErrc::no_readers: return "no reader";
        case CardErrc::reader_unavailable: return "reader unavailable";
        case CardErrc::no_card: return "no card";
        case CardErrc::removed: return "card removed";
        case CardErrc::unresponsive: return "card unresponsive";
        case CardErrc::sharing_violation: return "reader in use";
        case CardErrc::timeout: return "timeout";
        case CardErrc::cancelled: return "cancelled";
        case CardErrc::protocol: return "protocol error";
        case CardErrc::internal: return "internal error";
    }
    return "unknown";
}

std::string CardError::to_string() const {
    return std::string(cardreader::to_string(code)) + (what.empty() ? "" : ": " + what);
}

}  // namespace kiosk::cardreader
