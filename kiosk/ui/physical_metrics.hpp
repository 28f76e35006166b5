// PhysicalMetrics: the screen's pixel density, so layout is specified in millimetres.
//
// A touch target's usable size is physical (a fingertip is 10-20 mm wide, and an unsteady or elderly
// hand needs more), so every size in the UI is chosen in mm and converted here. The density comes
// from configuration: the panel's pixel size plus either its diagonal in mm or its dpi. Pure.
#pragma once

#include "kiosk/core/result.hpp"

#include <optional>

namespace kiosk::ui {

struct ScreenSpec {
    int width_px = 0;
    int height_px = 0;
    // Exactly one of these two: the visible diagonal (a "21.5 inch" panel is 546 mm) or the dpi.
    std::optional<double> diagonal_mm;
    std::optional<double> dpi;
};

class PhysicalMetrics {
public:
    // Fails when the sizes are not positive or neither/both of diagonal_mm and dpi are given.
    static Result<PhysicalMetrics> from(const ScreenSpec& spec);

    [[nodiscard]] int width_px() const { return width_px_; }
    [[nodiscard]] int height_px() const { return height_px_; }
    [[nodiscard]] double px_per_mm() const { return px_per_mm_; }
    [[nodiscard]] double width_mm() const { return width_px_ / px_per_mm_; }
    [[nodiscard]] double height_mm() const { return height_px_ / px_per_mm_; }

    // Millimetres to whole pixels, rounded up: a size chosen as a minimum (a 20 mm key) stays at
    // least that size on screen. Negative lengths are a programmer error and give 0.
    [[nodiscard]] int mm_to_px(double mm) const;
    [[nodiscard]] double px_to_mm(int px) const { return px / px_per_mm_; }

    // The same density over a different pixel area: a window smaller than the panel (development),
    // or the desktop size a fullscreen window actually got.
    [[nodiscard]] PhysicalMetrics with_size(int width_px, int height_px) const {
        return PhysicalMetrics(width_px, height_px, px_per_mm_);
    }

private:
    PhysicalMetrics(int width_px, int height_px, double px_per_mm)
        : width_px_(width_px), height_px_(height_px), px_per_mm_(px_per_mm) {}

    int width_px_;
    int height_px_;
    double px_per_mm_;
};

// The free form of PhysicalMetrics::mm_to_px, for code that only has a density.
[[nodiscard]] int mm_to_px(double mm, double px_per_mm);

inline constexpr double kMmPerInch = 25.4;

}  // namespace kiosk::ui
