// ui_frame_bench: how long the kiosk UI takes to show its first frame, and to turn a key press into
// a frame, on SDL's software renderer (offscreen driver unless DISPLAY is set).
//   start-up: SDL + window + fonts + layout + first frame drawn and presented (budget < 80 ms)
//   key to frame: one digit event dispatched, the identify screen redrawn and presented (budget:
//   well inside one 60 Hz frame, 16.7 ms)
// Prints one line per figure. Arguments: [assets dir] [iterations].
#include "kiosk/ui/screen_host.hpp"
#include "kiosk/core/session/session_machine.hpp"
#include "kiosk/ui/session_presenter.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

using namespace kiosk::ui;
using Clock = std::chrono::steady_clock;
namespace cs = kiosk::core::session;

namespace {

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path assets = argc > 1 ? argv[1] : KIOSK_SOURCE_ASSETS_DIR;
    const int iterations = argc > 2 ? std::atoi(argv[2]) : 300;

    const auto start = Clock::now();
    auto runtime = SdlRuntime::start();
    if (!runtime) return std::fprintf(stderr, "%s\n", runtime.error().to_string().c_str()), 1;
    auto display = Display::open(DisplayConfig{"bench", {1920, 1080}, WindowMode::windowed, RendererKind::software});
    if (!display) return std::fprintf(stderr, "%s\n", display.error().to_string().c_str()), 1;
    auto text = TextRenderer::open(display->renderer(), assets / "fonts");
    if (!text) return std::fprintf(stderr, "%s\n", text.error().to_string().c_str()), 1;
    auto density = PhysicalMetrics::from(ScreenSpec{1920, 1080, 546.0, std::nullopt});
    const Theme theme;
    ScreenHost host(display.value(), text.value(), theme, density.value());
    // The real input path: SDL event -> screen intent -> session machine -> view -> presenter -> frame.
    SessionPresenter presenter(host);
    const auto wall_now = [] {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    };
    cs::SessionMachine machine(cs::SessionConfig{}, cs::DeviceHealthSnapshot{}, wall_now());
    machine.handle(wall_now(), cs::StartPressed{});
    presenter.present(machine.view(), ScreenHost::now_ms());
    auto first = host.render_if_needed(ScreenHost::now_ms());
    if (!first || !first.value()) return 1;
    std::printf("ui start-up to first frame (1920x1080, %s, %s): %.1f ms\n", SdlRuntime::video_driver().c_str(),
                display->renderer_name().c_str(), ms_since(start));

    std::vector<double> samples;
    samples.reserve(static_cast<std::size_t>(iterations));
    for (int i = 0; i < iterations; ++i) {
        SDL_Event e{};
        e.type = SDL_KEYDOWN;
        const bool full = presenter.identify().typed_digits().size() == kiosk::core::Nik::kDigits;
        e.key.keysym.sym = full ? SDLK_DELETE : SDLK_1 + (i % 9);
        e.key.keysym.scancode = full ? SDL_SCANCODE_DELETE : static_cast<SDL_Scancode>(SDL_SCANCODE_1 + (i % 9));
        const auto t0 = Clock::now();
        SDL_PushEvent(&e);
        auto pumped = host.pump();
        if (!pumped) return 1;
        for (const Intent& intent : pumped->intents)
            if (auto event = presenter.to_event(intent)) machine.handle(wall_now(), *event);
        presenter.present(machine.view(), ScreenHost::now_ms());
        auto drawn = host.render_if_needed(ScreenHost::now_ms());
        if (!drawn || !(pumped->frame_drawn || drawn.value())) {
            std::fprintf(stderr, "ui_frame_bench: key press %d drew no frame\n", i);
            return 1;
        }
        samples.push_back(ms_since(t0));
    }
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) { return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1))]; };
    std::printf("ui key to frame presented: median %.2f ms, p99 %.2f ms, max %.2f ms over %d presses\n", at(0.5),
                at(0.99), samples.back(), iterations);
    const auto stats = text->stats();
    std::printf("ui text cache: %zu hits, %zu misses, %zu entries\n", stats.hits, stats.misses, stats.entries);
    return 0;
}
