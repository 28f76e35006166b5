#include "kiosk/ui/painter.hpp"

#include "kiosk/ui/text_wrap.hpp"

#include <algorithm>
#include <cmath>

namespace kiosk::ui {

namespace {

void set_colour(SDL_Renderer* r, Colour c) { SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a); }

std::vector<std::string> wrap_for(TextRenderer& text, std::string_view s, const TextStyle& style, int width_px) {
    return wrap_text(s, width_px, [&](std::string_view piece) { return text.measure(style.weight, style.size_px, piece); });
}

}  // namespace

void Painter::overflowed(std::string_view s, Rect box, Size needed, bool broken_word) {
    constexpr std::size_t kShown = 40;
    overflows_.push_back({std::string(s.substr(0, std::min(s.size(), kShown))), box, needed, broken_word});
}

void Painter::clear(Colour colour) {
    set_colour(renderer_, colour);
    SDL_RenderClear(renderer_);
}

void Painter::fill(Rect rect, Colour colour) {
    if (rect.empty()) return;
    set_colour(renderer_, colour);
    const SDL_Rect r{rect.x_px, rect.y_px, rect.width_px, rect.height_px};
    SDL_RenderFillRect(renderer_, &r);
}

void Painter::fill_rounded(Rect rect, int radius_px, Colour colour) {
    if (rect.empty()) return;
    const int radius = std::clamp(radius_px, 0, std::min(rect.width_px, rect.height_px) / 2);
    if (radius == 0) return fill(rect, colour);
    set_colour(renderer_, colour);
    // The middle band in one rectangle, the rounded top and bottom as one span per pixel row: a
    // handful of fills, cheap on the software renderer, and exact at any size.
    const SDL_Rect middle{rect.x_px, rect.y_px + radius, rect.width_px, rect.height_px - 2 * radius};
    SDL_RenderFillRect(renderer_, &middle);
    for (int row = 0; row < radius; ++row) {
        const double dy = radius - row - 0.5;
        const double dx = std::sqrt(static_cast<double>(radius) * radius - dy * dy);
        const int inset = radius - static_cast<int>(std::lround(dx));
        const int width = rect.width_px - 2 * inset;
        const SDL_Rect top{rect.x_px + inset, rect.y_px + row, width, 1};
        const SDL_Rect bottom{rect.x_px + inset, rect.bottom_px() - 1 - row, width, 1};
        SDL_RenderFillRect(renderer_, &top);
        SDL_RenderFillRect(renderer_, &bottom);
    }
}

void Painter::box(Rect rect, int radius_px, int border_px, Colour border, Colour fill_colour) {
    if (border_px <= 0) return fill_rounded(rect, radius_px, fill_colour);
    fill_rounded(rect, radius_px, border);
    fill_rounded(rect.inset(border_px), std::max(0, radius_px - border_px), fill_colour);
}

Size Painter::text(std::string_view s, const TextStyle& style, Point origin) {
    if (s.empty()) return {};
    auto t = text_.texture(style, s);
    if (!t) {
        note(t.error());
        return {};
    }
    const SDL_Rect dst{origin.x_px, origin.y_px, t->width_px, t->height_px};
    SDL_RenderCopy(renderer_, t->texture, nullptr, &dst);
    if (drawn_ != nullptr) drawn_->push_back({std::string(s), Rect{dst.x, dst.y, dst.w, dst.h}});
    return {t->width_px, t->height_px};
}

void Painter::text_in(Rect rect, std::string_view s, const TextStyle& style, Align align) {
    if (s.empty()) return;
    auto t = text_.texture(style, s);
    if (!t) return note(t.error());
    if (t->width_px > rect.width_px) overflowed(s, rect, {t->width_px, t->height_px});
    int x = rect.x_px;
    if (align == Align::center) x = rect.x_px + (rect.width_px - t->width_px) / 2;
    if (align == Align::end) x = rect.right_px() - t->width_px;
    const int y = rect.y_px + (rect.height_px - t->height_px) / 2;
    const SDL_Rect dst{x, y, t->width_px, t->height_px};
    SDL_RenderCopy(renderer_, t->texture, nullptr, &dst);
    if (drawn_ != nullptr) drawn_->push_back({std::string(s), Rect{x, y, t->width_px, t->height_px}});
}

int Painter::paragraph(Rect rect, std::string_view s, const TextStyle& style, Align horizontal, Align vertical,
                       std::optional<Rect> limit, WordBreaks words) {
    const auto lines = wrap_for(text_, s, style, rect.width_px);
    const int line_px = text_.line_height(style.weight, style.size_px);
    const int total_px = line_px * static_cast<int>(lines.size());
    // The last line's leading below the glyphs is not ink: a block fits when its ink does.
    const int ink_px = total_px - std::max(0, line_px - style.size_px * 12 / 10);
    const Rect box = limit.value_or(rect);
    if (!lines.empty() && ink_px > box.height_px) overflowed(s, box, {rect.width_px, ink_px});
    // wrap_text breaks a word only when it alone is wider than the line: that is an overflow too.
    for (std::size_t at = 0; words == WordBreaks::overflow && at < s.size();) {
        std::size_t end = s.find_first_of(" \n", at);
        if (end == std::string_view::npos) end = s.size();
        const auto word = s.substr(at, end - at);
        if (!word.empty() && text_.measure(style.weight, style.size_px, word) > rect.width_px) {
            overflowed(word, box, {text_.measure(style.weight, style.size_px, word), ink_px}, true);
            break;
        }
        at = end + 1;
    }
    int y = rect.y_px;
    if (vertical == Align::center) y += (rect.height_px - total_px) / 2;
    if (vertical == Align::end) y += rect.height_px - total_px;
    for (const auto& line : lines) {
        text_in(Rect{rect.x_px, y, rect.width_px, line_px}, line, style, horizontal);
        y += line_px;
    }
    return total_px;
}

int paragraph_height(TextRenderer& text, std::string_view s, const TextStyle& style, int width_px) {
    return text.line_height(style.weight, style.size_px) *
           static_cast<int>(wrap_for(text, s, style, width_px).size());
}

}  // namespace kiosk::ui
