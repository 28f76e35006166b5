#include "kiosk/ui/demo_strip.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

constexpr Colour kStripGround{0x3B, 0x0A, 0x5E};  // deep purple: used nowhere on the resident screens
constexpr Colour kStripInk{0xFF, 0xFF, 0xFF};     // 14:1 on the ground
constexpr Colour kStripKey{0xF1, 0xE6, 0xFA};
constexpr Colour kStripKeyPressed{0xC9, 0xA8, 0xE6};

}  // namespace

Bilingual demo_label(DemoIntent which) {
    switch (which) {
        case DemoIntent::place_right_finger: return {"Jari benar", "Right finger"};
        case DemoIntent::place_wrong_finger: return {"Jari salah", "Wrong finger"};
        case DemoIntent::lift_finger: return {"Angkat jari", "Lift finger"};
        case DemoIntent::tap_demo_card: return {"Tempel kartu", "Tap demo card"};  // the strip says DEMO already
        case DemoIntent::tap_wrong_card: return {"Kartu lain", "Other card"};
        case DemoIntent::take_card: return {"Ambil kartu", "Take card"};
        case DemoIntent::staff_card: return {"Kartu petugas", "Staff card"};
        case DemoIntent::insert_printed_card: return {"Masukkan kartu", "Insert card"};
    }
    return {"", ""};
}

DemoStripGeometry demo_strip_geometry(Size window, const PhysicalMetrics& metrics) {
    const PhysicalMetrics m = metrics.with_size(window.width_px, window.height_px);
    const int width = std::min(m.mm_to_px(kDemoStripWidthMm), window.width_px / 3);
    const int pad = m.mm_to_px(2.0);
    const int gap = m.mm_to_px(2.0);
    DemoStripGeometry g;
    g.strip = Rect{window.width_px - width, 0, width, window.height_px};
    g.heading = Rect{g.strip.x_px + pad, pad, width - 2 * pad, m.mm_to_px(9.0)};
    const int top = g.heading.bottom_px() + gap;
    const int n = static_cast<int>(g.buttons.size());
    const int available = window.height_px - pad - top - gap * (n - 1);
    const int h = std::clamp(available / n, m.mm_to_px(kDemoButtonMinMm), m.mm_to_px(24.0));
    for (int i = 0; i < n; ++i) {
        g.buttons[static_cast<std::size_t>(i)] = Rect{g.strip.x_px + pad, top + i * (h + gap), width - 2 * pad, h};
    }
    return g;
}

void DemoStrip::set_enabled(bool enabled) {
    if (enabled == enabled_) return;
    enabled_ = enabled;
    shown_ = true;
    invalidate();
}

void DemoStrip::layout(const LayoutContext& window) {
    geometry_ = demo_strip_geometry(window.size, window.metrics);
    label_px_ = window.metrics.mm_to_px(4.2);
    invalidate();
}

void DemoStrip::render(Painter& painter, std::optional<UiAction> pressed) {
    if (!shown()) return;
    const ThemePx& px = painter.px();
    painter.fill(geometry_.strip, kStripGround);
    painter.text_in(geometry_.heading, "DEMO  (F12)", TextStyle{FontWeight::bold, label_px_ * 3 / 2, kStripInk},
                    Align::center);
    for (std::size_t i = 0; i < geometry_.buttons.size(); ++i) {
        const DemoIntent which = kAllDemoIntents[i];
        const Rect r = geometry_.buttons[i];
        const bool down = pressed && pressed->kind == UiActionKind::demo && pressed->demo == which;
        painter.box(r, px.corner, px.border, kStripInk, down ? kStripKeyPressed : kStripKey);
        const Bilingual label = demo_label(which);
        const Rect inner = r.inset(px.border * 2);
        const int half = inner.height_px / 2;
        painter.paragraph(Rect{inner.x_px, inner.y_px, inner.width_px, half}, label.id,
                          TextStyle{FontWeight::bold, label_px_, kStripGround}, Align::center, Align::end, inner);
        painter.paragraph(Rect{inner.x_px, inner.y_px + half, inner.width_px, half}, label.en,
                          TextStyle{FontWeight::regular, label_px_ * 85 / 100, kStripGround}, Align::center,
                          Align::start, inner);
    }
}

std::vector<HitTarget> DemoStrip::targets() const {
    std::vector<HitTarget> out;
    if (!shown()) return out;
    for (std::size_t i = 0; i < geometry_.buttons.size(); ++i) {
        out.push_back({geometry_.buttons[i], UiAction::demo_button(kAllDemoIntents[i])});
    }
    return out;
}

bool DemoStrip::accepts(const UiAction& action) const {
    if (!enabled_) return false;
    return action.kind == UiActionKind::toggle_demo || (action.kind == UiActionKind::demo && shown());
}

std::optional<Intent> DemoStrip::handle(const UiAction& action) {
    if (action.kind == UiActionKind::toggle_demo) {
        shown_ = !shown_;
        invalidate();
        return std::nullopt;
    }
    return Intent::demo_control(action.demo);
}

}  // namespace kiosk::ui
