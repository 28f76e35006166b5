#include "kiosk/ui/widgets/keypad.hpp"

#include "kiosk/ui/bilingual.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

constexpr Bilingual kClearLabel{"Hapus semua", "Clear all"};
constexpr Bilingual kBackspaceLabel{"Hapus", "Delete"};

}  // namespace

Size keypad_size(int key_px, int gap_px) { return {3 * key_px + 2 * gap_px, 4 * key_px + 3 * gap_px}; }

KeypadGeometry keypad_geometry(Rect area, const ThemePx& px) {
    KeypadGeometry g;
    g.gap_px = px.gap;
    const int fit_w = (area.width_px - 2 * px.gap) / 3;
    const int fit_h = (area.height_px - 3 * px.gap) / 4;
    g.key_px = std::clamp(std::min(fit_w, fit_h), px.key_min, std::max(px.key_min, px.key_max));
    const Size s = keypad_size(g.key_px, g.gap_px);
    g.bounds = Rect{area.right_px() - s.width_px, area.y_px, s.width_px, s.height_px};
    for (int row = 0; row < 4; ++row) {
        for (int col = 0; col < 3; ++col) {
            g.keys[static_cast<std::size_t>(row * 3 + col)] =
                Rect{g.bounds.x_px + col * (g.key_px + g.gap_px), g.bounds.y_px + row * (g.key_px + g.gap_px),
                     g.key_px, g.key_px};
        }
    }
    return g;
}

void Keypad::layout(Rect area, const ThemePx& px, core::Language language) {
    geometry_ = keypad_geometry(area, px);
    static constexpr char kDigits[] = "123456789";
    for (std::size_t i = 0; i < 9; ++i) {
        keys_[i] = Button{geometry_.keys[i], std::string(1, kDigits[i]), UiAction::digit_key(kDigits[i]),
                          ButtonStyle::key, px.digit, true};
    }
    keys_[9] = Button{geometry_.keys[9], "", UiAction::of(UiActionKind::clear), ButtonStyle::key, px.key_label, true};
    keys_[10] = Button{geometry_.keys[10], "0", UiAction::digit_key('0'), ButtonStyle::key, px.digit, true};
    keys_[11] = Button{geometry_.keys[11], "", UiAction::of(UiActionKind::backspace), ButtonStyle::key, px.key_label, true};
    set_language(language);
}

void Keypad::set_language(core::Language language) {
    keys_[9].label = kClearLabel.in(language);
    keys_[11].label = kBackspaceLabel.in(language);
}

void Keypad::render(Painter& painter, std::optional<UiAction> pressed, bool enabled) const {
    for (const Button& key : keys_) key.render(painter, button_state(key, pressed, enabled));
}

std::optional<Rect> Keypad::key_rect(const UiAction& action) const {
    for (const Button& key : keys_) {
        if (key.action == action) return key.rect;
    }
    return std::nullopt;
}

}  // namespace kiosk::ui
