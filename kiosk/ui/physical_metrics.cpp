#include "kiosk/ui/physical_metrics.hpp"

#include <cmath>

namespace kiosk::ui {

int mm_to_px(double mm, double px_per_mm) {
    if (!(mm > 0.0) || !(px_per_mm > 0.0)) return 0;
    // The small epsilon keeps an exact product (20 mm at 5 px/mm = 100 px) from rounding up to 101
    // through floating-point noise.
    return static_cast<int>(std::ceil(mm * px_per_mm - 1e-9));
}

int PhysicalMetrics::mm_to_px(double mm) const { return ui::mm_to_px(mm, px_per_mm_); }

Result<PhysicalMetrics> PhysicalMetrics::from(const ScreenSpec& spec) {
    if (spec.width_px <= 0 || spec.height_px <= 0) {
        return fail("ui.metrics", "screen width and height must be positive pixel counts");
    }
    if (spec.diagonal_mm.has_value() == spec.dpi.has_value()) {
        return fail("ui.metrics", "give exactly one of the screen diagonal (mm) and its dpi");
    }
    double px_per_mm = 0.0;
    if (spec.diagonal_mm) {
        if (!(*spec.diagonal_mm > 0.0)) return fail("ui.metrics", "screen diagonal must be positive");
        const double diagonal_px = std::hypot(static_cast<double>(spec.width_px),
                                              static_cast<double>(spec.height_px));
        px_per_mm = diagonal_px / *spec.diagonal_mm;
    } else {
        if (!(*spec.dpi > 0.0)) return fail("ui.metrics", "screen dpi must be positive");
        px_per_mm = *spec.dpi / kMmPerInch;
    }
    return PhysicalMetrics(spec.width_px, spec.height_px, px_per_mm);
}

}  // namespace kiosk::ui
