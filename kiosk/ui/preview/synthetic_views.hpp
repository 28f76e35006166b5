// Synthetic session views for the preview's --all mode and the UI tests: every kind of screen in
// representative states (every card status, every message kind, every pickup step, every finger
// stage and outcome, the tap reader's news, out-of-service reasons), with the longest texts the
// views can carry. Made-up NIKs and names only.
#pragma once

#include "kiosk/core/session/session_view.hpp"

#include <vector>

namespace kiosk::ui {

[[nodiscard]] std::vector<core::session::SessionView> synthetic_views();

}  // namespace kiosk::ui
