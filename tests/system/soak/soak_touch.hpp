// A finger on the soak's kiosk: a touch at a point of the window (xdotool on the soak's X server),
// and the buttons of a screen as the kiosk's --trace lists them ("target NAME x,y,w,h" after each
// "screen NAME" line), for the soak's resident and staff member alike.
#pragma once

#include "tests/support/output_lines.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>

namespace kiosk::soak {

struct Point {
    int x_px = 0;
    int y_px = 0;
};

// "target pickup 640,600,580,130" -> its centre.
[[nodiscard]] std::optional<Point> target_centre(const std::string& line);
// "target pickup 640,600,580,130" -> "pickup".
[[nodiscard]] std::optional<std::string> target_name(const std::string& line);

// A touch (mouse move and click) at `at`; false when xdotool fails.
[[nodiscard]] bool touch(const std::string& display, Point at);

// Reads on until every target in `names` has been listed (the targets of a screen follow its
// "screen" line at once), within timeout_ms; their centres, or nullopt.
[[nodiscard]] std::optional<std::map<std::string, Point>> await_targets(testing::OutputLines& out,
                                                                        const std::set<std::string>& names,
                                                                        int timeout_ms);
// The centre of target `name` of the screen shown last (the lines read so far, back to the last
// "screen" line), or nullopt.
[[nodiscard]] std::optional<Point> shown_target(const testing::OutputLines& out, const std::string& name);

}  // namespace kiosk::soak
