// The attract screen's operators' notice ([kiosk] notice): drawn in its own band at the bottom, at
// its longest on every supported panel without overflowing, and moving nothing else.
#include "kiosk/app/config/config.hpp"
#include "kiosk/ui/screens/attract_screen.hpp"
#include "tests/support/sdl_rig.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace kiosk::ui;

namespace {

// The longest notice the configuration accepts, in words that wrap like a real one: capitals, the
// widest letters an operator is likely to type.
std::string longest_notice() {
    std::string text;
    while (text.size() < kiosk::app::kNoticeMaxChars) text += "LOKET TUTUP PUKUL 15.00 ";
    return text.substr(0, kiosk::app::kNoticeMaxChars);
}

}  // namespace

TEST_CASE("the notice fits its band on every panel, in both languages, and moves nothing") {
    struct Panel {
        Size size;
        double diagonal_in;
    };
    for (const Panel panel : {Panel{{1080, 1920}, 21.5}, Panel{{1920, 1080}, 21.5}, Panel{{1280, 800}, 10.1}}) {
        CAPTURE(panel.size.width_px);
        kiosk::testing::SdlRig rig(panel.size, panel.diagonal_in);
        AttractScreen attract;
        rig.host->show(attract);
        rig.draw();
        const Rect start_before = attract.start_button().rect;
        attract.set_notice(longest_notice());
        REQUIRE(attract.dirty());
        for (const auto language : {kiosk::core::Language::id, kiosk::core::Language::en}) {
            attract.set_language(language);
            attract.invalidate();
            rig.draw();
            for (const TextOverflow& o : rig.host->last_frame_overflows()) FAIL_CHECK("\"" << o.text << "\"");
        }
        CHECK(attract.notice() == longest_notice());
        CHECK(attract.start_button().rect == start_before);
        attract.set_notice("");
        CHECK(attract.notice().empty());
    }
}
