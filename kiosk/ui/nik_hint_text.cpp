#include "kiosk/ui/nik_hint_text.hpp"

namespace kiosk::ui {

namespace {

Bilingual problem_text(core::NikProblem problem) {
    using P = core::NikProblem;
    switch (problem) {
        case P::unknown_province:
            return {"Dua angka pertama bukan kode provinsi. Periksa lagi NIK Anda.",
                    "The first two digits are not a province code. Please check your NIK."};
        case P::regency_zero:
            return {"Angka ke-3 dan ke-4 tidak boleh 00. Periksa lagi NIK Anda.",
                    "Digits 3 and 4 cannot be 00. Please check your NIK."};
        case P::district_zero:
            return {"Angka ke-5 dan ke-6 tidak boleh 00. Periksa lagi NIK Anda.",
                    "Digits 5 and 6 cannot be 00. Please check your NIK."};
        case P::day_out_of_range:
            return {"Angka tanggal lahir (angka ke-7 dan ke-8) tampaknya salah. Periksa lagi.",
                    "The birth day (digits 7 and 8) looks wrong. Please check."};
        case P::month_out_of_range:
            return {"Angka bulan lahir (angka ke-9 dan ke-10) tampaknya salah. Periksa lagi.",
                    "The birth month (digits 9 and 10) looks wrong. Please check."};
        case P::day_not_in_month:
            return {"Tanggal lahir di NIK tidak ada di kalender. Periksa lagi.",
                    "The birth date in the NIK is not a real date. Please check."};
        case P::serial_zero:
            return {"Empat angka terakhir tidak boleh 0000. Periksa lagi NIK Anda.",
                    "The last four digits cannot be 0000. Please check your NIK."};
        case P::empty:
        case P::invalid_character:
        case P::misplaced_separator:
        case P::too_short:
        case P::too_long:
            break;
    }
    return {"Periksa lagi NIK Anda.", "Please check your NIK."};
}

}  // namespace

bool nik_hint_is_problem(const NikHint& hint) {
    return hint.kind == NikHintKind::check_digits || hint.kind == NikHintKind::too_short_submit;
}

std::string nik_hint_text(const NikHint& hint, Language language) {
    const auto missing = std::to_string(hint.digits_missing);
    switch (hint.kind) {
        case NikHintKind::keep_typing:
            if (hint.digits_missing == 16) {
                return language == Language::id ? "NIK ada di KTP atau Kartu Keluarga Anda."
                                                : "Your NIK is on your KTP or Family Card.";
            }
            return language == Language::id ? "Kurang " + missing + " angka lagi."
                                            : missing + (hint.digits_missing == 1 ? " more digit." : " more digits.");
        case NikHintKind::ready:
            return language == Language::id ? "Sudah 16 angka. Tekan Lanjut."
                                            : "All 16 digits typed. Press Continue.";
        case NikHintKind::too_short_submit:
            return language == Language::id ? "NIK harus 16 angka. Kurang " + missing + " angka lagi."
                                            : "A NIK has 16 digits. " + missing + " more to type.";
        case NikHintKind::check_digits: {
            if (!hint.problem) return problem_text(core::NikProblem::empty).in(language);
            std::string text = problem_text(*hint.problem).in(language);
            // A well-formed NIK is still looked up even if it looks wrong (it is permanent), so
            // with all 16 digits the resident may go on.
            if (hint.digits_missing == 0) {
                text += language == Language::id ? " Jika sudah benar, tekan Lanjut."
                                                 : " If it is right, press Continue.";
            }
            return text;
        }
    }
    return {};
}

}  // namespace kiosk::ui
