// TextRenderer: SDL_ttf fonts and the textures of rendered strings, both cached.
//
// Rasterizing a string with FreeType and uploading it costs far more than copying a texture, and on
// the software renderer it would dominate every frame; so each (font, size, colour, text) is
// rendered once and kept in a least-recently-used cache of bounded size. Fonts are opened once per
// (weight, pixel size). All strings are UTF-8. Main thread only (it holds SDL textures).
#pragma once

#include "kiosk/core/result.hpp"
#include "kiosk/ui/sdl_handles.hpp"
#include "kiosk/ui/theme.hpp"

#include <cstddef>
#include <filesystem>
#include <list>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kiosk::ui {

enum class FontWeight { regular, bold };

struct TextStyle {
    FontWeight weight = FontWeight::regular;
    int size_px = 0;  // the em, in pixels
    Colour colour;
};

struct TextTexture {
    SDL_Texture* texture = nullptr;  // owned by the cache; valid until the next texture() call
    int width_px = 0;
    int height_px = 0;
};

struct TextCacheStats {
    std::size_t hits = 0;
    std::size_t misses = 0;
    std::size_t entries = 0;
};

class TextRenderer {
public:
    static constexpr std::size_t kDefaultCapacity = 256;

    // Checks that the fonts exist in `fonts_dir` (NotoSans-Regular.ttf, NotoSans-Bold.ttf).
    static Result<TextRenderer> open(SDL_Renderer* renderer, const std::filesystem::path& fonts_dir,
                                     std::size_t capacity = kDefaultCapacity);

    [[nodiscard]] Result<TTF_Font*> font(FontWeight weight, int size_px);
    // The width of `text` on one line, in pixels; 0 when the font cannot be opened.
    [[nodiscard]] int measure(FontWeight weight, int size_px, std::string_view text);
    // The distance between baselines of consecutive lines.
    [[nodiscard]] int line_height(FontWeight weight, int size_px);
    // The rendered string, from the cache or rendered now. Empty text is an error.
    [[nodiscard]] Result<TextTexture> texture(const TextStyle& style, std::string_view text);

    [[nodiscard]] TextCacheStats stats() const { return {hits_, misses_, entries_.size()}; }

private:
    struct Entry {
        std::string key;
        TexturePtr texture;
        int width_px = 0;
        int height_px = 0;
    };

    TextRenderer(SDL_Renderer* renderer, std::filesystem::path fonts_dir, std::size_t capacity)
        : renderer_(renderer), fonts_dir_(std::move(fonts_dir)), capacity_(capacity) {}

    SDL_Renderer* renderer_;
    std::filesystem::path fonts_dir_;
    std::size_t capacity_;
    std::map<std::pair<FontWeight, int>, FontPtr> fonts_;
    std::list<Entry> entries_;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
    std::size_t hits_ = 0;
    std::size_t misses_ = 0;
};

}  // namespace kiosk::ui
