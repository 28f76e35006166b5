// Word wrapping for UTF-8 text, independent of how text is measured (the renderer passes a
// function that asks the font; tests pass a fixed-advance function). Pure.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::ui {

// Width in pixels that `text` takes when drawn on one line.
using MeasureText = std::function<int(std::string_view text)>;

// Splits `text` into lines no wider than `max_width_px`:
// - breaks at spaces (runs of spaces collapse where a line breaks); '\n' forces a break;
// - a single word wider than the line is broken between UTF-8 code points, never inside one;
// - each line holds at least one code point, so the result always progresses;
// - empty text gives no lines.
[[nodiscard]] std::vector<std::string> wrap_text(std::string_view text, int max_width_px,
                                                 const MeasureText& measure);

// The byte length of the UTF-8 sequence that starts with `lead` (1 for a stray continuation byte,
// so malformed text still advances).
[[nodiscard]] std::size_t utf8_sequence_length(unsigned char lead);

}  // namespace kiosk::ui
