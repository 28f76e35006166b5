#include "kiosk/core/speech/spoken_view.hpp"

#include "kiosk/core/status_text.hpp"

#include <type_traits>

namespace kiosk::core::speech {

namespace {

using namespace session;

struct Words {
    const char* id;
    const char* en;
    [[nodiscard]] std::string in(Language l) const { return l == Language::id ? id : en; }
};

constexpr Words kAttract{"Layanan mandiri KTP-el. Sentuh layar atau tekan tombol apa saja untuk mulai.",
                         "e-KTP self-service. Touch the screen or press any key to start."};
constexpr Words kIdentify{"Masukkan enam belas digit NIK Anda, lalu tekan Lanjut.",
                          "Enter the sixteen digits of your NIK, then press Continue."};
constexpr Words kTooShort{"NIK belum lengkap. NIK punya enam belas digit.",
                          "The NIK is not complete. A NIK has sixteen digits."};
constexpr Words kConfirm{"Periksa nomornya. Tekan Lanjut sekali lagi jika sudah benar.",
                         "Check the number. Press Continue again if it is right."};
constexpr Words kTapRefused{"Kartu tidak dapat dibaca. Tempelkan KTP-el Anda sekali lagi.",
                            "The card could not be read. Tap your e-KTP again."};
constexpr Words kFingerPreparing{"Mohon tunggu sebentar.", "Please wait a moment."};
constexpr Words kFingerPlace{"Letakkan jari Anda pada sensor sidik jari.",
                             "Place your finger on the fingerprint sensor."};
constexpr Words kFingerMatching{"Sidik jari sedang diperiksa.", "Checking your fingerprint."};
constexpr Words kFingerAgain{"Sidik jari tidak cocok. Coba lagi.", "The fingerprint did not match. Try again."};
constexpr Words kStatusNeutral{"Status kartu Anda ada di layar.", "Your card status is on the screen."};
constexpr Words kPickupWait{"Kartu Anda sedang disiapkan. Mohon tunggu.", "Your card is being prepared. Please wait."};
constexpr Words kPickupTake{"Ambil kartu Anda dari mulut mesin sekarang.", "Take your card from the slot now."};
constexpr Words kCardTaken{"Selamat, kartu Anda sudah diambil. Terima kasih.", "Your card has been taken. Thank you."};
constexpr Words kCardCaptured{"Kartu tidak diambil dan disimpan dengan aman. Ambil di loket.",
                              "The card was not taken and is kept safe. Collect it at the counter."};
constexpr Words kGoCounter{"Silakan ke loket. Petugas akan membantu Anda.",
                           "Please go to the counter. Staff will help you."};
constexpr Words kTryLater{"Coba lagi nanti, atau silakan ke loket.", "Try again later, or go to the counter."};
constexpr Words kOutOfService{"Mesin ini sedang tidak melayani. Silakan ke loket.",
                              "This machine is out of service. Please go to the counter."};
constexpr Words kIdleWarning{"Waktu hampir habis. Tekan Tambah waktu untuk melanjutkan.",
                             "Time is almost up. Press More time to continue."};

Utterance fixed(const Words& words, Language l) {
    return {words.in(l), l, PrivacyClass::fixed_prompt, {}};
}

Utterance message(MessageKind kind, Language l) {
    switch (kind) {
        case MessageKind::card_taken: return fixed(kCardTaken, l);
        case MessageKind::card_captured: return fixed(kCardCaptured, l);
        case MessageKind::fingerprint_not_verified:
        case MessageKind::nik_locked: return fixed(kTryLater, l);
        case MessageKind::go_to_counter:
        case MessageKind::fingerprint_unavailable:
        case MessageKind::service_error: return fixed(kGoCounter, l);
    }
    return fixed(kGoCounter, l);
}

Utterance finger(const session::FingerprintScreen& s, Language l) {
    if (s.last_attempt && s.stage == FingerStage::waiting_for_finger) return fixed(kFingerAgain, l);
    switch (s.stage) {
        case FingerStage::preparing: return fixed(kFingerPreparing, l);
        case FingerStage::waiting_for_finger: return fixed(kFingerPlace, l);
        case FingerStage::finger_seen:
        case FingerStage::matching: return fixed(kFingerMatching, l);
    }
    return fixed(kFingerPlace, l);
}

// The resident's own status: the unmasked NIK (and the status, which is about them) make it personal.
Utterance status(const session::StatusScreen& s, Language l) {
    const StatusMessage m = status_message(s.status, l, {});
    const std::string nik_word = l == Language::id ? "NIK " : "NIK ";
    return {nik_word + spoken_digits(s.nik_grouped) + ". " + m.title + ". " + m.next_step, l, PrivacyClass::personal,
            kStatusNeutral.in(l)};
}

Utterance pickup(const session::PickupScreen& s, Language l) {
    return fixed(s.phase == PickupPhase::take_card ? kPickupTake : kPickupWait, l);
}

// A change within the identify screen: the newest digit (personal: part of a NIK), or an error.
std::optional<Utterance> identify_change(const session::IdentifyScreen& was, const session::IdentifyScreen& now,
                                         Language l) {
    if (now.too_short && !was.too_short) return fixed(kTooShort, l);
    if (now.confirm_needed && !was.confirm_needed) return fixed(kConfirm, l);
    if (now.tap_refused && now.tap_refused != was.tap_refused) return fixed(kTapRefused, l);
    if (now.digit_count == was.digit_count) return std::nullopt;
    const std::string count =
        std::to_string(now.digit_count) + (l == Language::id ? " dari 16 digit" : " of 16 digits");
    if (now.digit_count < was.digit_count) return Utterance{count, l, PrivacyClass::variable, {}};
    std::string last;
    for (char c : now.typed_grouped) {
        if (c >= '0' && c <= '9') last = std::string(1, c);
    }
    return Utterance{last, l, PrivacyClass::personal, count};
}

}  // namespace

std::string spoken_digits(std::string_view digits) {
    std::string out;
    for (char c : digits) {
        if (c < '0' || c > '9') continue;
        if (!out.empty()) out += ' ';
        out += c;
    }
    return out;
}

Utterance prompt_for(const SessionView& view) {
    const Language l = view.language;
    return std::visit(
        [&](const auto& s) -> Utterance {
            using S = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<S, session::AttractScreen>)
                return fixed(kAttract, l);
            else if constexpr (std::is_same_v<S, session::IdentifyScreen>)
                return fixed(kIdentify, l);
            else if constexpr (std::is_same_v<S, session::FingerprintScreen>)
                return finger(s, l);
            else if constexpr (std::is_same_v<S, session::StatusScreen>)
                return status(s, l);
            else if constexpr (std::is_same_v<S, session::PickupScreen>)
                return pickup(s, l);
            else if constexpr (std::is_same_v<S, session::MessageScreen>)
                return message(s.kind, l);
            else
                return fixed(kOutOfService, l);
        },
        view.screen);
}

std::optional<Utterance> utterance_for(const std::optional<SessionView>& before, const SessionView& after) {
    if (!before || before->screen.index() != after.screen.index() || before->language != after.language) {
        return prompt_for(after);
    }
    if (after.idle_warning && !before->idle_warning) return fixed(kIdleWarning, after.language);
    if (const auto* now = std::get_if<session::IdentifyScreen>(&after.screen)) {
        return identify_change(std::get<session::IdentifyScreen>(before->screen), *now, after.language);
    }
    if (const auto* now = std::get_if<session::FingerprintScreen>(&after.screen)) {
        const auto& was = std::get<session::FingerprintScreen>(before->screen);
        if (now->stage == was.stage && now->last_attempt == was.last_attempt) return std::nullopt;
        return finger(*now, after.language);
    }
    if (const auto* now = std::get_if<session::PickupScreen>(&after.screen)) {
        if (now->phase == std::get<session::PickupScreen>(before->screen).phase) return std::nullopt;
        return pickup(*now, after.language);
    }
    if (const auto* now = std::get_if<session::MessageScreen>(&after.screen)) {
        if (now->kind == std::get<session::MessageScreen>(before->screen).kind) return std::nullopt;
        return message(now->kind, after.language);
    }
    if (const auto* now = std::get_if<session::StatusScreen>(&after.screen)) {
        const auto& was = std::get<session::StatusScreen>(before->screen);
        if (now->status == was.status && now->nik_grouped == was.nik_grouped) return std::nullopt;
        return status(*now, after.language);
    }
    return std::nullopt;
}

const std::string& audible_text(const Utterance& utterance, HeadsetFitted headset) {
    if (utterance.privacy == PrivacyClass::personal && headset == HeadsetFitted::no) return utterance.public_text;
    return utterance.text;
}

bool session_ended(const std::optional<SessionView>& before, const SessionView& after) {
    return before && !std::holds_alternative<session::AttractScreen>(before->screen) &&
           std::holds_alternative<session::AttractScreen>(after.screen);
}

}  // namespace kiosk::core::speech
