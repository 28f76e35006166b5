#include "kiosk/ui/screens/message_screen.hpp"

#include "kiosk/ui/bilingual.hpp"
#include "kiosk/ui/countdown.hpp"
#include "kiosk/ui/shapes.hpp"
#include "kiosk/ui/text_flow.hpp"
#include "kiosk/ui/widgets/button_row.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

using core::session::MessageKind;

constexpr Bilingual kService{"Layanan Mandiri KTP-el", "e-KTP Self-Service"};
constexpr Bilingual kDone{"Selesai", "Done"};

enum class Sign { thanks, problem, info };

struct MessageText {
    Sign sign;
    Bilingual title;
    Bilingual body;
    Bilingual next;
};

MessageText message_text(MessageKind kind) {
    switch (kind) {
        case MessageKind::card_taken:
            return {Sign::thanks, {"Terima kasih", "Thank you"},
                    {"Kartu KTP-el Anda sudah Anda terima. Simpan baik-baik dan periksa nama serta data Anda.",
                     "You have your e-KTP card. Keep it safe, and check your name and details on it."},
                    {"Sampai jumpa.", "Goodbye."}};
        case MessageKind::card_captured:
            return {Sign::info, {"Kartu Anda disimpan dengan aman", "Your card is kept safe"},
                    {"Kartu tidak diambil tepat waktu, jadi mesin menyimpannya kembali. Kartu tidak hilang.",
                     "The card was not taken in time, so the machine kept it. Your card is not lost."},
                    {"Silakan ambil kartu Anda di loket pelayanan. Petugas akan membantu.",
                     "Please collect your card at the service counter. The staff will help you."}};
        case MessageKind::go_to_counter:
            return {Sign::problem, {"Silakan ke loket pelayanan", "Please go to the service counter"},
                    {"Ada masalah dengan kartu atau dengan mesin ini.",
                     "There is a problem with the card or with this machine."},
                    {"Petugas di loket akan membantu Anda.", "The staff at the counter will help you."}};
        case MessageKind::fingerprint_not_verified:
            return {Sign::problem, {"Sidik jari belum dapat dipastikan", "Your fingerprint could not be confirmed"},
                    {"Kesempatan mencoba sudah habis.", "All tries have been used."},
                    {"Silakan coba lagi nanti, atau datang ke loket pelayanan.",
                     "Please try again later, or go to the service counter."}};
        case MessageKind::nik_locked:
            return {Sign::info, {"Belum dapat diperiksa sekarang", "This cannot be checked right now"},
                    {"Untuk keamanan data Anda, pemeriksaan untuk nomor ini dihentikan sementara.",
                     "To keep your data safe, checks for this number are paused for a while."},
                    {"Silakan coba lagi nanti, atau datang ke loket pelayanan.",
                     "Please try again later, or go to the service counter."}};
        case MessageKind::fingerprint_unavailable:
            return {Sign::problem, {"Alat sidik jari sedang bermasalah", "The fingerprint scanner has a problem"},
                    {"Sidik jari Anda tidak dapat diperiksa saat ini.", "Your fingerprint cannot be checked right now."},
                    {"Silakan coba lagi nanti, atau datang ke loket pelayanan.",
                     "Please try again later, or go to the service counter."}};
        case MessageKind::service_error:
            return {Sign::problem, {"Layanan sedang terganggu", "The service has a problem"},
                    {"Status kartu Anda tidak dapat dibaca saat ini.", "Your card's status cannot be read right now."},
                    {"Silakan datang ke loket pelayanan. Petugas akan membantu Anda.",
                     "Please go to the service counter. The staff will help you."}};
    }
    return {Sign::info, {"", ""}, {"", ""}, {"", ""}};
}

// A tick drawn as a thick polyline of squares: two strokes, short then long.
void tick(Painter& painter, Point centre, int size_px, Colour colour) {
    const int t = std::max(3, size_px / 7);
    const Point a{centre.x_px - size_px / 2, centre.y_px};
    const Point b{centre.x_px - size_px / 8, centre.y_px + size_px * 3 / 8};
    const Point d{centre.x_px + size_px / 2, centre.y_px - size_px * 3 / 8};
    auto stroke = [&](Point from, Point to) {
        const int steps = std::max(std::abs(to.x_px - from.x_px), std::abs(to.y_px - from.y_px));
        for (int i = 0; i <= steps; ++i) {
            const int x = from.x_px + (to.x_px - from.x_px) * i / std::max(1, steps);
            const int y = from.y_px + (to.y_px - from.y_px) * i / std::max(1, steps);
            painter.fill(Rect{x - t / 2, y - t / 2, t, t}, colour);
        }
    };
    stroke(a, b);
    stroke(b, d);
}

}  // namespace

const char* MessageScreen::name_of(MessageKind kind) {
    switch (kind) {
        case MessageKind::card_taken: return "message-thank-you";
        case MessageKind::card_captured: return "message-card-captured";
        case MessageKind::go_to_counter: return "message-go-to-counter";
        case MessageKind::fingerprint_not_verified: return "message-tries-used-up";
        case MessageKind::nik_locked: return "message-locked";
        case MessageKind::fingerprint_unavailable: return "message-fingerprint-unavailable";
        case MessageKind::service_error: return "message-service-error";
    }
    return "message";
}

void MessageScreen::update(const core::session::MessageScreen& view, std::uint64_t now_ms, std::uint64_t display_ms) {
    if (kind_ == view.kind) return;
    kind_ = view.kind;
    name_ = name_of(view.kind);
    deadline_ms_ = now_ms + display_ms;
    invalidate();
}

int MessageScreen::seconds_left(std::uint64_t now_ms) const {
    return ui::seconds_left(deadline_ms_, now_ms);
}

void MessageScreen::layout(const LayoutContext& context) {
    const ThemePx& px = context.px;
    size_ = context.size;
    bar_.layout(context.size, context.px, context.text);
    done_ = Button{{}, "", UiAction::of(UiActionKind::cancel), ButtonStyle::primary, px.title, true};
    place_bottom_row({&done_}, size_, px, context.text, {kDone}, px.key_min * 3);
    const int top = bar_.bottom_px(px);
    const int bottom = done_.rect.y_px - px.section_gap;
    const int sign_d = std::min(px.key_max * 2, (bottom - top) / 2);
    sign_ = Rect{px.margin + px.section_gap, top + px.section_gap, sign_d, sign_d};
    const int text_x = sign_.right_px() + 2 * px.section_gap;
    text_ = Rect{text_x, top, size_.width_px - px.margin - text_x, bottom - top};
    countdown_ = Rect{px.margin, done_.rect.y_px, done_.rect.x_px - 2 * px.section_gap - px.margin, done_.rect.height_px};
    on_language_changed();
}

void MessageScreen::on_language_changed() { done_.label = kDone.in(language()); }

void MessageScreen::render(Painter& painter, std::uint64_t now_ms) {
    const Palette& c = painter.palette();
    const ThemePx& px = painter.px();
    const core::Language l = language();
    painter.clear(c.background);
    bar_.render(painter, l, pressed(), kService.in(l));
    if (!kind_) return;
    const MessageText m = message_text(*kind_);

    const Point centre = sign_.center();
    const int r = sign_.width_px / 2;
    const Colour sign_colour = m.sign == Sign::problem ? c.problem : c.primary;
    disc(painter, centre, r, sign_colour);
    if (m.sign == Sign::thanks) {
        tick(painter, centre, r, c.on_primary);
    } else {
        painter.text_in(sign_, m.sign == Sign::problem ? "!" : "i", TextStyle{FontWeight::bold, r * 3 / 2, c.on_primary},
                        Align::center);
    }
    draw_flow(painter, text_,
              {TextBlock{m.title.in(l), FontWeight::bold, px.display * 3 / 4, c.text, px.section_gap},
               TextBlock{m.body.in(l), FontWeight::regular, px.body, c.text, px.section_gap},
               TextBlock{m.next.in(l), FontWeight::bold, px.body, c.text, 0}},
              Align::center);
    const std::string s = std::to_string(seconds_left(now_ms));
    draw_flow(painter, countdown_,
              {TextBlock{l == core::Language::id ? "Layar kembali ke awal dalam " + s + " detik."
                                           : "Back to the start in " + s + " seconds.",
                         FontWeight::regular, px.body, c.text_muted, 0}},
              Align::center);
    done_.render(painter, button_state(done_, pressed()));
}

std::optional<Intent> MessageScreen::handle(const UiAction& action, std::uint64_t /*now_ms*/) {
    if (action.kind == UiActionKind::cancel) return Intent::of(IntentKind::cancel, language());
    return std::nullopt;
}

std::vector<HitTarget> MessageScreen::targets() const {
    std::vector<HitTarget> out;
    for (const Button& segment : bar_.toggle.segments()) out.push_back({segment.rect, segment.action});
    out.push_back({done_.rect, done_.action});
    return out;
}

std::optional<std::uint64_t> MessageScreen::animation_frame_ms(std::uint64_t now_ms) const {
    return next_second_ms(deadline_ms_, now_ms);
}

}  // namespace kiosk::ui
