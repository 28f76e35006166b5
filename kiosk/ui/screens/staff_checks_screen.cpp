#include "kiosk/ui/screens/staff_checks_screen.hpp"

#include "kiosk/ui/staff_text.hpp"
#include "kiosk/ui/text_flow.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

namespace cst = core::staff;
using core::Language;
using cst::ChecksPhase;

constexpr Bilingual kTitle{"Pemeriksaan petugas", "Operator checks"};
constexpr Bilingual kConfirm{"Ya, catat", "Yes, record it"};
constexpr Bilingual kPrevious{"Sebelumnya", "Previous"};
constexpr Bilingual kNext{"Berikutnya", "Next"};
constexpr Bilingual kLoading{"Membaca daftar pemeriksaan...", "Reading the checks..."};
constexpr Bilingual kNone{"Tidak ada yang perlu diperiksa.", "Nothing to check."};
constexpr Bilingual kResolving{"Mencatat...", "Recording..."};
constexpr Bilingual kUnknown{"tidak diketahui", "unknown"};

const char* name_of(const cst::OperatorChecksScreen& v) {
    switch (v.phase) {
        case ChecksPhase::loading: return "staff-checks-loading";
        case ChecksPhase::list: return v.items.empty() ? "staff-checks-empty" : "staff-checks-list";
        case ChecksPhase::confirm: return "staff-checks-confirm";
        case ChecksPhase::resolving: return "staff-checks-resolving";
    }
    return "staff-checks";
}

std::string sensor_text(const std::optional<bool>& occupied, Language l) {
    const bool id = l == Language::id;
    std::string out = id ? "Sensor slot: " : "Slot sensor: ";
    if (!occupied) return out + (id ? "tidak terbaca" : "not read");
    if (*occupied) return out + (id ? "ada kartu" : "a card is there");
    return out + (id ? "kosong" : "empty");
}

std::optional<std::size_t> index_of(const std::vector<cst::CheckRow>& items, std::int64_t entry_id) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].entry_id == entry_id) return i;
    }
    return std::nullopt;
}

}  // namespace

void StaffChecksScreen::update(const cst::OperatorChecksScreen& view, std::uint64_t now_ms) {
    const bool changed = !(view == view_);
    // The check shown stays the same check when the list changes, where it is still listed.
    const std::optional<std::int64_t> shown =
        index_ < view_.items.size() ? std::optional<std::int64_t>(view_.items[index_].entry_id) : std::nullopt;
    view_ = view;
    name_ = name_of(view);
    if (view.chosen) {
        if (auto at = index_of(view.items, view.chosen->entry_id)) index_ = *at;
    } else if (shown) {
        if (auto at = index_of(view.items, *shown)) index_ = *at;
    }
    if (index_ >= view.items.size()) index_ = view.items.empty() ? 0 : view.items.size() - 1;
    if (view.phase == ChecksPhase::loading || view.phase == ChecksPhase::resolving)
        progress_.start(now_ms);
    else
        progress_.stop();
    place_choices();
    if (changed) invalidate();
}

std::optional<std::size_t> StaffChecksScreen::shown_index() const {
    if (view_.items.empty()) return std::nullopt;
    return index_;
}

bool StaffChecksScreen::choosing() const {
    return !ending() && view_.phase == ChecksPhase::list && !view_.items.empty();
}

bool StaffChecksScreen::paging() const {
    return choosing() && view_.items.size() > 1;
}

void StaffChecksScreen::layout_body(const LayoutContext& context, Rect body) {
    const ThemePx& px = context.px;
    px_ = px;
    confirm_ = Button{{}, "", UiAction::of(UiActionKind::confirm), ButtonStyle::primary, px.key_label, true};
    const Rect above = place_bottom_row(context, body);
    // The heading row: which check of how many at the left, Previous/Next between them at the right.
    heading_ = Rect{above.x_px, above.y_px, above.width_px, px.toggle_height};
    auto width_of = [&](Bilingual label) {
        return std::max(context.text.measure(FontWeight::bold, px.toggle_label, label.id),
                        context.text.measure(FontWeight::bold, px.toggle_label, label.en)) +
               4 * px.gap + 6 * px.border;
    };
    const int pager_w = std::min(above.width_px / 3, std::max(width_of(kPrevious), width_of(kNext)));
    next_ = Button{Rect{heading_.right_px() - pager_w, heading_.y_px, pager_w, heading_.height_px},
                   "",
                   UiAction::of(UiActionKind::page_next),
                   ButtonStyle::secondary,
                   px.toggle_label,
                   true};
    previous_ = Button{Rect{next_.rect.x_px - 2 * px.gap - pager_w, heading_.y_px, pager_w, heading_.height_px},
                       "",
                       UiAction::of(UiActionKind::page_previous),
                       ButtonStyle::secondary,
                       px.toggle_label,
                       true};
    const Rect rest{above.x_px, heading_.bottom_px() + 2 * px.gap, above.width_px,
                    std::max(0, above.bottom_px() - heading_.bottom_px() - 2 * px.gap)};
    const TwoParts parts = split_in_two(rest, px.section_gap, 52, 45);
    facts_ = parts.first;
    choices_ = parts.second;
    // The confirmation: the question at the top of the choices' part (room for it on two lines and
    // its effect on two more), "Yes, record it" right under it.
    const int question_h = std::min(choices_.height_px - px.button_height - 2 * px.gap,
                                    2 * context.text.line_height(FontWeight::bold, px.body) +
                                        2 * context.text.line_height(FontWeight::regular, px.toggle_label) + px.gap);
    confirm_question_ = Rect{choices_.x_px, choices_.y_px, choices_.width_px, std::max(0, question_h)};
    (void)place_action(context, confirm_, kConfirm,
                       Rect{choices_.x_px, confirm_question_.bottom_px() + 2 * px.gap, choices_.width_px,
                            std::max(0, choices_.bottom_px() - confirm_question_.bottom_px() - 2 * px.gap)},
                       Align::start);
    progress_.layout(Rect{choices_.x_px, choices_.bottom_px() - px.body, choices_.width_px, px.body}, px);
    place_choices();
    body_language_changed();
}

void StaffChecksScreen::place_choices() {
    // The three findings, one under the other, each a whole row of the choices' part.
    const ThemePx& px = px_;
    const int gap = 2 * px.gap;
    const int h = std::clamp((choices_.height_px - 2 * gap) / 3, px.toggle_height, px.button_height);
    const int top = choices_.y_px;
    const std::int64_t entry = index_ < view_.items.size() ? view_.items[index_].entry_id : 0;
    const cst::CheckJournal journal = index_ < view_.items.size() ? view_.items[index_].journal : cst::CheckJournal::pickup;
    for (std::size_t i = 0; i < resolutions_.size(); ++i) {
        Button& b = resolutions_[i];
        b.rect = Rect{choices_.x_px, top + static_cast<int>(i) * (h + gap), choices_.width_px, h};
        b.action = UiAction::resolution(entry, cst::kAllCheckResolutions[i], journal);
        b.style = ButtonStyle::secondary;
        b.label_px = px.toggle_label;
        b.bold = true;
    }
}

void StaffChecksScreen::body_language_changed() {
    const Language l = language();
    confirm_.label = kConfirm.in(l);
    previous_.label = kPrevious.in(l);
    next_.label = kNext.in(l);
    for (std::size_t i = 0; i < resolutions_.size(); ++i) {
        resolutions_[i].label = resolution_label(cst::kAllCheckResolutions[i]).in(l);
    }
}

void StaffChecksScreen::render_body(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const Language l = language();
    const bool id = l == Language::id;
    const auto shown = shown_index();

    std::string heading = kTitle.in(l);
    if (shown && view_.phase != ChecksPhase::loading) {
        heading = (id ? "Pemeriksaan " : "Check ") + std::to_string(*shown + 1) + (id ? " dari " : " of ") +
                  std::to_string(view_.items.size());
    }
    const int heading_w = (paging() ? previous_.rect.x_px - px.gap * 2 : heading_.right_px()) - heading_.x_px;
    draw_flow(painter, Rect{heading_.x_px, heading_.y_px, heading_w, heading_.height_px},
              {TextBlock{heading, FontWeight::bold, px.body, c.text, 0}}, Align::center);

    // The facts of the check shown.
    std::vector<TextBlock> facts;
    if (view_.phase == ChecksPhase::loading) {
        facts.push_back({kLoading.in(l), FontWeight::regular, px.toggle_label, c.text, 0});
    } else if (!shown) {
        facts.push_back({kNone.in(l), FontWeight::regular, px.body, c.text, 0});
    } else {
        const cst::CheckRow& row = view_.items[*shown];
        const std::string nik = row.nik_masked.empty() ? kUnknown.in(l) : unbreakable(row.nik_masked);
        facts.push_back({"Slot " + std::to_string(row.slot) + "  \xC2\xB7  NIK " + nik, FontWeight::bold,
                         px.toggle_label, c.text, px.gap});
        facts.push_back({(id ? "Jurnal " : "Journal: ") + std::string(journal_text(row.journal).in(l)) +
                             (id ? ", langkah terakhir: " : ", last step: ") + row.journal_state,
                         FontWeight::regular, px.toggle_label, c.text, px.gap / 2});
        facts.push_back({(id ? "Alasan: " : "Reason: ") + row.reason, FontWeight::regular, px.toggle_label, c.text,
                         px.gap / 2, Align::start, WordBreaks::allowed});
        facts.push_back({(id ? "Ditandai: " : "Flagged: ") + local_time_text(row.at_s), FontWeight::regular,
                         px.toggle_label, c.text, px.gap / 2});
        facts.push_back({sensor_text(row.slot_sensor_occupied, l), FontWeight::bold, px.toggle_label, c.text, 0});
    }
    // A problem, or else the last resolution written: in the bottom row's note.
    std::vector<TextBlock> note;
    if (view_.problem) {
        note.push_back({problem_text(*view_.problem).in(l), FontWeight::bold, px.toggle_label, c.problem, 0});
    } else if (view_.last_resolved && view_.phase == ChecksPhase::list) {
        note.push_back({(id ? "Tercatat: " : "Recorded: ") +
                            std::string(resolution_label(view_.last_resolved->resolution).in(l)) + ".",
                        FontWeight::bold, px.toggle_label, c.primary, 0});
    }
    draw_note(painter, note);
    // The box as tall as its facts need, at most its part of the body.
    const int pad = px.gap + px.border * 2;
    const int needed = flow_height(painter.text_renderer(), facts, facts_.width_px - 2 * pad) + 2 * pad;
    const Rect box{facts_.x_px, facts_.y_px, facts_.width_px, std::min(facts_.height_px, needed)};
    painter.box(box, px.corner, px.border, c.border, c.surface);
    draw_flow(painter, box.inset(pad), facts);
    if (paging()) {
        previous_.render(painter, button_state(previous_, pressed(), index_ > 0));
        next_.render(painter, button_state(next_, pressed(), index_ + 1 < view_.items.size()));
    }

    // What staff found, or the confirmation of it.
    if (choosing()) {
        const int label_px = shared_label_px(resolutions_, painter.text_renderer(), px);
        for (Button b : resolutions_) {
            b.label_px = label_px;
            b.render(painter, button_state(b, pressed()));
        }
    } else if (view_.phase == ChecksPhase::confirm && view_.chosen) {
        draw_flow(
            painter, confirm_question_,
            {TextBlock{resolution_question(view_.chosen->resolution).in(l), FontWeight::bold, px.body, c.text, px.gap},
             TextBlock{resolution_effect(view_.chosen->resolution).in(l), FontWeight::regular, px.toggle_label, c.text,
                       0}},
            Align::center);
        if (!ending()) confirm_.render(painter, button_state(confirm_, pressed()));
    } else if (view_.phase == ChecksPhase::resolving) {
        draw_flow(painter, Rect{choices_.x_px, choices_.y_px, choices_.width_px, choices_.height_px - px.body * 2},
                  {TextBlock{kResolving.in(l), FontWeight::bold, px.body, c.text, 0}}, Align::center);
    }
    progress_.render(painter, now_ms);
}

std::optional<Intent> StaffChecksScreen::handle_body(const UiAction& action, std::uint64_t /*now_ms*/) {
    switch (action.kind) {
        case UiActionKind::resolve:
            if (!choosing()) return std::nullopt;
            return Intent::staff_choice(IntentKind::resolve, action.staff, language());
        case UiActionKind::confirm:
            if (view_.phase != ChecksPhase::confirm) return std::nullopt;
            return intent(IntentKind::confirm);
        case UiActionKind::page_previous:
            if (paging() && index_ > 0) {
                --index_;
                place_choices();
                invalidate();
            }
            return std::nullopt;
        case UiActionKind::page_next:
            if (paging() && index_ + 1 < view_.items.size()) {
                ++index_;
                place_choices();
                invalidate();
            }
            return std::nullopt;
        default: return std::nullopt;
    }
}

std::vector<HitTarget> StaffChecksScreen::body_targets() const {
    std::vector<HitTarget> out;
    if (choosing()) {
        for (const Button& b : resolutions_) out.push_back({b.rect, b.action});
    }
    if (paging()) {
        out.push_back({previous_.rect, previous_.action});
        out.push_back({next_.rect, next_.action});
    }
    if (!ending() && view_.phase == ChecksPhase::confirm) out.push_back({confirm_.rect, confirm_.action});
    return out;
}

std::optional<std::uint64_t> StaffChecksScreen::animation_frame_ms(std::uint64_t now_ms) const {
    return progress_.next_frame_ms(now_ms);
}

}  // namespace kiosk::ui
