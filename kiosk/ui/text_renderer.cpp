#include "kiosk/ui/text_renderer.hpp"

#include "kiosk/ui/sdl_display.hpp"

#include <system_error>

namespace kiosk::ui {

namespace {

const char* font_file(FontWeight weight) {
    return weight == FontWeight::bold ? "NotoSans-Bold.ttf" : "NotoSans-Regular.ttf";
}

}  // namespace

Result<TextRenderer> TextRenderer::open(SDL_Renderer* renderer, const std::filesystem::path& fonts_dir,
                                        std::size_t capacity) {
    for (FontWeight weight : {FontWeight::regular, FontWeight::bold}) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(fonts_dir / font_file(weight), ec)) {
            return fail("ui.text", "font " + (fonts_dir / font_file(weight)).string() + " is missing");
        }
    }
    return TextRenderer(renderer, fonts_dir, capacity == 0 ? 1 : capacity);
}

Result<TTF_Font*> TextRenderer::font(FontWeight weight, int size_px) {
    if (size_px <= 0) return fail("ui.text", "font size must be positive");
    const auto key = std::make_pair(weight, size_px);
    if (auto it = fonts_.find(key); it != fonts_.end()) return it->second.get();
    const auto path = fonts_dir_ / font_file(weight);
    // SDL_ttf sizes are points at 72 dpi, which makes the point size the em in pixels.
    FontPtr opened(TTF_OpenFont(path.c_str(), size_px));
    if (!opened) return fail(sdl_error("ui.text", ("cannot open font " + path.string()).c_str()));
    TTF_SetFontHinting(opened.get(), TTF_HINTING_LIGHT);
    TTF_Font* raw = opened.get();
    fonts_.emplace(key, std::move(opened));
    return raw;
}

int TextRenderer::measure(FontWeight weight, int size_px, std::string_view text) {
    auto f = font(weight, size_px);
    if (!f || text.empty()) return 0;
    const std::string copy(text);  // TTF wants a terminated string
    int w = 0;
    int h = 0;
    if (TTF_SizeUTF8(f.value(), copy.c_str(), &w, &h) != 0) return 0;
    return w;
}

int TextRenderer::line_height(FontWeight weight, int size_px) {
    auto f = font(weight, size_px);
    if (!f) return size_px;
    return TTF_FontLineSkip(f.value());
}

Result<TextTexture> TextRenderer::texture(const TextStyle& style, std::string_view text) {
    if (text.empty()) return fail("ui.text", "cannot render empty text");
    std::string key;
    key.reserve(text.size() + 24);
    key += style.weight == FontWeight::bold ? 'b' : 'r';
    key += std::to_string(style.size_px);
    key += ':';
    for (auto channel : {style.colour.r, style.colour.g, style.colour.b, style.colour.a}) {
        key += static_cast<char>(channel);
    }
    key += text;

    if (auto it = index_.find(key); it != index_.end()) {
        entries_.splice(entries_.begin(), entries_, it->second);
        ++hits_;
        const Entry& e = *it->second;
        return TextTexture{e.texture.get(), e.width_px, e.height_px};
    }
    ++misses_;

    TTF_Font* const f = TRY(font(style.weight, style.size_px));
    const std::string copy(text);
    const SDL_Color colour{style.colour.r, style.colour.g, style.colour.b, style.colour.a};
    SurfacePtr surface(TTF_RenderUTF8_Blended(f, copy.c_str(), colour));
    if (!surface) return fail(sdl_error("ui.text", "cannot render text"));
    TexturePtr texture(SDL_CreateTextureFromSurface(renderer_, surface.get()));
    if (!texture) return fail(sdl_error("ui.text", "cannot upload rendered text"));

    if (entries_.size() >= capacity_) {
        index_.erase(entries_.back().key);
        entries_.pop_back();
    }
    entries_.push_front(Entry{key, std::move(texture), surface->w, surface->h});
    index_.emplace(std::move(key), entries_.begin());
    const Entry& e = entries_.front();
    return TextTexture{e.texture.get(), e.width_px, e.height_px};
}

}  // namespace kiosk::ui
