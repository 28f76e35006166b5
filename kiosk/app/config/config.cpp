// The small members of the configuration's types; the keys are config_key_table.cpp, loading is
// config_file.cpp.
#include "kiosk/app/config/config.hpp"

#include <cmath>

namespace kiosk::app {

std::string_view to_string(Renderer renderer) {
    return renderer == Renderer::software ? "software" : "accelerated";
}

double DisplaySection::px_per_mm() const {
    const double diagonal_px = std::hypot(static_cast<double>(width_px), static_cast<double>(height_px));
    return diagonal_px / static_cast<double>(diagonal_mm);
}

}  // namespace kiosk::app
