#include "kiosk/ui/screenshot.hpp"

#include "kiosk/ui/png_encoder.hpp"

#include <cstdio>
#include <fstream>
#include <system_error>

namespace kiosk::ui {

Status save_png(const Display& display, const std::filesystem::path& path) {
    const SurfacePtr surface = TRY(display.read_pixels());
    const std::string png = TRY(encode_png(*surface));
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(png.data(), static_cast<std::streamsize>(png.size()));
    file.close();
    if (!file) return fail("ui.screenshot", "cannot write " + path.string());
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
