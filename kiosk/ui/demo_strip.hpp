// DemoStrip: the demo controls of `kiosk --demo`, a band at the window's right edge in a colour no
// resident screen uses, headed "DEMO", with one button per simulated-device action ("Jari benar /
// Right finger", ...). F12 shows and hides it; it is shown by default once enabled. While shown it
// reserves its band, so the screens are laid out beside it and nothing hides under it.
#pragma once

#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/overlay.hpp"
#include "kiosk/ui/physical_metrics.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets/button.hpp"

#include <array>
#include <iterator>

namespace kiosk::ui {

inline constexpr double kDemoStripWidthMm = 46.0;
// Demo controls are for the person trying the demo at a desk, not for residents: smaller than the
// resident screens' keys, so that all of them fit a 10.1" panel's height.
inline constexpr double kDemoButtonMinMm = 12.0;

struct DemoStripGeometry {
    Rect strip;
    Rect heading;
    std::array<Rect, std::size(kAllDemoIntents)> buttons;  // in kAllDemoIntents order
};

// Pure: where the strip and its buttons are in a window of `window` pixels at `metrics`' density.
[[nodiscard]] DemoStripGeometry demo_strip_geometry(Size window, const PhysicalMetrics& metrics);

[[nodiscard]] Bilingual demo_label(DemoIntent which);

class DemoStrip final : public Overlay {
public:
    void set_enabled(bool enabled);
    [[nodiscard]] bool enabled() const { return enabled_; }
    [[nodiscard]] bool shown() const { return enabled_ && shown_; }

    void layout(const LayoutContext& window) override;
    [[nodiscard]] int reserved_right_px() const override { return shown() ? geometry_.strip.width_px : 0; }
    void render(Painter& painter, std::optional<UiAction> pressed) override;
    [[nodiscard]] std::vector<HitTarget> targets() const override;
    [[nodiscard]] bool accepts(const UiAction& action) const override;
    std::optional<Intent> handle(const UiAction& action) override;

    [[nodiscard]] const DemoStripGeometry& geometry() const { return geometry_; }

private:
    bool enabled_ = false;
    bool shown_ = true;
    DemoStripGeometry geometry_;
    int label_px_ = 0;
};

}  // namespace kiosk::ui
