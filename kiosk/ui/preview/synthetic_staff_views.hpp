// Synthetic staff views for the preview's --all mode and the UI tests: every staff screen in every
// phase, with each refusal, problem, issue and resolution, lists empty, short and longer than a
// page, the idle warning and the ending notice, and the longest texts the views can carry (a long
// staff name, every load refusal). Made-up names and NIKs only; NIKs masked as the machine masks them.
#pragma once

#include "kiosk/core/staff/staff_view.hpp"

#include <string>
#include <vector>

namespace kiosk::ui {

[[nodiscard]] std::vector<core::staff::StaffView> synthetic_staff_views();

// The NIKs behind the synthetic views' masked ones, in full: what no staff screen may ever show.
[[nodiscard]] std::vector<std::string> synthetic_staff_niks();

}  // namespace kiosk::ui
