// Screenshots: the current frame saved as PNG, for `--screenshot-dir DIR`, tests and review.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/ui/sdl_display.hpp"

#include <filesystem>
#include <string_view>

namespace kiosk::ui {

// Saves the display's back buffer to `path` as PNG. Call after drawing, before present().
[[nodiscard]] Status save_png(const Display& display, const std::filesystem::path& path);

// Names shots "<screen>-<sequence, 4 digits>.png" in one directory, numbering across screens in the
// order they were taken ("attract-0001.png", "identify-0002.png").
class ScreenshotDirectory {
public:
    // Creates the directory if needed.
    static Result<ScreenshotDirectory> open(const std::filesystem::path& dir);

    // Saves the frame; the path written.
    Result<std::filesystem::path> save(const Display& display, std::string_view screen_name);

    [[nodiscard]] static std::string file_name(std::string_view screen_name, unsigned sequence);

private:
    explicit ScreenshotDirectory(std::filesystem::path dir) : dir_(std::move(dir)) {}
    std::filesystem::path dir_;
    unsigned next_sequence_ = 1;
};

}  // namespace kiosk::ui
