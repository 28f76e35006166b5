// Whether a view puts a resident's personal data on the screen, for GET /api/v1/screenshot (DESIGN.md:
// the screenshot route never returns a resident's personal data). Decided from the view the frame
// was drawn from, on the UI thread, at the moment the frame is captured.
//
// Personal: every screen of a resident's session from the first typed NIK digit on (the digits, the
// masked NIK and the finger, the record's status and name, the pickup, the message that ends the
// session). Not personal: the attract screen, the identify screen before a digit is typed (what the
// reader said about a refused card names no one), out of service and maintenance. The idle warning
// and the demo strip carry nothing of anyone's.
#pragma once

#include "kiosk/core/session/session_view.hpp"

namespace kiosk::app {

[[nodiscard]] bool personal_data_on_screen(const core::session::SessionView& view);

}  // namespace kiosk::app
