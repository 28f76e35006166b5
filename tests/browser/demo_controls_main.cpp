// Prints where `kiosk --demo`'s on-screen demo controls are on a window of the given size at the
// demo's 10.1 inch panel, from the UI's own geometry (ui::demo_button_rect), so that a test outside
// C++ can press them with xdotool as tests/system/demo_driver.hpp does:
//   right_finger X Y / wrong_finger X Y / take_card X Y   (window pixels, each button's centre)
// Usage: demo_controls WIDTHxHEIGHT
#include "kiosk/ui/physical_metrics.hpp"
#include "kiosk/ui/session_presenter.hpp"

#include <cstdio>

int main(int argc, char** argv) {
    int width = 0;
    int height = 0;
    if (argc != 2 || std::sscanf(argv[1], "%dx%d", &width, &height) != 2) {
        std::fprintf(stderr, "usage: demo_controls WIDTHxHEIGHT\n");
        return 2;
    }
    const auto metrics = kiosk::ui::PhysicalMetrics::from(kiosk::ui::ScreenSpec{width, height, 257.0, std::nullopt});
    if (!metrics) {
        std::fprintf(stderr, "demo_controls: %s\n", metrics.error().to_string().c_str());
        return 1;
    }
    const kiosk::ui::Size window{width, height};
    const struct {
        const char* name;
        kiosk::ui::DemoIntent intent;
    } controls[] = {{"right_finger", kiosk::ui::DemoIntent::place_right_finger},
                    {"wrong_finger", kiosk::ui::DemoIntent::place_wrong_finger},
                    {"take_card", kiosk::ui::DemoIntent::take_card}};
    for (const auto& control : controls) {
        const kiosk::ui::Rect r = kiosk::ui::demo_button_rect(control.intent, window, *metrics);
        std::printf("%s %d %d\n", control.name, r.x_px + r.width_px / 2, r.y_px + r.height_px / 2);
    }
    return 0;
}
