// kiosk-ui-preview: a development tool that shows one screen of the kiosk UI without the rest of the
// appliance. Not installed on the appliance.
//
//   kiosk-ui-preview --screen identify --type 140312150590 --screenshot out.png
//       renders one frame (offscreen when there is no display) and saves it as PNG
//   kiosk-ui-preview --screen attract --interactive
//       a window driven by touch, mouse or keyboard through the real session machine
//       (kiosk/core/session) and SessionPresenter: prints "ready" once the first frame is on screen,
//       then one line per change ("screen identify", "nik <16 digits>" when a lookup is asked, ...)
//   kiosk-ui-preview --all --screenshot-dir DIR [--size 1920x1080] [--set resident|staff] [--demo]
//       every screen x both languages x representative states (every card status, message kind and
//       pickup step; every staff screen and phase) from synthetic views, as DIR/<lang>/<screen>-NNNN.png;
//       the layout checker's findings (kiosk/ui/preview/layout_check.hpp: text that does not fit its
//       box, text or targets off the screen or over each other) are reported on stderr and make the
//       exit status 3. --set limits the run to the resident's or the staff's screens.
//
// It prints submitted NIKs in full because tests drive it with synthetic numbers; the appliance
// itself never writes a NIK to any output.
#include "kiosk/core/session/session_machine.hpp"
#include "kiosk/ui/preview/layout_check.hpp"
#include "kiosk/ui/preview/synthetic_staff_views.hpp"
#include "kiosk/ui/preview/synthetic_views.hpp"
#include "kiosk/ui/screen_host.hpp"
#include "kiosk/ui/session_presenter.hpp"
#include "kiosk/ui/staff_presenter.hpp"
#include "kiosk/ui/screenshot.hpp"
#include "kiosk/ui/sdl_display.hpp"
#include "kiosk/ui/text_renderer.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace {

using namespace kiosk::ui;
using kiosk::core::Language;
using kiosk::core::language_code;
using kiosk::core::language_from_code;

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
    bool all = false;
    std::string set = "all";
    bool demo = false;
    std::string assets = KIOSK_SOURCE_ASSETS_DIR;
};

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

    namespace cs = kiosk::core::session;
    SessionPresenter presenter(host);
    presenter.enable_demo_controls(options.demo);
    // --lang was checked against language_from_code when it was parsed.
    const Language language = language_from_code(options.language).value_or(Language::id);

    if (options.all) {
        if (options.screenshot_dir.empty()) {
            std::fprintf(stderr, "kiosk-ui-preview: --all wants --screenshot-dir DIR\n");
            return 2;
        }
        int findings = 0;
        StaffPresenter staff(host);
        // Draws the current screen afresh (a shot even where the name repeats) and reports what the
        // layout checker finds in that frame.
        auto check = [&](Language l) -> kiosk::Status {
            Screen* current = host.current();
            const std::string name = current != nullptr ? std::string(current->name()) : "?";
            const auto found = TRY(check_current_frame(host));
            for (const LayoutFinding& f : found) {
                ++findings;
                std::fprintf(stderr, "%s: %s (%s): %s\n", f.what.c_str(), name.c_str(),
                             std::string(language_code(l)).c_str(), f.detail.c_str());
            }
            return {};
        };
        auto draw_checked = [&](cs::SessionView view, Language l) -> kiosk::Status {
            view.language = l;
            presenter.present(view, ScreenHost::now_ms());
            host.show(presenter.current());
            return check(l);
        };
        auto draw_staff_checked = [&](kiosk::core::staff::StaffView view, Language l) -> kiosk::Status {
            view.language = l;
            if (!staff.present(view, ScreenHost::now_ms())) return {};
            host.show(staff.current());
            return check(l);
        };
        const bool resident_set = options.set != "staff";
        const bool staff_set = options.set != "resident";
        for (const Language l : kiosk::core::kAllLanguages) {
            auto dir = ScreenshotDirectory::open(std::filesystem::path(options.screenshot_dir) / language_code(l));
            if (!dir) return fail_with(dir.error());
            host.set_screenshot_directory(&dir.value());
            if (resident_set) {
                for (const cs::SessionView& view : synthetic_views()) {
                    if (auto drawn = draw_checked(view, l); !drawn) return fail_with(drawn.error());
                }
                // The maintenance screen: an out-of-service view in maintenance with an operator's note.
                for (const std::string& note : synthetic_maintenance_notes()) {
                    presenter.set_maintenance_reason(note);
                    cs::SessionView view;
                    view.screen = cs::OutOfServiceScreen{true, std::nullopt, std::nullopt};
                    if (auto drawn = draw_checked(view, l); !drawn) return fail_with(drawn.error());
                }
                presenter.set_maintenance_reason(std::nullopt);
            }
            if (staff_set) {
                for (const kiosk::core::staff::StaffView& view : synthetic_staff_views()) {
                    if (auto drawn = draw_staff_checked(view, l); !drawn) return fail_with(drawn.error());
                }
            }
            host.set_screenshot_directory(nullptr);
        }
        return findings == 0 ? 0 : 3;
    }

    // The real session machine, with no devices: typing, hints, languages, the idle warning. Lookups
    // are printed (tests read them) and not answered.
    cs::SessionConfig session_config;
    session_config.default_language = language;
    const auto wall_now = [] {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    };
    cs::SessionMachine machine(session_config, cs::DeviceHealthSnapshot{}, wall_now());
    std::string last_screen;
    std::size_t digits_shown = 0;
    int submits = 0;
    // Returns false when the preview should end (--max-submits reached).
    auto feed = [&](const cs::Event& event) {
        const cs::Commands commands = machine.handle(wall_now(), event);
        for (const cs::Command& command : commands) {
            if (const auto* lookup = std::get_if<cs::LookupRecord>(&command)) {
                say("nik " + std::string(lookup->nik.digits()));
                if (options.max_submits > 0 && ++submits >= options.max_submits) return false;
                // Nothing answers in the preview: back to the keypad for the next number.
                machine.handle(wall_now(), cs::Back{});
                machine.handle(wall_now(), cs::KeypadClear{});
            }
        }
        return true;
    };
    if (options.screen == "identify") feed(cs::StartPressed{});
    for (char digit : options.typed) feed(cs::KeypadDigit{digit});
    auto show = [&] {
        presenter.present(machine.view(), ScreenHost::now_ms());
        if (options.busy) presenter.identify().set_busy(true, ScreenHost::now_ms());
        if (options.idle_warning_s > 0) {
            presenter.current().show_idle_warning(ScreenHost::now_ms() +
                                                  static_cast<std::uint64_t>(options.idle_warning_s) * 1000);
        }
    };
    show();
    last_screen = std::string(presenter.current().name());
    digits_shown = presenter.identify().typed_digits().size();

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
    for (;;) {
        auto pumped = host.wait_and_pump();
        if (!pumped) return fail_with(pumped.error());
        if (pumped->quit_requested) return 0;
        for (const Intent& intent : pumped->intents) {
            if (auto demo = demo_intent(intent)) {
                say("demo " + std::string(demo_label(*demo).en));
                continue;
            }
            if (intent.kind == IntentKind::set_language) say("language " + std::string(language_code(intent.language)));
            if (intent.kind == IntentKind::more_time) say("more time");
            if (auto event = presenter.to_event(intent)) {
                if (!feed(*event)) return 0;
            }
        }
        if (!pumped->intents.empty()) {
            presenter.present(machine.view(), ScreenHost::now_ms());
            if (presenter.current().name() != last_screen) {
                last_screen = std::string(presenter.current().name());
                say("screen " + last_screen);
            }
            if (options.trace && presenter.identify().typed_digits().size() != digits_shown) {
                digits_shown = presenter.identify().typed_digits().size();
                say("digits " + std::to_string(digits_shown));
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
    app.add_option("--lang", options.language, "id or en")->check([](const std::string& code) {
        return language_from_code(code) ? std::string() : std::string("id or en");
    });
    app.add_option("--type", options.typed, "Digits already typed on the identify screen");
    app.add_flag("--busy", options.busy, "Identify screen waiting after a submit");
    app.add_option("--idle-warning", options.idle_warning_s, "Show the idle warning with this many seconds left");
    app.add_flag("--trace", options.trace, "Print how many digits are typed after each change");
    app.add_flag("--all", options.all, "Render every screen, language and state into --screenshot-dir");
    app.add_option("--set", options.set, "With --all: all, resident or staff screens")
        ->check(CLI::IsMember({"all", "resident", "staff"}));
    app.add_flag("--demo", options.demo, "Show the demo controls strip (F12 toggles it)");
    app.add_option("--max-submits", options.max_submits, "Exit after this many NIKs were submitted");
    app.add_option("--assets", options.assets, "The assets directory (fonts/ inside)");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return run(options);
}
