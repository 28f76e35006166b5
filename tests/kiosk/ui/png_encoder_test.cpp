// The PNG encoder: what it writes, SDL_image reads back pixel for pixel (a gradient with every
// channel value, and a real frame); the file saver writes the same; and a capture asked of the host
// comes with the next frame, once, redrawn even when nothing changed.
#include "kiosk/ui/png_encoder.hpp"
#include "kiosk/ui/screens/attract_screen.hpp"
#include "kiosk/ui/screenshot.hpp"
#include "tests/support/sdl_rig.hpp"
#include "tests/support/temp_dir.hpp"

#include <SDL_image.h>
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <iterator>

using namespace kiosk::ui;

namespace {

SurfacePtr argb_surface(int w, int h) {
    SurfacePtr s(SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888));
    REQUIRE(s != nullptr);
    return s;
}

std::uint32_t& pixel(SDL_Surface& s, int x, int y) {
    return *reinterpret_cast<std::uint32_t*>(static_cast<std::uint8_t*>(s.pixels) + y * s.pitch + x * 4);
}

SurfacePtr decoded(const std::string& png) {
    SurfacePtr loaded(IMG_Load_RW(SDL_RWFromConstMem(png.data(), static_cast<int>(png.size())), 1));
    REQUIRE_MESSAGE(loaded != nullptr, IMG_GetError());
    SurfacePtr argb(SDL_ConvertSurfaceFormat(loaded.get(), SDL_PIXELFORMAT_ARGB8888, 0));
    REQUIRE(argb != nullptr);
    return argb;
}

// Every pixel's colour (alpha aside) in a and b.
bool same_colours(SDL_Surface& a, SDL_Surface& b) {
    if (a.w != b.w || a.h != b.h) return false;
    for (int y = 0; y < a.h; ++y)
        for (int x = 0; x < a.w; ++x)
            if ((pixel(a, x, y) & 0xFFFFFFU) != (pixel(b, x, y) & 0xFFFFFFU)) return false;
    return true;
}

}  // namespace

TEST_CASE("a gradient with every channel value survives encoding and decoding exactly") {
    kiosk::testing::SdlRig rig;  // SDL_image, for decoding
    SurfacePtr s = argb_surface(256, 3);
    for (int x = 0; x < 256; ++x) {
        const auto v = static_cast<std::uint32_t>(x);
        pixel(*s, x, 0) = 0xFF000000U | v << 16 | (255 - v) << 8 | (v * 7 % 256);
        pixel(*s, x, 1) = 0xFF000000U | (v ^ 0x5A) << 16 | v << 8 | (255 - v);
        pixel(*s, x, 2) = 0x00000000U | v;  // alpha is dropped: a frame is opaque
    }
    const auto png = encode_png(*s);
    REQUIRE(png.ok());
    CHECK(png->compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) == 0);
    CHECK(png->compare(12, 4, "IHDR") == 0);
    SurfacePtr back = decoded(*png);
    CHECK(same_colours(*s, *back));
}

TEST_CASE("a real frame, encoded and saved, reads back as the frame; flat screens compress well") {
    kiosk::testing::SdlRig rig;
    AttractScreen attract;
    rig.host->show(attract);
    SurfacePtr frame;
    rig.host->capture_next_frame([&](const Display& d, const Screen&) {
        auto pixels = d.read_pixels();
        REQUIRE(pixels.ok());
        frame = std::move(pixels).value();
    });
    rig.draw();
    REQUIRE(frame != nullptr);
    const auto png = encode_png(*frame);
    REQUIRE(png.ok());
    CHECK(png->size() < 1280u * 800u * 3u / 10u);
    SurfacePtr back = decoded(*png);
    CHECK(same_colours(*frame, *back));

    kiosk::testing::TempDir dir;
    const auto path = dir.path() / "attract.png";
    rig.host->set_frame_observer([&](const Display& d, const Screen&) { REQUIRE(save_png(d, path).ok()); });
    attract.invalidate();
    rig.draw();
    rig.host->set_frame_observer(nullptr);
    std::ifstream file(path, std::ios::binary);
    const std::string saved((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    CHECK(saved == *png);
}

TEST_CASE("a capture comes with the next frame, once, and asks for that frame itself") {
    kiosk::testing::SdlRig rig;
    AttractScreen attract;
    rig.host->show(attract);
    rig.draw();
    const auto frames = rig.host->stats().frames;
    CHECK_FALSE(rig.host->wait_budget_ms(ScreenHost::now_ms()).has_value());  // asleep: nothing to draw
    int calls = 0;
    rig.host->capture_next_frame([&](const Display&, const Screen& screen) {
        ++calls;
        CHECK(screen.name() == "attract");
    });
    CHECK(rig.host->wait_budget_ms(ScreenHost::now_ms()) == 0);  // a frame is due now
    rig.draw();
    CHECK(calls == 1);
    CHECK(rig.host->stats().frames == frames + 1);
    attract.invalidate();
    rig.draw();
    CHECK(calls == 1);
}
