#include "kiosk/ui/screenshot.hpp"

#include <SDL_image.h>

#include <cstdio>
#include <system_error>

namespace kiosk::ui {

Status save_png(const Display& display, const std::filesystem::path& path) {
    const SurfacePtr surface = TRY(display.read_pixels());
    if (IMG_SavePNG(surface.get(), path.c_str()) != 0) {
        return fail(sdl_error("ui.screenshot", ("cannot write " + path.string()).c_str()));
    }
    return {};
}

Result<ScreenshotDirectory> ScreenshotDirectory::open(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return fail("ui.screenshot", "cannot create " + dir.string() + ": " + ec.message());
    return ScreenshotDirectory(dir);
}

std::string ScreenshotDirectory::file_name(std::string_view screen_name, unsigned sequence) {
    char number[16];
    std::snprintf(number, sizeof number, "%04u", sequence);
    std::string name(screen_name);
    name += '-';
    name += number;
    name += ".png";
    return name;
}

Result<std::filesystem::path> ScreenshotDirectory::save(const Display& display, std::string_view screen_name) {
    auto path = dir_ / file_name(screen_name, next_sequence_);
    TRY(save_png(display, path));
    ++next_sequence_;
    return path;
}

}  // namespace kiosk::ui
