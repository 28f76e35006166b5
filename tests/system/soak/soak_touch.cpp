#include "tests/system/soak/soak_touch.hpp"

#include "tests/support/xvfb.hpp"

#include <cstdio>

namespace kiosk::soak {

std::optional<Point> target_centre(const std::string& line) {
    char action[64] = {};
    int x = 0, y = 0, w = 0, h = 0;
    if (std::sscanf(line.c_str(), "target %63s %d,%d,%d,%d", action, &x, &y, &w, &h) != 5) return std::nullopt;
    return Point{x + w / 2, y + h / 2};
}

std::optional<std::string> target_name(const std::string& line) {
    char action[64] = {};
    if (std::sscanf(line.c_str(), "target %63s ", action) != 1) return std::nullopt;
    return std::string(action);
}

bool touch(const std::string& display, Point at) {
    // `mousemove --sync` waits for the pointer to move, so never ask for the spot it is already on.
    static Point last{-1, -1};
    if (at.x_px == last.x_px && at.y_px == last.y_px) at.x_px += 1;
    last = at;
    return testing::run_xdotool(
               display, {"mousemove", "--sync", std::to_string(at.x_px), std::to_string(at.y_px), "click", "1"}) == 0;
}

std::optional<std::map<std::string, Point>> await_targets(testing::OutputLines& out, const std::set<std::string>& names,
                                                          int timeout_ms) {
    std::map<std::string, Point> found;
    const auto complete = out.until(
        [&](const std::string& line) {
            const auto name = target_name(line);
            const auto centre = target_centre(line);
            if (name && centre && names.contains(*name)) found[*name] = *centre;
            return found.size() == names.size();
        },
        timeout_ms);
    if (!complete) return std::nullopt;
    return found;
}

std::optional<Point> shown_target(const testing::OutputLines& out, const std::string& name) {
    for (auto line = out.lines.rbegin(); line != out.lines.rend(); ++line) {
        if (line->rfind("screen ", 0) == 0) return std::nullopt;
        if (target_name(*line) == name) return target_centre(*line);
    }
    return std::nullopt;
}

}  // namespace kiosk::soak
