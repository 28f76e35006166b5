// Painter: the drawing operations screens and widgets use, over one SDL renderer and the text cache.
//
// Drawing never aborts a frame half-way: the first failure (a font that cannot be opened, a texture
// that cannot be made) is kept and reported by status() after the frame, and the rest still draws.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/text_renderer.hpp"
#include "kiosk/ui/theme.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::ui {

enum class Align { start, center, end };

// A word wider than its line is broken between characters either way; `overflow` also reports it
// (the kiosk's own texts must never need that), `allowed` does not (text the kiosk shows as someone
// else wrote it, such as an operator's note, where a long number or address is no layout fault).
enum class WordBreaks { overflow, allowed };

// Text that did not fit the box it was drawn in: a line wider than its box, or a wrapped block
// taller than its box. Recorded (never drawn differently) so tests can assert every label fits in
// both languages at every supported screen size.
struct TextOverflow {
    std::string text;  // the first words, for the test's message (UI text, never personal data)
    Rect box;
    Size needed;
    // A word wider than the box, which wrapping broke between characters ("Lanj / ut"): the layout
    // checker reports it apart from a plain overflow, as a person reads it differently.
    bool broken_word = false;
};

// A line of text drawn in a frame and the pixels it covers. Recorded only when asked
// (Painter::record_texts), for the layout checker and the privacy tests; UI text and whatever a view
// carries, so the record is as private as the frame itself and is never logged.
struct DrawnText {
    std::string text;
    Rect rect;
};

class Painter {
public:
    Painter(SDL_Renderer* renderer, TextRenderer& text, const Theme& theme, const ThemePx& px)
        : renderer_(renderer), text_(text), theme_(theme), px_(px) {}

    [[nodiscard]] const Palette& palette() const { return theme_.palette; }
    [[nodiscard]] const ThemePx& px() const { return px_; }
    [[nodiscard]] TextRenderer& text_renderer() { return text_; }

    void clear(Colour colour);
    void fill(Rect rect, Colour colour);
    void fill_rounded(Rect rect, int radius_px, Colour colour);
    // A rounded box: `border_px` of `border` around `fill`.
    void box(Rect rect, int radius_px, int border_px, Colour border, Colour fill);

    // One line of text with its top-left at `origin`; returns its size.
    Size text(std::string_view text, const TextStyle& style, Point origin);
    // One line aligned inside `rect` (vertically centred on the font's line box).
    void text_in(Rect rect, std::string_view text, const TextStyle& style, Align align);
    // Wrapped to rect's width, lines aligned horizontally, block aligned vertically; returns the
    // height the block takes (lines beyond rect's height are still drawn, clipped by the caller).
    // `limit` is the box the block must fit for the overflow check (default: `rect`); a button's
    // label may use the padding around its inner rect.
    int paragraph(Rect rect, std::string_view text, const TextStyle& style, Align horizontal,
                  Align vertical = Align::start, std::optional<Rect> limit = std::nullopt,
                  WordBreaks words = WordBreaks::overflow);

    [[nodiscard]] const std::vector<TextOverflow>& overflows() const { return overflows_; }
    // From now on, every line of text drawn is appended to `into` (nullptr: stop).
    void record_texts(std::vector<DrawnText>* into) { drawn_ = into; }

    // For layouts that check fit themselves (a flow of blocks that still did not fit when shrunk).
    void overflowed(std::string_view s, Rect box, Size needed, bool broken_word = false);

    // The first drawing failure of this frame, if any.
    [[nodiscard]] const Status& status() const { return status_; }

private:
    void note(const Error& error) {
        if (status_) status_ = fail(error);
    }

    SDL_Renderer* renderer_;
    TextRenderer& text_;
    const Theme& theme_;
    const ThemePx& px_;
    Status status_;
    std::vector<TextOverflow> overflows_;
    std::vector<DrawnText>* drawn_ = nullptr;
};

// Height of `text` wrapped to `width_px` in `style`, as Painter::paragraph would draw it.
[[nodiscard]] int paragraph_height(TextRenderer& text, std::string_view s, const TextStyle& style, int width_px);

}  // namespace kiosk::ui
