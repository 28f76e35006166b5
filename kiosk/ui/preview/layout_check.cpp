#include "kiosk/ui/preview/layout_check.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

bool overlap(Rect a, Rect b) {
    return std::max(a.x_px, b.x_px) < std::min(a.right_px(), b.right_px()) &&
           std::max(a.y_px, b.y_px) < std::min(a.bottom_px(), b.bottom_px());
}

bool inside(Rect inner, Rect outer) {
    return inner.x_px >= outer.x_px && inner.y_px >= outer.y_px && inner.right_px() <= outer.right_px() &&
           inner.bottom_px() <= outer.bottom_px();
}

std::string rect_text(Rect r) {
    return std::to_string(r.width_px) + "x" + std::to_string(r.height_px) + "+" + std::to_string(r.x_px) + "+" +
           std::to_string(r.y_px);
}

std::string words(const std::string& text) {
    constexpr std::size_t kShown = 40;
    return "\"" + text.substr(0, std::min(text.size(), kShown)) + "\"";
}

}  // namespace

Result<std::vector<LayoutFinding>> check_current_frame(ScreenHost& host) {
    Screen* screen = host.current();
    if (screen == nullptr) return std::vector<LayoutFinding>{};
    host.set_text_recording(true);
    screen->invalidate();
    auto drawn = host.render_if_needed(ScreenHost::now_ms());
    host.set_text_recording(false);
    TRY(drawn);

    std::vector<LayoutFinding> out;
    for (const TextOverflow& o : host.last_frame_overflows()) {
        out.push_back({o.broken_word ? "word broken" : "overflow", words(o.text) + " needs " + std::to_string(o.needed.width_px) + "x" +
                                       std::to_string(o.needed.height_px) + " in " + rect_text(o.box)});
    }
    const Size size = host.screen_size();
    const Rect area{0, 0, size.width_px, size.height_px};
    const bool banner_shown = screen->idle_warning().visible();
    const Rect banner = screen->idle_warning().bounds();

    // The screen's texts: an overlay's (the demo strip, right of the area) are its own.
    std::vector<DrawnText> texts;
    for (const DrawnText& t : host.last_frame_texts()) {
        if (t.rect.x_px >= area.right_px()) continue;
        if (!inside(t.rect, area)) out.push_back({"text off screen", words(t.text) + " at " + rect_text(t.rect)});
        if (banner_shown && overlap(t.rect, banner)) continue;
        texts.push_back(t);
    }
    const std::vector<HitTarget> targets = screen->all_targets();
    const int min_px = host.metrics().mm_to_px(kMinTargetMm) - 1;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const Rect r = targets[i].rect;
        if (!inside(r, area) || r.empty()) out.push_back({"target off screen", rect_text(r)});
        if (r.width_px < min_px || r.height_px < min_px) out.push_back({"target too small", rect_text(r)});
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            // One target wholly inside another is a deliberate layering (the attract screen's whole
            // screen under its buttons; the first listed wins): only a partial overlap is a fault.
            const Rect o = targets[j].rect;
            if (overlap(r, o) && !inside(r, o) && !inside(o, r)) {
                out.push_back({"targets overlap", rect_text(r) + " and " + rect_text(targets[j].rect)});
            }
        }
    }
    for (std::size_t i = 0; i < texts.size(); ++i) {
        for (std::size_t j = i + 1; j < texts.size(); ++j) {
            if (overlap(texts[i].rect, texts[j].rect)) {
                out.push_back({"texts overlap", words(texts[i].text) + " at " + rect_text(texts[i].rect) + " and " +
                                                    words(texts[j].text) + " at " + rect_text(texts[j].rect)});
            }
        }
        for (const HitTarget& target : targets) {
            if (banner_shown && overlap(target.rect, banner)) continue;  // the banner's own button
            if (overlap(texts[i].rect, target.rect) && !inside(texts[i].rect, target.rect)) {
                out.push_back({"text across a target", words(texts[i].text) + " at " + rect_text(texts[i].rect) +
                                                           " and target " + rect_text(target.rect)});
            }
        }
    }
    return out;
}

}  // namespace kiosk::ui
