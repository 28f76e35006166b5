#include "kiosk/ui/screens/staff_service_screen.hpp"

#include "kiosk/ui/staff_text.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

namespace cst = core::staff;
using core::Language;
using cst::ServicePhase;

constexpr Bilingual kTitle{"Layanan kios", "Kiosk service"};
constexpr Bilingual kInService{"Kembali melayani", "Back in service"};
constexpr Bilingual kSelfTest{"Uji perangkat", "Self-test"};
constexpr Bilingual kAudit{"Periksa isi magasin", "Inventory audit"};
constexpr Bilingual kOutFor{"Hentikan layanan karena:", "Out of service for:"};
constexpr Bilingual kServing{"Kios sedang melayani warga.", "The kiosk is serving residents."};
constexpr Bilingual kNotServing{"Kios tidak melayani warga.", "The kiosk is out of service."};
constexpr Bilingual kNotKnown{"Status layanan belum diketahui.", "The service state is not known yet."};
constexpr Bilingual kSetting{"Menyimpan status layanan...", "Saving the service state..."};
constexpr Bilingual kTesting{"Menguji setiap perangkat...", "Testing every device..."};
constexpr Bilingual kAuditing{"Membandingkan data dengan isi magasin...", "Comparing the records with the magazine..."};
constexpr Bilingual kPassed{"baik", "OK"};
constexpr Bilingual kBackNote{"Pilih Kembali melayani bila pekerjaan sudah selesai. Warga dapat memakai kios lagi.",
                              "Choose Back in service when the work is done. Residents can use the kiosk again."};

const char* name_of(ServicePhase phase) {
    switch (phase) {
        case ServicePhase::ready: return "staff-service-ready";
        case ServicePhase::setting: return "staff-service-setting";
        case ServicePhase::self_testing: return "staff-service-self-testing";
        case ServicePhase::auditing: return "staff-service-auditing";
    }
    return "staff-service";
}

}  // namespace

void StaffServiceScreen::update(const cst::ServiceScreen& view, std::uint64_t now_ms) {
    const bool changed = !(view == view_);
    view_ = view;
    name_ = name_of(view.phase);
    if (view.phase == ServicePhase::ready)
        progress_.stop();
    else
        progress_.start(now_ms);
    if (changed) invalidate();
}

void StaffServiceScreen::layout_body(const LayoutContext& context, Rect body) {
    const ThemePx& px = context.px;
    TextRenderer& text = context.text;
    const Rect above = place_bottom_row(context, body);
    const TwoParts parts = split_in_two(above, px.section_gap, 55, 35);

    // The service: its state, then the reasons to take it out of service (a label and two by two
    // buttons), or, while out of service, "Back in service" in their place.
    const int heading_h =
        text.line_height(FontWeight::bold, px.body) + 2 * text.line_height(FontWeight::bold, px.toggle_label);
    heading_ = Rect{parts.first.x_px, parts.first.y_px, parts.first.width_px, heading_h};
    const int label_h = text.line_height(FontWeight::bold, px.toggle_label);
    reasons_label_ = Rect{parts.first.x_px, heading_.bottom_px() + px.gap, parts.first.width_px, label_h};
    const int grid_y = reasons_label_.bottom_px() + px.gap;
    const int cell_w = (parts.first.width_px - 2 * px.gap) / 2;
    const int cell_h = std::clamp((parts.first.bottom_px() - grid_y - px.gap) / 2, px.toggle_height, px.button_height);
    const int row_gap = std::clamp(parts.first.bottom_px() - grid_y - 2 * cell_h, px.gap, 2 * px.gap);
    for (std::size_t i = 0; i < reasons_.size(); ++i) {
        const int col = static_cast<int>(i % 2);
        const int row = static_cast<int>(i / 2);
        reasons_[i] = Button{
            Rect{parts.first.x_px + col * (cell_w + 2 * px.gap), grid_y + row * (cell_h + row_gap), cell_w, cell_h},
            "",
            UiAction::out_of_service_for(cst::kAllServiceReasons[i]),
            ButtonStyle::secondary,
            px.toggle_label,
            true};
    }
    in_service_ = Button{{}, "", UiAction::of(UiActionKind::in_service), ButtonStyle::primary, px.key_label, true};
    const Rect back_area{parts.first.x_px, reasons_label_.y_px, parts.first.width_px,
                         std::max(0, parts.first.bottom_px() - reasons_label_.y_px)};
    in_service_note_ = place_action(context, in_service_, kInService, back_area, Align::start);

    // The devices: the two tasks one under the other, their results below.
    const int button_h = px.toggle_height;
    self_test_ = Button{Rect{parts.second.x_px, parts.second.y_px, parts.second.width_px, button_h},
                        "",
                        UiAction::of(UiActionKind::self_test),
                        ButtonStyle::secondary,
                        px.toggle_label,
                        true};
    audit_ = Button{Rect{parts.second.x_px, self_test_.rect.bottom_px() + px.gap, parts.second.width_px, button_h},
                    "",
                    UiAction::of(UiActionKind::inventory_audit),
                    ButtonStyle::secondary,
                    px.toggle_label,
                    true};
    const int results_y = audit_.rect.bottom_px() + px.gap;
    results_ =
        Rect{parts.second.x_px, results_y, parts.second.width_px, std::max(0, parts.second.bottom_px() - results_y)};
    body_language_changed();
}

void StaffServiceScreen::body_language_changed() {
    const Language l = language();
    in_service_.label = kInService.in(l);
    self_test_.label = kSelfTest.in(l);
    audit_.label = kAudit.in(l);
    for (std::size_t i = 0; i < reasons_.size(); ++i)
        reasons_[i].label = service_reason_text(cst::kAllServiceReasons[i]).in(l);
}

void StaffServiceScreen::render_body(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const Language l = language();
    const bool id = l == Language::id;

    std::string state = view_.in_service ? (*view_.in_service ? kServing.in(l) : kNotServing.in(l)) : kNotKnown.in(l);
    if (view_.in_service == false && view_.reason) {
        state += std::string(id ? " Alasan: " : " Reason: ") + service_reason_text(*view_.reason).in(l) + ".";
    }
    draw_flow(
        painter, heading_,
        {TextBlock{kTitle.in(l), FontWeight::bold, px.body, c.text, 0},
         TextBlock{state, FontWeight::bold, px.toggle_label, view_.in_service == false ? c.problem : c.primary, 0}});

    if (out_of_service()) {
        if (in_service_offered()) in_service_.render(painter, button_state(in_service_, pressed()));
        draw_flow(painter, in_service_note_,
                  {TextBlock{kBackNote.in(l), FontWeight::regular, px.toggle_label, c.text, 0}});
    } else {
        draw_flow(painter, reasons_label_, {TextBlock{kOutFor.in(l), FontWeight::bold, px.toggle_label, c.text, 0}});
        const int label_px = shared_label_px(reasons_, painter.text_renderer(), px);
        for (Button b : reasons_) {
            b.label_px = label_px;
            b.render(painter, button_state(b, pressed(), ready()));
        }
    }
    std::array<Button, 2> devices{self_test_, audit_};
    const int device_px = shared_label_px(devices, painter.text_renderer(), px);
    for (Button& b : devices) {
        b.label_px = device_px;
        b.render(painter, button_state(b, pressed(), ready()));
    }

    std::vector<TextBlock> results;
    switch (view_.phase) {
        case ServicePhase::ready: break;
        case ServicePhase::setting:
            results.push_back({kSetting.in(l), FontWeight::bold, px.toggle_label, c.text, px.gap});
            break;
        case ServicePhase::self_testing:
            results.push_back({kTesting.in(l), FontWeight::bold, px.toggle_label, c.text, px.gap});
            break;
        case ServicePhase::auditing:
            results.push_back({kAuditing.in(l), FontWeight::bold, px.toggle_label, c.text, px.gap});
            break;
    }
    if (view_.self_test && view_.phase != ServicePhase::self_testing) {
        for (const cst::DeviceTestResult& r : *view_.self_test) {
            const std::string verdict = r.fault ? device_fault_text(*r.fault).in(l) : kPassed.in(l);
            results.push_back({std::string(tested_device_text(r.device).in(l)) + ": " + verdict,
                               r.fault ? FontWeight::bold : FontWeight::regular, px.toggle_label,
                               r.fault ? c.problem : c.text, px.gap / 2});
        }
        if (!results.empty()) results.back().gap_after_px = px.gap;
    }
    if (view_.audit && view_.phase != ServicePhase::auditing) {
        const int blocked = std::max(0, view_.audit->mismatches - view_.audit->repaired);
        std::string line = (id ? "Pemeriksaan isi: " : "Audit: ") +
                           count_text(view_.audit->mismatches, l, "selisih", "mismatch", "mismatches") + ", " +
                           std::to_string(view_.audit->repaired) + (id ? " diperbaiki" : " repaired");
        if (blocked > 0) line += ", " + std::to_string(blocked) + (id ? " diblokir" : " blocked");
        results.push_back({line + ".", FontWeight::bold, px.toggle_label, blocked > 0 ? c.problem : c.text, px.gap});
    }
    if (view_.problem)
        draw_note(painter, {{problem_text(*view_.problem).in(l), FontWeight::bold, px.toggle_label, c.problem, 0}});
    Rect results_area = results_;
    if (progress_.active()) {
        progress_.layout(Rect{results_.x_px, results_.bottom_px() - px.body, results_.width_px, px.body}, px);
        results_area.height_px = std::max(0, results_area.height_px - px.body - px.gap);
    }
    if (!results.empty()) draw_flow(painter, results_area, results);
    progress_.render(painter, now_ms);
}

std::optional<Intent> StaffServiceScreen::handle_body(const UiAction& action, std::uint64_t /*now_ms*/) {
    if (!ready()) return std::nullopt;
    switch (action.kind) {
        case UiActionKind::out_of_service:
            if (out_of_service()) return std::nullopt;
            return Intent::staff_choice(IntentKind::out_of_service, action.staff, language());
        case UiActionKind::in_service:
            if (!in_service_offered()) return std::nullopt;
            return intent(IntentKind::in_service);
        case UiActionKind::self_test: return intent(IntentKind::self_test);
        case UiActionKind::inventory_audit: return intent(IntentKind::inventory_audit);
        default: return std::nullopt;
    }
}

std::vector<HitTarget> StaffServiceScreen::body_targets() const {
    std::vector<HitTarget> out;
    if (!ready()) return out;
    if (!out_of_service()) {
        for (const Button& b : reasons_) out.push_back({b.rect, b.action});
    }
    out.push_back({self_test_.rect, self_test_.action});
    out.push_back({audit_.rect, audit_.action});
    if (in_service_offered()) out.push_back({in_service_.rect, in_service_.action});
    return out;
}

std::optional<std::uint64_t> StaffServiceScreen::animation_frame_ms(std::uint64_t now_ms) const {
    return progress_.next_frame_ms(now_ms);
}

}  // namespace kiosk::ui
