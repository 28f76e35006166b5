#include "drivers/serial/link.hpp"

namespace kiosk::serial {

const char* to_string(LinkErrorKind kind) {
    switch (kind) {
        case LinkErrorKind::timeout: return "timeout";
        case LinkErrorKind::closed: return "closed";
        case LinkErrorKind::gone: return "device gone";
        case LinkErrorKind::io: return "i/o error";
        case LinkErrorKind::not_found: return "not found";
        case LinkErrorKind::busy: return "busy";
        case LinkErrorKind::permission: return "permission denied";
        case LinkErrorKind::config: return "bad configuration";
    }
    return "unknown";
}

std::string LinkError::to_string() const {
    return std::string(serial::to_string(kind)) + (what.empty() ? "" : " (" + what + ")");
}

LinkResult<void> read_exact(Link& link, std::span<std::uint8_t> buffer, Clock::time_point deadline) {
    std::size_t done = 0;
    while (done < buffer.size()) {
        done += TRY(link.read_some(buffer.subspan(done), deadline));
    }
    return {};
}

}  // namespace kiosk::serial
