#include "kiosk/ui/screens/maintenance_screen.hpp"

#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>
#include <vector>

namespace kiosk::ui {

namespace {

constexpr Bilingual kTitle{"Kios sedang dalam pemeliharaan", "This kiosk is closed for maintenance"};
constexpr Bilingual kBody{"Silakan ke loket pelayanan. Petugas akan membantu Anda.",
                          "Please go to the service counter. The staff will help you."};
constexpr Bilingual kNoteLabel{"Keterangan petugas", "Note from the staff"};

}  // namespace

void MaintenanceScreen::update(const std::string& reason) {
    if (reason == reason_) return;
    reason_ = reason;
    invalidate();
}

void MaintenanceScreen::layout(const LayoutContext& context) {
    const ThemePx& px = context.px;
    size_ = context.size;
    // At most: the message in the upper half, the note in the lower half (room for 200 characters
    // at a readable size on the smallest panel). Where both take less, render() packs them.
    const int note_top = size_.height_px / 2;
    note_box_ = Rect{px.margin, note_top, size_.width_px - 2 * px.margin, size_.height_px - px.margin - note_top};
    main_ = Rect{px.margin * 2, px.margin, size_.width_px - 4 * px.margin, note_top - px.section_gap - px.margin};
}

void MaintenanceScreen::render(Painter& painter, std::uint64_t /*now_ms*/) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    painter.clear(c.background);
    const std::vector<TextBlock> message{
        TextBlock{kTitle.id, FontWeight::bold, px.title * 5 / 4, c.text, px.gap, Align::center},
        TextBlock{kBody.id, FontWeight::regular, px.body, c.text, px.section_gap * 2, Align::center},
        TextBlock{kTitle.en, FontWeight::bold, px.title, c.text_muted, px.gap, Align::center},
        TextBlock{kBody.en, FontWeight::regular, px.body, c.text_muted, 0, Align::center}};
    const std::vector<TextBlock> note{
        TextBlock{std::string(kNoteLabel.id) + " / " + kNoteLabel.en, FontWeight::bold, px.toggle_label, c.text_muted,
                  px.gap, Align::center},
        TextBlock{reason_, FontWeight::regular, px.body, c.text, 0, Align::center, WordBreaks::allowed}};
    const int pad_x = px.section_gap;
    const int pad_y = px.gap * 2;

    // Both at their full size, the pair centred on the screen, the box around the note's lines.
    TextRenderer& text = painter.text_renderer();
    const int message_h = flow_height(text, message, main_.width_px);
    const int note_h = flow_height(text, note, note_box_.width_px - 2 * pad_x);
    const int gap = px.section_gap * 2;
    const int total = message_h + gap + note_h + 2 * pad_y;
    Rect message_area = main_;
    Rect box = note_box_;
    if (total <= size_.height_px - 2 * px.margin) {
        const int top = (size_.height_px - total) / 2;
        message_area = Rect{main_.x_px, top, main_.width_px, message_h};
        box = Rect{note_box_.x_px, top + message_h + gap, note_box_.width_px, note_h + 2 * pad_y};
    }
    draw_flow(painter, message_area, message, Align::center);
    painter.box(box, px.corner, std::max(1, px.border), c.border, c.surface);
    draw_flow(painter, Rect{box.x_px + pad_x, box.y_px + pad_y, box.width_px - 2 * pad_x, box.height_px - 2 * pad_y},
              note, Align::center);
}

std::optional<Intent> MaintenanceScreen::handle(const UiAction& /*action*/, std::uint64_t /*now_ms*/) {
    return std::nullopt;
}

}  // namespace kiosk::ui
