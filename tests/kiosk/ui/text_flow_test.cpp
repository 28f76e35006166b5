// draw_flow steps its type down until a block fits its area: for height, and for a word wider than
// the area (which would otherwise be broken between its letters); what fits at full size is drawn
// at full size; flow_fit_percent says the size draw_flow uses.
#include "kiosk/ui/text_flow.hpp"
#include "tests/support/sdl_rig.hpp"

#include <doctest/doctest.h>

using namespace kiosk::ui;

TEST_CASE("a flow shrinks for a word too wide as well as for too many lines") {
    kiosk::testing::SdlRig rig;
    TextRenderer& text = *rig.text;
    const int size_px = 40;
    const std::vector<TextBlock> word{{"Pemeriksaan", FontWeight::bold, size_px, {}, 0}};
    const int word_w = text.measure(FontWeight::bold, size_px, "Pemeriksaan");
    // Room for the word on one line at full size: no shrinking.
    CHECK(flow_fit_percent(text, word, {word_w + 2, 200}) == 100);
    // Plenty of height but a little too narrow: the type steps down rather than break the word.
    const int percent = flow_fit_percent(text, word, {word_w * 9 / 10, 200});
    CHECK(percent < 100);
    CHECK(text.measure(FontWeight::bold, size_px * percent / 100, "Pemeriksaan") <= word_w * 9 / 10);
    // A word the floor cannot save is drawn anyway and reported.
    Painter painter(rig.display->renderer(), text, rig.theme, rig.host->px());
    draw_flow(painter, Rect{0, 0, word_w / 3, 200}, word);
    CHECK_FALSE(painter.overflows().empty());
    // Words allowed to break (text written by someone else) do not shrink the type.
    std::vector<TextBlock> note = word;
    note[0].words = WordBreaks::allowed;
    CHECK(flow_fit_percent(text, note, {word_w * 9 / 10, 200}) == 100);
    // Too many lines for the height: shrinks too.
    const std::vector<TextBlock> lines{
        {"satu dua tiga empat lima enam tujuh delapan", FontWeight::regular, size_px, {}, 0}};
    CHECK(flow_fit_percent(text, lines, {word_w, size_px * 2}) < 100);
}
