#include "kiosk/ui/sdl_display.hpp"

#include <SDL_image.h>

#include <cstdlib>

namespace kiosk::ui {

Error sdl_error(const char* where, const char* what) {
    std::string message = what;
    const char* detail = SDL_GetError();
    if (detail != nullptr && detail[0] != '\0') {
        message += " (";
        message += detail;
        message += ')';
    }
    return Error{where, std::move(message)};
}

Result<SdlRuntime> SdlRuntime::start() {
    const char* chosen = std::getenv("SDL_VIDEODRIVER");
    const bool has_display = std::getenv("DISPLAY") != nullptr || std::getenv("WAYLAND_DISPLAY") != nullptr;
    if ((chosen == nullptr || chosen[0] == '\0') && !has_display) {
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    }
    // A kiosk takes touches as touches: no synthesized touches from the mouse (the mouse path maps
    // its own events).
    SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
    // SDL drops a click that comes within 10 ms of the window gaining focus (desktop manners); on a
    // kiosk that would eat a resident's first tap.
    SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        return fail(sdl_error("ui.sdl", "cannot start SDL video"));
    }
    if (TTF_Init() != 0) {
        SDL_Quit();
        return fail(sdl_error("ui.ttf", "cannot start SDL_ttf"));
    }
    if ((IMG_Init(IMG_INIT_PNG) & IMG_INIT_PNG) == 0) {
        TTF_Quit();
        SDL_Quit();
        return fail(sdl_error("ui.image", "cannot start SDL_image PNG support"));
    }
    return SdlRuntime();
}

SdlRuntime::~SdlRuntime() {
    if (!owns_) return;
    IMG_Quit();
    TTF_Quit();
    SDL_Quit();
}

std::string SdlRuntime::video_driver() {
    const char* name = SDL_GetCurrentVideoDriver();
    return name != nullptr ? name : "";
}

Result<Display> Display::open(const DisplayConfig& config) {
    // SDL backs a software renderer's window surface with a GPU texture unless told not to, which
    // loads Mesa (tens of MB) for nothing: the software renderer must stay CPU-only.
    if (config.renderer == RendererKind::software) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    Uint32 window_flags = SDL_WINDOW_SHOWN;
    if (config.mode == WindowMode::fullscreen) window_flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    WindowPtr window(SDL_CreateWindow(config.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                      config.size.width_px, config.size.height_px, window_flags));
    if (!window) return fail(sdl_error("ui.display", "cannot create the window"));

    const Uint32 renderer_flags = config.renderer == RendererKind::software
                                      ? SDL_RENDERER_SOFTWARE
                                      : (SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    RendererPtr renderer(SDL_CreateRenderer(window.get(), -1, renderer_flags));
    if (!renderer) return fail(sdl_error("ui.display", "cannot create the renderer"));
    if (SDL_SetRenderDrawBlendMode(renderer.get(), SDL_BLENDMODE_BLEND) != 0) {
        return fail(sdl_error("ui.display", "cannot enable blending"));
    }
    if (config.mode == WindowMode::fullscreen) SDL_ShowCursor(SDL_DISABLE);
    return Display(std::move(window), std::move(renderer));
}

Size Display::size() const {
    int w = 0;
    int h = 0;
    SDL_GetRendererOutputSize(renderer_.get(), &w, &h);
    return {w, h};
}

Size Display::window_size() const {
    int w = 0;
    int h = 0;
    SDL_GetWindowSize(window_.get(), &w, &h);
    return {w, h};
}

std::string Display::renderer_name() const {
    SDL_RendererInfo info{};
    if (SDL_GetRendererInfo(renderer_.get(), &info) != 0 || info.name == nullptr) return "unknown";
    return info.name;
}

Result<SurfacePtr> Display::read_pixels() const {
    const Size s = size();
    return read_pixels(Rect{0, 0, s.width_px, s.height_px});
}

Result<SurfacePtr> Display::read_pixels(Rect area) const {
    SurfacePtr surface(SDL_CreateRGBSurfaceWithFormat(0, area.width_px, area.height_px, 32,
                                                      SDL_PIXELFORMAT_ARGB8888));
    if (!surface) return fail(sdl_error("ui.display", "cannot allocate a surface for the frame"));
    const SDL_Rect rect{area.x_px, area.y_px, area.width_px, area.height_px};
    if (SDL_RenderReadPixels(renderer_.get(), &rect, SDL_PIXELFORMAT_ARGB8888, surface->pixels,
                             surface->pitch) != 0) {
        return fail(sdl_error("ui.display", "cannot read the frame's pixels"));
    }
    return surface;
}

}  // namespace kiosk::ui
