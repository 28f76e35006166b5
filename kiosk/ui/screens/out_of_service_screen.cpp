#include "kiosk/ui/screens/out_of_service_screen.hpp"

#include "kiosk/ui/text_flow.hpp"

namespace kiosk::ui {

namespace {

// core's stable codes ("card_reader", "not_responding") with '_' as `separator`: '-' in a screen
// name, ' ' in the words an operator reads on the screen.
std::string spelled(std::string_view code, char separator) {
    std::string out(code);
    for (char& c : out)
        if (c == '_') c = separator;
    return out;
}

}  // namespace

void OutOfServiceScreen::update(const core::session::OutOfServiceScreen& view) {
    if (view == view_ && name_ != "out-of-service") return;
    view_ = view;
    if (view.maintenance) name_ = "out-of-service-maintenance";
    else if (view.store) name_ = "out-of-service-store-" + spelled(core::session::store_fault_code(*view.store), '-');
    else if (view.device) name_ = "out-of-service-" + spelled(core::session::device_code(view.device->device), '-');
    else name_ = "out-of-service-unknown";
    invalidate();
}

std::string OutOfServiceScreen::operator_reason() const {
    std::string out = "Out of service: ";
    if (view_.maintenance) out += "maintenance mode";
    if (view_.device) {
        if (view_.maintenance) out += "; ";
        out += spelled(core::session::device_code(view_.device->device), '-') + " " +
               spelled(core::session::fault_code(view_.device->fault), ' ');
    }
    if (view_.store) {
        if (view_.maintenance || view_.device) out += "; ";
        out += view_.store == core::session::StoreFault::damaged ? "database damaged" : "disk full";
    }
    if (!view_.maintenance && !view_.device && !view_.store) out += "reason not reported";
    return out;
}

void OutOfServiceScreen::layout(const LayoutContext& context) {
    const ThemePx& px = context.px;
    size_ = context.size;
    const int reason_h = px.toggle_label * 2;
    reason_ = Rect{px.margin, size_.height_px - px.margin - reason_h, size_.width_px - 2 * px.margin, reason_h};
    main_ = Rect{px.margin * 2, px.margin, size_.width_px - 4 * px.margin, reason_.y_px - px.section_gap - px.margin};
}

void OutOfServiceScreen::render(Painter& painter, std::uint64_t /*now_ms*/) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    painter.clear(c.background);
    // Both languages at once, Bahasa Indonesia first; a rule between them.
    draw_flow(painter, main_,
              {TextBlock{"Mohon maaf, kios ini sedang tidak dapat digunakan", FontWeight::bold, px.title * 5 / 4, c.text,
                         px.gap, Align::center},
               TextBlock{"Silakan ke loket pelayanan. Petugas akan membantu Anda.", FontWeight::regular, px.body, c.text,
                         px.section_gap * 2, Align::center},
               TextBlock{"Sorry, this kiosk cannot be used right now", FontWeight::bold, px.title, c.text_muted, px.gap,
                         Align::center},
               TextBlock{"Please go to the service counter. The staff will help you.", FontWeight::regular, px.body,
                         c.text_muted, 0, Align::center}},
              Align::center);
    painter.fill(Rect{reason_.x_px, reason_.y_px - px.gap, reason_.width_px, std::max(1, px.border / 2)}, c.border);
    draw_flow(painter, reason_, {TextBlock{operator_reason(), FontWeight::regular, px.toggle_label * 3 / 4, c.text_muted, 0}},
              Align::center);
}

std::optional<Intent> OutOfServiceScreen::handle(const UiAction& /*action*/, std::uint64_t /*now_ms*/) {
    return std::nullopt;
}

}  // namespace kiosk::ui
