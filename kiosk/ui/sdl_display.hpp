// The SDL C API for the process and the window: SdlRuntime (SDL, SDL_ttf and SDL_image started and
// stopped), Display (one window and its renderer). Every SDL failure becomes an Error here.
//
// Threading: SDL's video functions belong to the thread that called SdlRuntime::start (the main
// thread); none of these objects may be used from another.
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/sdl_handles.hpp"

#include <string>

namespace kiosk::ui {

// Software draws into the window's surface with the CPU and never loads Mesa or a GPU driver (the
// kiosk's default where there is no GPU); accelerated asks SDL for a GPU renderer with vsync.
enum class RendererKind { software, accelerated };
enum class WindowMode { fullscreen, windowed };

struct DisplayConfig {
    std::string title = "ktp-kiosk";
    Size size{1280, 800};  // the window's size; a fullscreen window takes the desktop's size
    WindowMode mode = WindowMode::fullscreen;
    RendererKind renderer = RendererKind::software;
};

class SdlRuntime {
public:
    // Starts SDL's video and event subsystems, SDL_ttf and SDL_image's PNG support. With neither
    // DISPLAY nor WAYLAND_DISPLAY set and no SDL_VIDEODRIVER chosen, it picks SDL's "offscreen"
    // driver, so a headless machine (CI, a service without a seat) still renders.
    static Result<SdlRuntime> start();

    SdlRuntime(SdlRuntime&& other) noexcept : owns_(other.owns_) { other.owns_ = false; }
    SdlRuntime& operator=(SdlRuntime&&) = delete;
    SdlRuntime(const SdlRuntime&) = delete;
    SdlRuntime& operator=(const SdlRuntime&) = delete;
    ~SdlRuntime();

    // The video driver SDL chose ("x11", "offscreen", ...).
    [[nodiscard]] static std::string video_driver();

private:
    SdlRuntime() = default;
    bool owns_ = true;
};

class Display {
public:
    static Result<Display> open(const DisplayConfig& config);

    [[nodiscard]] SDL_Renderer* renderer() const { return renderer_.get(); }
    [[nodiscard]] SDL_Window* window() const { return window_.get(); }
    // The drawable size in pixels (what layout works in).
    [[nodiscard]] Size size() const;
    // The window's size in window coordinates (what touch normalization scales to).
    [[nodiscard]] Size window_size() const;
    [[nodiscard]] std::string renderer_name() const;

    void present() { SDL_RenderPresent(renderer_.get()); }

    // The current back buffer as an ARGB8888 surface. Call after drawing and before present():
    // after present the back buffer's content is undefined.
    [[nodiscard]] Result<SurfacePtr> read_pixels(Rect area) const;
    [[nodiscard]] Result<SurfacePtr> read_pixels() const;

private:
    Display(WindowPtr window, RendererPtr renderer)
        : window_(std::move(window)), renderer_(std::move(renderer)) {}

    WindowPtr window_;
    RendererPtr renderer_;
};

// "where: what (SDL's own message)".
[[nodiscard]] Error sdl_error(const char* where, const char* what);

}  // namespace kiosk::ui
