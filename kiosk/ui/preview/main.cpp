// kiosk-ui-preview: a development tool that shows one screen of the kiosk UI without the rest of the
// appliance. Not installed on the appliance.
//
//   kiosk-ui-preview --screen identify --type 140312150590 --screenshot out.png
//       renders one frame (offscreen when there is no display) and saves it as PNG
//   kiosk-ui-preview --screen attract --interactive
//       a window driven by touch, mouse or keyboard: prints "ready" once the first frame is on
//       screen, then one line per intent ("screen identify", "nik <16 digits>", ...)
//
// It prints submitted NIKs in full because tests drive it with synthetic numbers; the appliance
// itself never writes a NIK to any output.
#include "kiosk/ui/screen_host.hpp"
#include "kiosk/ui/screens/attract_screen.hpp"
#include "kiosk/ui/screens/identify_screen.hpp"
#include "kiosk/ui/screenshot.hpp"
#include "kiosk/ui/sdl_display.hpp"
#include "kiosk/ui/text_renderer.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>

namespace {

using namespace kiosk::ui;

struct Options {
    std::string screen = "identify";
    std::string screenshot;
    std::string screenshot_dir;
    bool interactive = false;
    bool fullscreen = false;
    std::string renderer = "software";
    std::string size = "1280x800";
    double diagonal_mm = 0;
    double dpi = 0;
    std::string language = "id";
    std::string typed;
    bool busy = false;
    int idle_warning_s = 0;
    int max_submits = 0;
    bool trace = false;
    std::string assets = KIOSK_SOURCE_ASSETS_DIR;
};

kiosk::core::CivilDate local_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

void say(const std::string& line) {
    std::fputs(line.c_str(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

int fail_with(const kiosk::Error& error) {
    std::fprintf(stderr, "kiosk-ui-preview: %s\n", error.to_string().c_str());
    return 1;
}

int run(const Options& options) {
    int width = 0;
    int height = 0;
    if (std::sscanf(options.size.c_str(), "%dx%d", &width, &height) != 2 || width <= 0 || height <= 0) {
        std::fprintf(stderr, "kiosk-ui-preview: --size wants WIDTHxHEIGHT, e.g. 1280x800\n");
        return 2;
    }
    ScreenSpec spec{width, height, std::nullopt, std::nullopt};
    if (options.dpi > 0) spec.dpi = options.dpi;
    else spec.diagonal_mm = options.diagonal_mm > 0 ? options.diagonal_mm : 10.1 * kMmPerInch;
    auto density = PhysicalMetrics::from(spec);
    if (!density) return fail_with(density.error());

    auto runtime = SdlRuntime::start();
    if (!runtime) return fail_with(runtime.error());
    DisplayConfig config;
    config.title = "ktp-kiosk preview";
    config.size = {width, height};
    config.mode = options.fullscreen ? WindowMode::fullscreen : WindowMode::windowed;
    config.renderer = options.renderer == "accelerated" ? RendererKind::accelerated : RendererKind::software;
    auto display = Display::open(config);
    if (!display) return fail_with(display.error());
    auto text = TextRenderer::open(display->renderer(), std::filesystem::path(options.assets) / "fonts");
    if (!text) return fail_with(text.error());

    const Theme theme;
    ScreenHost host(display.value(), text.value(), theme, density.value());
    std::optional<ScreenshotDirectory> shots;
    if (!options.screenshot_dir.empty()) {
        auto opened = ScreenshotDirectory::open(options.screenshot_dir);
        if (!opened) return fail_with(opened.error());
        shots.emplace(std::move(opened.value()));
        host.set_screenshot_directory(&*shots);
    }

    AttractScreen attract;
    IdentifyScreen identify(local_today());
    const Language language = options.language == "en" ? Language::en : Language::id;
    attract.set_language(language);
    identify.set_language(language);
    for (char digit : options.typed) identify.handle_action(UiAction::digit_key(digit), 0);
    if (options.busy) identify.set_busy(true, ScreenHost::now_ms());
    Screen* first = options.screen == "attract" ? static_cast<Screen*>(&attract) : &identify;
    if (options.idle_warning_s > 0) {
        first->show_idle_warning(ScreenHost::now_ms() + static_cast<std::uint64_t>(options.idle_warning_s) * 1000);
    }
    host.show(*first);

    if (!options.screenshot.empty()) {
        host.set_frame_observer([&](const Display& d, const Screen&) {
            if (auto saved = save_png(d, options.screenshot); !saved) {
                std::fprintf(stderr, "kiosk-ui-preview: %s\n", saved.error().to_string().c_str());
            }
        });
    }
    auto first_frame = host.render_if_needed(ScreenHost::now_ms());
    if (!first_frame) return fail_with(first_frame.error());
    host.set_frame_observer(nullptr);
    if (!options.screenshot.empty() && !std::filesystem::exists(options.screenshot)) return 1;
    if (!options.interactive) return 0;

    say("ready " + SdlRuntime::video_driver() + " " + display->renderer_name());
    int submits = 0;
    std::size_t digits_shown = identify.entry().size();
    for (;;) {
        auto pumped = host.wait_and_pump();
        if (!pumped) return fail_with(pumped.error());
        if (pumped->quit_requested) return 0;
        if (options.trace && identify.entry().size() != digits_shown) {
            digits_shown = identify.entry().size();
            say("digits " + std::to_string(digits_shown));
        }
        for (const Intent& intent : pumped->intents) {
            switch (intent.kind) {
                case IntentKind::start_session:
                    host.show(identify);
                    say("screen identify");
                    break;
                case IntentKind::submit_nik:
                    say("nik " + std::string(intent.nik->digits()));
                    identify.reset();
                    if (options.max_submits > 0 && ++submits >= options.max_submits) return 0;
                    break;
                case IntentKind::cancel:
                    identify.reset();
                    host.show(attract);
                    say("screen attract");
                    break;
                case IntentKind::set_language:
                    attract.set_language(intent.language);
                    identify.set_language(intent.language);
                    say(intent.language == Language::id ? "language id" : "language en");
                    break;
                case IntentKind::more_time:
                    say("more time");
                    break;
            }
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kiosk-ui-preview: show one kiosk screen (development tool)"};
    Options options;
    app.add_option("--screen", options.screen, "attract or identify")->check(CLI::IsMember({"attract", "identify"}));
    app.add_option("--screenshot", options.screenshot, "Save the first frame as this PNG file");
    app.add_option("--screenshot-dir", options.screenshot_dir, "Save the first frame of every screen shown here");
    app.add_flag("--interactive", options.interactive, "Keep the window open and print intents");
    app.add_flag("--fullscreen", options.fullscreen, "Fullscreen instead of a window");
    app.add_option("--renderer", options.renderer, "software or accelerated")
        ->check(CLI::IsMember({"software", "accelerated"}));
    app.add_option("--size", options.size, "Window size WIDTHxHEIGHT in pixels");
    app.add_option("--diagonal-mm", options.diagonal_mm, "Screen diagonal in mm (default 10.1 inch)");
    app.add_option("--dpi", options.dpi, "Screen density in dots per inch (instead of --diagonal-mm)");
    app.add_option("--lang", options.language, "id or en")->check(CLI::IsMember({"id", "en"}));
    app.add_option("--type", options.typed, "Digits already typed on the identify screen");
    app.add_flag("--busy", options.busy, "Identify screen waiting after a submit");
    app.add_option("--idle-warning", options.idle_warning_s, "Show the idle warning with this many seconds left");
    app.add_flag("--trace", options.trace, "Print how many digits are typed after each change");
    app.add_option("--max-submits", options.max_submits, "Exit after this many NIKs were submitted");
    app.add_option("--assets", options.assets, "The assets directory (fonts/ inside)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return run(options);
}
