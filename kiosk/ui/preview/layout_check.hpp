// The layout checker of kiosk-ui-preview --all and the UI tests: what in a frame a person would
// see as broken, found from what the frame drew rather than from pixels:
//   - text that did not fit its box (Painter's overflows: a line too wide, a block too tall), and
//     a word wider than its box, which wrapping broke inside itself ("word broken");
//   - text or a touch target outside the screen's area (beside the demo strip, when it is shown);
//   - two lines of text drawn over each other;
//   - text across a touch target's edge (a label must lie wholly inside its button, other text
//     wholly outside every button);
//   - two touch targets overlapping in part (one wholly inside another is a deliberate layering,
//     hit-tested topmost first), or one smaller than 15 mm either way (the theme's floor for any
//     target but a keypad key, whose floor is higher).
// Under the idle warning's banner only the banner itself is judged: what it covers is hidden.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/ui/screen_host.hpp"

#include <string>
#include <vector>

namespace kiosk::ui {

struct LayoutFinding {
    std::string what;    // "overflow", "word broken", "text off screen", "texts overlap", "text across a target", ...
    std::string detail;  // the text's first words and the rectangles, for the report
};

// The smallest touch target, either way.
inline constexpr double kMinTargetMm = 15.0;

// Draws the host's current screen afresh, recording its texts, and checks that frame.
[[nodiscard]] Result<std::vector<LayoutFinding>> check_current_frame(ScreenHost& host);

}  // namespace kiosk::ui
