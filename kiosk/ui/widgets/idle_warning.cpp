#include "kiosk/ui/widgets/idle_warning.hpp"

#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/countdown.hpp"

#include <algorithm>
#include <string>

namespace kiosk::ui {

namespace {
constexpr Bilingual kMoreTime{"Tambah waktu", "More time"};
}

std::string IdleWarning::message(core::Language language, int seconds_left, IdleEnd end) {
    const std::string seconds = std::to_string(seconds_left);
    if (end == IdleEnd::staff_mode) {
        return language == core::Language::id ? "Masih di sini? Mode petugas berakhir dalam " + seconds + " detik."
                                              : "Still there? Staff mode ends in " + seconds + " seconds.";
    }
    return language == core::Language::id ? "Masih di sini? Layar kembali ke awal dalam " + seconds + " detik."
                                    : "Still there? Back to the start in " + seconds + " seconds.";
}

void IdleWarning::layout(Size screen, const ThemePx& px, TextRenderer& text) {
    // Across the bottom of the screen, above everything: where a hand already is on a keypad. As
    // tall as the longer message needs (two-digit seconds), never shorter than its button.
    const int button_w = std::max(screen.width_px / 4, px.key_min * 3);
    const int message_w = screen.width_px - 3 * px.margin - button_w;
    const TextStyle style{FontWeight::bold, px.body, {}};
    const int text_h = std::max(paragraph_height(text, message(core::Language::id, 88, end_), style, message_w),
                                paragraph_height(text, message(core::Language::en, 88, end_), style, message_w));
    const int h = std::max(px.button_height, text_h) + 2 * px.section_gap;
    bounds_ = Rect{0, screen.height_px - h, screen.width_px, h};
    more_time_ = Button{Rect{bounds_.right_px() - px.margin - button_w, bounds_.y_px + (h - px.button_height) / 2,
                             button_w, px.button_height},
                        kMoreTime.id, UiAction::of(UiActionKind::more_time), ButtonStyle::primary, px.key_label, true};
    message_ = Rect{px.margin, bounds_.y_px, message_w, h};
}

void IdleWarning::set_language(core::Language language) { more_time_.label = kMoreTime.in(language); }

void IdleWarning::show(std::uint64_t deadline_ms) { deadline_ms_ = deadline_ms; }

int IdleWarning::seconds_left(std::uint64_t now_ms) const {
    return deadline_ms_ ? ui::seconds_left(*deadline_ms_, now_ms) : 0;
}

std::optional<std::uint64_t> IdleWarning::next_frame_ms(std::uint64_t now_ms) const {
    if (!deadline_ms_) return std::nullopt;
    return next_second_ms(*deadline_ms_, now_ms);
}

void IdleWarning::render(Painter& painter, std::uint64_t now_ms, core::Language language, bool pressed) const {
    if (!deadline_ms_) return;
    const Palette& c = painter.palette();
    painter.fill(bounds_, c.warning);
    painter.fill(Rect{bounds_.x_px, bounds_.y_px, bounds_.width_px, painter.px().border}, c.on_warning);
    painter.paragraph(message_, message(language, seconds_left(now_ms), end_), TextStyle{FontWeight::bold, painter.px().body, c.on_warning}, Align::start,
                      Align::center);
    more_time_.render(painter, pressed ? ButtonState::pressed : ButtonState::normal);
}

}  // namespace kiosk::ui
