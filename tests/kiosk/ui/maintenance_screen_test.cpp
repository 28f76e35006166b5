// The maintenance screen: shown for an out-of-service view in maintenance while the presenter has
// an operator's note, its texts (both languages and the longest notes the route accepts) fit their
// boxes on every display the kiosk supports (the layout checker: Painter's overflows), the note
// is drawn as given, and nothing on it can be pressed.
#include "kiosk/ui/preview/synthetic_views.hpp"
#include "kiosk/ui/session_presenter.hpp"
#include "tests/support/sdl_rig.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace kiosk::ui;
using kiosk::core::Language;
namespace cs = kiosk::core::session;

namespace {

struct Rig : kiosk::testing::SdlRig {
    std::optional<SessionPresenter> presenter;  // destroyed before the host it draws on
    explicit Rig(Size size = {1280, 800}, double diagonal_in = 10.1) : SdlRig(size, diagonal_in) {
        presenter.emplace(*host);
    }
    std::string shown(const cs::SessionView& view) {
        presenter->present(view, ScreenHost::now_ms());
        draw();
        return std::string(host->current()->name());
    }
    // The frame's pixels, ARGB, drawn afresh.
    std::vector<std::uint32_t> frame() {
        std::vector<std::uint32_t> out;
        host->capture_next_frame([&](const Display& d, const Screen&) {
            auto surface = d.read_pixels();
            REQUIRE(surface.ok());
            const SDL_Surface* s = surface.value().get();
            for (int y = 0; y < s->h; ++y) {
                const auto* row = static_cast<const std::uint32_t*>(
                    static_cast<const void*>(static_cast<const std::uint8_t*>(s->pixels) + y * s->pitch));
                out.insert(out.end(), row, row + s->w);
            }
        });
        draw();
        return out;
    }
};

cs::SessionView maintenance_view(Language language = Language::id) {
    cs::SessionView v;
    v.screen = cs::OutOfServiceScreen{true, std::nullopt, std::nullopt};
    v.language = language;
    return v;
}

}  // namespace

TEST_CASE("an out-of-service view in maintenance shows the maintenance screen while there is an operator's note") {
    Rig rig;
    CHECK(rig.shown(maintenance_view()) == "out-of-service-maintenance");  // the kiosk's own hold: no note
    rig.presenter->set_maintenance_reason("Ganti printer kartu");
    CHECK(rig.shown(maintenance_view()) == "maintenance");
    CHECK(rig.presenter->maintenance().reason() == "Ganti printer kartu");
    // Out of service for a device, not for maintenance: the device's screen, note or not.
    cs::SessionView device;
    device.screen = cs::OutOfServiceScreen{false, cs::DeviceDown{cs::Device::fingerprint, cs::DeviceFault::disconnected}, std::nullopt};
    CHECK(rig.shown(device) == "out-of-service-fingerprint");
    CHECK(rig.shown(maintenance_view()) == "maintenance");
    rig.presenter->set_maintenance_reason(std::nullopt);
    CHECK(rig.shown(maintenance_view()) == "out-of-service-maintenance");
    cs::SessionView attract;
    CHECK(rig.shown(attract) == "attract");
}

TEST_CASE("the maintenance screen's texts and the longest notes fit on every supported display") {
    struct Panel {
        Size size;
        double diagonal_in;
    };
    const Panel panels[] = {{{1080, 1920}, 21.5}, {{1920, 1080}, 21.5}, {{1920, 1080}, 15.6},
                            {{1366, 768}, 15.6},  {{1280, 800}, 10.1},  {{1280, 1024}, 17.0}};
    for (const Panel& panel : panels) {
        Rig rig(panel.size, panel.diagonal_in);
        for (const std::string& note : synthetic_maintenance_notes()) {
            CHECK(note.size() <= 400);
            rig.presenter->set_maintenance_reason(note);
            for (Language l : {Language::id, Language::en}) {
                REQUIRE(rig.shown(maintenance_view(l)) == "maintenance");
                rig.host->current()->invalidate();
                rig.draw();
                for (const TextOverflow& o : rig.host->last_frame_overflows()) {
                    FAIL_CHECK("maintenance at " << panel.size.width_px << "x" << panel.size.height_px << " with a note of "
                                                 << note.size() << " bytes: \"" << o.text << "\" needs "
                                                 << o.needed.width_px << "x" << o.needed.height_px << " in "
                                                 << o.box.width_px << "x" << o.box.height_px);
                }
            }
        }
    }
}

TEST_CASE("the note is drawn: another note is another picture, and nothing on the screen can be pressed") {
    Rig rig;
    rig.presenter->set_maintenance_reason("Ganti printer kartu");
    REQUIRE(rig.shown(maintenance_view()) == "maintenance");
    const auto first = rig.frame();
    rig.presenter->set_maintenance_reason("Listrik padam sampai sore");
    REQUIRE(rig.shown(maintenance_view()) == "maintenance");
    const auto second = rig.frame();
    REQUIRE(first.size() == second.size());
    // Only the note's box differs: the lower part of the screen.
    std::size_t first_diff = first.size();
    for (std::size_t i = 0; i < first.size(); ++i) {
        if (first[i] != second[i]) {
            first_diff = i;
            break;
        }
    }
    REQUIRE(first_diff < first.size());
    CHECK(first_diff / 1280 >= 800 / 2);
    // A language change does not change it: both languages are on it at once.
    rig.presenter->present(maintenance_view(Language::en), ScreenHost::now_ms());
    CHECK(rig.frame() == second);

    CHECK(rig.host->current()->all_targets().empty());
    CHECK_FALSE(rig.host->current()->handle_action(UiAction::of(UiActionKind::start), ScreenHost::now_ms()).has_value());
    CHECK_FALSE(rig.host->current()->handle_action(UiAction::digit_key('3'), ScreenHost::now_ms()).has_value());
}
