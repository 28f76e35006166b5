// One line to a simulator's control socket (kiosk-sim-dispenser's and kiosk-sim-fingerprint's line
// protocols: one command line in, one answer line out) and its answer, for the soak's person at the
// kiosk. No doctest: the soak is a plain program.
#pragma once

#include "kiosk/core/result.hpp"

#include <string>

namespace kiosk::soak {

// The answer line without its newline ("ok", "ok ...", "error ..."). An error when the socket
// cannot be reached (the simulator is down: a power cut) or gives no answer within `timeout_ms`.
[[nodiscard]] Result<std::string> control_line(const std::string& socket_path, const std::string& line,
                                               int timeout_ms = 10'000);

}  // namespace kiosk::soak
