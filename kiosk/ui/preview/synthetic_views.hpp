// Synthetic session views for the preview's --all mode and the UI tests: every kind of screen in
// representative states (every card status, every message kind, every pickup step, every finger
// stage and outcome, the tap reader's news, out-of-service reasons), with the longest texts the
// views can carry. Made-up NIKs and names only.
#pragma once

#include "kiosk/core/session/session_view.hpp"

#include <string>
#include <vector>

namespace kiosk::ui {

[[nodiscard]] std::vector<core::session::SessionView> synthetic_views();

// Operators' maintenance notes for the maintenance screen: a short one and the longest the route
// accepts (200 characters) in words, in wide letters without a space, and in Indonesian.
[[nodiscard]] std::vector<std::string> synthetic_maintenance_notes();

}  // namespace kiosk::ui
