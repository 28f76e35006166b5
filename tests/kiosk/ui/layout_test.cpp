#include "kiosk/ui/physical_metrics.hpp"
#include "kiosk/ui/screen.hpp"
#include "kiosk/ui/screens/identify_screen.hpp"
#include "kiosk/ui/theme.hpp"
#include "kiosk/ui/widgets/keypad.hpp"
#include "kiosk/ui/widgets/nik_field.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using namespace kiosk::ui;
using kiosk::core::Language;

namespace {

PhysicalMetrics metrics_for(int width_px, int height_px, double diagonal_mm) {
    auto m = PhysicalMetrics::from(ScreenSpec{width_px, height_px, diagonal_mm, std::nullopt});
    REQUIRE(m.ok());
    return m.value();
}

struct Panel {
    const char* name;
    int width_px;
    int height_px;
    double diagonal_mm;
};

// The panels the kiosk must work on: the lobby's 21.5-inch monitor and a 10.1-inch tablet panel,
// plus a 15.6-inch and a portrait-free 17-inch 5:4 for good measure.
const std::vector<Panel> kPanels = {
    {"21.5in 1920x1080", 1920, 1080, 546.0},
    {"10.1in 1280x800", 1280, 800, 10.1 * kMmPerInch},
    {"15.6in 1366x768", 1366, 768, 15.6 * kMmPerInch},
    {"17in 1280x1024", 1280, 1024, 17.0 * kMmPerInch},
};

}  // namespace

TEST_CASE("mm_to_px rounds up so a minimum stays a minimum") {
    CHECK(mm_to_px(20.0, 5.0) == 100);  // exact products do not gain a pixel
    CHECK(mm_to_px(20.0, 4.035) == 81);
    CHECK(mm_to_px(0.1, 4.0) == 1);
    CHECK(mm_to_px(0.0, 4.0) == 0);
    CHECK(mm_to_px(-3.0, 4.0) == 0);
    CHECK(mm_to_px(10.0, 0.0) == 0);
}

TEST_CASE("density from the diagonal or the dpi") {
    const auto big = metrics_for(1920, 1080, 546.0);
    CHECK(big.px_per_mm() == doctest::Approx(std::hypot(1920.0, 1080.0) / 546.0));
    CHECK(big.width_mm() == doctest::Approx(475.9).epsilon(0.002));
    CHECK(big.mm_to_px(20.0) >= 80);

    auto by_dpi = PhysicalMetrics::from(ScreenSpec{1280, 800, std::nullopt, 254.0});
    REQUIRE(by_dpi.ok());
    CHECK(by_dpi->px_per_mm() == doctest::Approx(10.0));
    CHECK(by_dpi->mm_to_px(20.0) == 200);

    const auto smaller = by_dpi->with_size(640, 400);
    CHECK(smaller.px_per_mm() == doctest::Approx(10.0));
    CHECK(smaller.width_px() == 640);
}

TEST_CASE("bad screen specs are refused with a reason") {
    CHECK_FALSE(PhysicalMetrics::from(ScreenSpec{0, 800, 250.0, std::nullopt}).ok());
    CHECK_FALSE(PhysicalMetrics::from(ScreenSpec{1280, 800, std::nullopt, std::nullopt}).ok());
    CHECK_FALSE(PhysicalMetrics::from(ScreenSpec{1280, 800, 250.0, 96.0}).ok());
    auto negative = PhysicalMetrics::from(ScreenSpec{1280, 800, -1.0, std::nullopt});
    REQUIRE_FALSE(negative.ok());
    CHECK(negative.error().where == "ui.metrics");
}

TEST_CASE("keypad keys are at least 20 mm on every supported panel") {
    const Theme theme;
    for (const Panel& panel : kPanels) {
        CAPTURE(panel.name);
        const auto m = metrics_for(panel.width_px, panel.height_px, panel.diagonal_mm);
        const ThemePx px = ThemePx::from(theme, m);
        const Size size{panel.width_px, panel.height_px};
        const IdentifyGeometry g = identify_geometry(size, px);
        const KeypadGeometry pad = keypad_geometry(g.keypad_area, px);
        CHECK(m.px_to_mm(pad.key_px) >= 20.0);
        CHECK(m.px_to_mm(pad.key_px) <= theme.spacing.key_max + 0.5);
        // The whole grid and the left column are on the screen, below the language toggle.
        CHECK(pad.bounds.x_px >= 0);
        CHECK(pad.bounds.right_px() <= size.width_px);
        CHECK(pad.bounds.bottom_px() <= size.height_px - px.margin);
        CHECK(pad.bounds.y_px >= px.margin + px.toggle_height);
        CHECK(g.left_column.x_px >= px.margin);
        CHECK(g.left_column.right_px() < pad.bounds.x_px);
        // The NIK field fits its column with digits of at least the theme's minimum.
        const NikFieldGeometry field = nik_field_geometry(g.left_column, px, 0);
        CHECK(field.box.right_px() <= g.left_column.right_px());
        CHECK(m.px_to_mm(field.digit_px) >= theme.type.nik_min - 0.2);
        // Body text at the theme's 8 mm.
        CHECK(m.px_to_mm(px.body) >= 8.0);
    }
}

TEST_CASE("keypad_geometry never goes below the minimum key, even in too small an area") {
    const auto m = metrics_for(1280, 800, 256.5);
    const ThemePx px = ThemePx::from(Theme{}, m);
    const KeypadGeometry tiny = keypad_geometry(Rect{0, 0, 100, 100}, px);
    CHECK(tiny.key_px == px.key_min);
    const KeypadGeometry huge = keypad_geometry(Rect{0, 0, 5000, 5000}, px);
    CHECK(huge.key_px == px.key_max);
    // Anchored at the top-right of the area.
    CHECK(huge.bounds.right_px() == 5000);
    CHECK(huge.bounds.y_px == 0);
}

TEST_CASE("hit testing finds each keypad key at its centre and nothing in the gaps") {
    const auto m = metrics_for(1280, 800, 256.5);
    const ThemePx px = ThemePx::from(Theme{}, m);
    Keypad keypad;
    keypad.layout(identify_geometry({1280, 800}, px).keypad_area, px, Language::id);
    std::vector<HitTarget> targets;
    for (const Button& key : keypad.keys()) targets.push_back({key.rect, key.action});

    const char order[] = "123456789";
    for (std::size_t i = 0; i < 9; ++i) {
        const auto hit = hit_test(targets, keypad.keys()[i].rect.center());
        REQUIRE(hit.has_value());
        CHECK(*hit == UiAction::digit_key(order[i]));
    }
    CHECK(hit_test(targets, keypad.keys()[9].rect.center()) == UiAction::of(UiActionKind::clear));
    CHECK(hit_test(targets, keypad.keys()[10].rect.center()) == UiAction::digit_key('0'));
    CHECK(hit_test(targets, keypad.keys()[11].rect.center()) == UiAction::of(UiActionKind::backspace));

    // Between "1" and "2" lies the gap: a touch there presses nothing rather than a guess.
    const Rect one = keypad.keys()[0].rect;
    CHECK_FALSE(hit_test(targets, Point{one.right_px() + px.gap / 2, one.center().y_px}).has_value());
    // Half-open edges: the last pixel column belongs to the key, the next to the gap.
    CHECK(hit_test(targets, Point{one.right_px() - 1, one.y_px}) == UiAction::digit_key('1'));
    CHECK_FALSE(hit_test(targets, Point{one.right_px(), one.y_px}).has_value());

    // Keys are labelled in the chosen language.
    CHECK(keypad.keys()[9].label == "Hapus semua");
    keypad.set_language(Language::en);
    CHECK(keypad.keys()[9].label == "Clear all");
    CHECK(keypad.key_rect(UiAction::digit_key('5')) == keypad.keys()[4].rect);
}

TEST_CASE("hit_test prefers the first (topmost) target") {
    const std::vector<HitTarget> targets = {
        {Rect{10, 10, 20, 20}, UiAction::of(UiActionKind::more_time)},
        {Rect{0, 0, 100, 100}, UiAction::of(UiActionKind::start)},
    };
    CHECK(hit_test(targets, Point{15, 15}) == UiAction::of(UiActionKind::more_time));
    CHECK(hit_test(targets, Point{50, 50}) == UiAction::of(UiActionKind::start));
    CHECK_FALSE(hit_test(targets, Point{100, 50}).has_value());
}

TEST_CASE("NIK field cells are equal and grouped in fours") {
    const auto m = metrics_for(1920, 1080, 546.0);
    const ThemePx px = ThemePx::from(Theme{}, m);
    NikField field;
    field.layout(Rect{100, 100, 2000, 0}, px, 50);
    const auto& g = field.geometry();
    CHECK(g.digit_px == px.nik_max);
    CHECK(field.cell(1).x_px - field.cell(0).x_px == g.cell_px);
    CHECK(field.cell(4).x_px - field.cell(3).x_px == g.cell_px + g.group_gap_px);
    CHECK(field.cell(15).right_px() < g.box.right_px());
    CHECK(g.hint.y_px > g.box.bottom_px());
}

TEST_CASE("every text colour meets its contrast ratio on the grounds it is drawn on") {
    const Palette c;
    CHECK(contrast_ratio(Colour{0, 0, 0}, Colour{255, 255, 255}) == doctest::Approx(21.0));
    CHECK(contrast_ratio(c.text, c.text) == doctest::Approx(1.0));
    for (Colour ground : {c.background, c.surface, c.pressed}) CHECK(contrast_ratio(c.text, ground) >= 7.0);
    CHECK(contrast_ratio(c.text_muted, c.background) >= 7.0);
    CHECK(contrast_ratio(c.on_primary, c.primary) >= 7.0);
    CHECK(contrast_ratio(c.on_primary, c.primary_pressed) >= 7.0);
    CHECK(contrast_ratio(c.problem, c.background) >= 7.0);
    CHECK(contrast_ratio(c.on_warning, c.warning) >= 7.0);
    CHECK(contrast_ratio(c.on_staff_band, c.staff_band) >= 7.0);
    CHECK(contrast_ratio(c.on_disabled, c.disabled) >= 4.5);
    // Edges of targets and the caret stand out from what is around them (WCAG 1.4.11: 3:1).
    CHECK(contrast_ratio(c.border, c.background) >= 3.0);
    CHECK(contrast_ratio(c.caret, c.surface) >= 3.0);
}
