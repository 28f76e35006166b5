#include "kiosk/ui/staff_text.hpp"

#include "kiosk/core/session/session_commands.hpp"

#include <ctime>

namespace kiosk::ui {

namespace cst = core::staff;

Bilingual role_text(cst::StaffRole role) {
    switch (role) {
        case cst::StaffRole::operator_: return {"Operator", "Operator"};
        case cst::StaffRole::technician: return {"Teknisi", "Technician"};
        case cst::StaffRole::supervisor: return {"Supervisor", "Supervisor"};
    }
    return {"Petugas", "Staff"};
}

Bilingual problem_text(cst::StaffProblem problem) {
    switch (problem) {
        case cst::StaffProblem::store_failed:
            return {"Database kios gagal menjawab. Coba lagi.", "The kiosk's database failed to answer. Try again."};
        case cst::StaffProblem::store_silent:
            return {"Database kios tidak menjawab tepat waktu. Coba lagi.",
                    "The kiosk's database did not answer in time. Try again."};
        case cst::StaffProblem::dispenser_fault:
            return {"Mesin kartu melaporkan kerusakan. Periksa mesin kartu.",
                    "The card machine reported a fault. Check the card machine."};
        case cst::StaffProblem::dispenser_silent:
            return {"Mesin kartu tidak menjawab. Periksa mesin kartu.",
                    "The card machine did not answer. Check the card machine."};
        case cst::StaffProblem::journal_failed:
            return {"Catatan jurnal gagal disimpan. Kartu diamankan dan tugas dihentikan.",
                    "A journal entry could not be saved. The card was kept safe and the task stopped."};
        case cst::StaffProblem::capture_failed:
            return {"Kartu tidak dapat dipindahkan ke kotak tertahan. Periksa mesin kartu.",
                    "A card could not be moved to the capture bin. Check the card machine."};
        case cst::StaffProblem::reader_silent:
            return {"Pembaca kartu tidak menjawab. Coba lagi.", "The card reader did not answer. Try again."};
        case cst::StaffProblem::device_silent:
            return {"Perangkat tidak selesai tepat waktu. Coba lagi.", "A device did not finish in time. Try again."};
    }
    return {"", ""};
}

Bilingual refusal_title(cst::StaffRefusal refusal) {
    switch (refusal) {
        case cst::StaffRefusal::not_registered:
            return {"Kartu ini bukan kartu petugas yang terdaftar", "This card is not a registered staff card"};
        case cst::StaffRefusal::pin_blocked: return {"PIN kartu ini terblokir", "This card's PIN is blocked"};
        case cst::StaffRefusal::unavailable: return {"Kartu belum dapat diperiksa", "The card cannot be checked now"};
    }
    return {"", ""};
}

Bilingual refusal_advice(cst::StaffRefusal refusal) {
    switch (refusal) {
        case cst::StaffRefusal::not_registered:
            return {"Angkat kartu dari pembaca. Supervisor dapat mendaftarkan kartu petugas.",
                    "Take the card off the reader. A supervisor can register staff cards."};
        case cst::StaffRefusal::pin_blocked:
            return {"Angkat kartu dari pembaca. Supervisor dapat membuka blokir PIN.",
                    "Take the card off the reader. A supervisor can unblock the PIN."};
        case cst::StaffRefusal::unavailable:
            return {"Angkat kartu dari pembaca dan coba lagi sebentar lagi.",
                    "Take the card off the reader and try again in a moment."};
    }
    return {"", ""};
}

Bilingual load_refusal_text(cst::LoadRefusal refusal) {
    switch (refusal) {
        case cst::LoadRefusal::no_record:
            return {"Tidak ada data untuk kartu ini.", "There is no record for this card."};
        case cst::LoadRefusal::wrong_status:
            return {"Data kartu ini tidak berstatus sudah dicetak.",
                    "This card's record is not in the printed status."};
        case cst::LoadRefusal::already_in_kiosk:
            return {"Kartu ini sudah ada di dalam kios.", "This card is already in the kiosk."};
        case cst::LoadRefusal::duplicate_serial:
            return {"Nomor seri kartu ini sama dengan kartu lain.",
                    "This card has the same serial number as another card."};
        case cst::LoadRefusal::serial_mismatch:
            return {"Data ini mencatat kartu lain: ini bukan kartu yang dicetak untuknya.",
                    "The record names another card: this is not the card printed for it."};
        case cst::LoadRefusal::magazine_full:
            return {"Magasin penuh: tidak ada slot kosong.", "The magazine is full: there is no free slot."};
        case cst::LoadRefusal::forged:
            return {"Kartu palsu: tanda tangan penerbit tidak sah.",
                    "Forged card: the issuer's signature is not valid."};
        case cst::LoadRefusal::cloned:
            return {"Kartu tiruan: chip gagal pemeriksaan keaslian.",
                    "Cloned card: the chip failed its authenticity check."};
        case cst::LoadRefusal::unreadable: return {"Chip kartu tidak terbaca.", "The card's chip could not be read."};
        case cst::LoadRefusal::not_a_card: return {"Kartu ini bukan KTP-el.", "This card is not an e-KTP."};
        case cst::LoadRefusal::slot_problem:
            return {"Slot yang dipilih ternyata berisi kartu, jadi slot itu diblokir.",
                    "The chosen slot already held a card, so that slot is blocked."};
        case cst::LoadRefusal::journal_failed:
            return {"Catatan jurnal gagal disimpan, jadi kartu tidak dimuat.",
                    "The journal entry could not be saved, so the card was not loaded."};
        case cst::LoadRefusal::store_unavailable:
            return {"Database kios tidak dapat memeriksa kartu ini. Pengisian berhenti.",
                    "The kiosk's database could not check this card. Loading stops."};
    }
    return {"", ""};
}

Bilingual load_refusal_short(cst::LoadRefusal refusal) {
    switch (refusal) {
        case cst::LoadRefusal::no_record: return {"tanpa data", "no record"};
        case cst::LoadRefusal::wrong_status: return {"status salah", "wrong status"};
        case cst::LoadRefusal::already_in_kiosk: return {"sudah di kios", "already in kiosk"};
        case cst::LoadRefusal::duplicate_serial: return {"seri ganda", "same serial"};
        case cst::LoadRefusal::serial_mismatch: return {"kartu lain", "other card"};
        case cst::LoadRefusal::magazine_full: return {"magasin penuh", "magazine full"};
        case cst::LoadRefusal::forged: return {"palsu", "forged"};
        case cst::LoadRefusal::cloned: return {"tiruan", "cloned"};
        case cst::LoadRefusal::unreadable: return {"tidak terbaca", "unreadable"};
        case cst::LoadRefusal::not_a_card: return {"bukan KTP-el", "not an e-KTP"};
        case cst::LoadRefusal::slot_problem: return {"slot bermasalah", "slot problem"};
        case cst::LoadRefusal::journal_failed: return {"jurnal gagal", "journal failed"};
        case cst::LoadRefusal::store_unavailable: return {"database gagal", "database failed"};
    }
    return {"", ""};
}

Bilingual take_back_issue_text(cst::TakeBackIssue issue) {
    switch (issue) {
        case cst::TakeBackIssue::slot_empty:
            return {"Slotnya kosong. Datanya ditandai untuk diperiksa petugas.",
                    "Its slot was empty. The record is marked for an operator check."};
        case cst::TakeBackIssue::chip_mismatch:
            return {"Kartu di slot bukan kartu yang tercatat. Kartu masuk kotak tertahan.",
                    "The card in the slot is not the recorded one. It went to the capture bin."};
        case cst::TakeBackIssue::chip_refused:
            return {"Chip kartu ditolak. Kartu masuk kotak tertahan.",
                    "The card's chip was refused. It went to the capture bin."};
        case cst::TakeBackIssue::not_taken:
            return {"Kartu tidak diambil tepat waktu. Kartu masuk kotak tertahan.",
                    "The card was not taken in time. It went to the capture bin."};
        case cst::TakeBackIssue::dispenser_fault:
            return {"Mesin kartu bermasalah. Kartu masuk kotak tertahan.",
                    "The card machine failed. The card went to the capture bin."};
        case cst::TakeBackIssue::journal_failed:
            return {"Catatan jurnal gagal disimpan. Kartu masuk kotak tertahan, tidak dikeluarkan.",
                    "A journal entry could not be saved. The card went to the capture bin, not out."};
    }
    return {"", ""};
}

Bilingual resolution_label(cst::CheckResolution resolution) {
    switch (resolution) {
        case cst::CheckResolution::taken: return {"Sudah diambil warga", "The resident has it"};
        case cst::CheckResolution::in_bin: return {"Ada di kotak tertahan", "It is in the bin"};
        case cst::CheckResolution::in_slot: return {"Ada di slotnya", "It is in its slot"};
    }
    return {"", ""};
}

Bilingual resolution_question(cst::CheckResolution resolution) {
    switch (resolution) {
        case cst::CheckResolution::taken:
            return {"Warga sudah menerima kartu ini?", "Did the resident receive this card?"};
        case cst::CheckResolution::in_bin:
            return {"Kartu ini ada di kotak tertahan?", "Is this card in the capture bin?"};
        case cst::CheckResolution::in_slot:
            return {"Kartu ini kembali ada di slotnya?", "Is this card back in its slot?"};
    }
    return {"", ""};
}

Bilingual resolution_effect(cst::CheckResolution resolution) {
    switch (resolution) {
        case cst::CheckResolution::taken:
            return {"Data menjadi sudah diambil dan slotnya dikosongkan.",
                    "The record becomes picked up and the slot is cleared."};
        case cst::CheckResolution::in_bin:
            return {"Data menjadi tertahan dan slotnya dikosongkan.",
                    "The record becomes captured and the slot is cleared."};
        case cst::CheckResolution::in_slot:
            return {"Slot kembali terisi dan kartu dapat diambil lagi.",
                    "The slot is loaded again and the card can be picked up."};
    }
    return {"", ""};
}

Bilingual journal_text(cst::CheckJournal journal) {
    switch (journal) {
        case cst::CheckJournal::pickup: return {"pengambilan", "pickup"};
        case cst::CheckJournal::load: return {"pengisian", "loading"};
    }
    return {"", ""};
}

Bilingual service_reason_text(cst::ServiceReason reason) {
    switch (reason) {
        case cst::ServiceReason::maintenance: return {"Pemeliharaan", "Maintenance"};
        case cst::ServiceReason::cleaning: return {"Pembersihan", "Cleaning"};
        case cst::ServiceReason::hardware: return {"Kerusakan", "Hardware"};
        case cst::ServiceReason::stock: return {"Stok kartu", "Card stock"};
    }
    return {"", ""};
}

Bilingual tested_device_text(cst::TestedDevice device) {
    switch (device) {
        case cst::TestedDevice::fingerprint: return {"Sidik jari", "Fingerprint"};
        case cst::TestedDevice::dispenser: return {"Mesin kartu", "Card machine"};
        case cst::TestedDevice::front_reader: return {"Pembaca depan", "Front reader"};
        case cst::TestedDevice::read_position_reader: return {"Pembaca di mesin", "Reader in the machine"};
    }
    return {"", ""};
}

Bilingual device_fault_text(core::session::DeviceFault fault) {
    using core::session::DeviceFault;
    switch (fault) {
        case DeviceFault::disconnected: return {"tidak tersambung", "not connected"};
        case DeviceFault::not_responding: return {"tidak menjawab", "not responding"};
        case DeviceFault::hardware_fault: return {"rusak", "hardware fault"};
        case DeviceFault::magazine_empty: return {"magasin kosong", "magazine empty"};
        case DeviceFault::capture_bin_full: return {"kotak tertahan penuh", "capture bin full"};
        case DeviceFault::service_door_open: return {"pintu servis terbuka", "service door open"};
        case DeviceFault::journal_unreconciled: return {"jurnal belum cocok", "journal not reconciled"};
    }
    return {"", ""};
}

std::string capture_reason_text(std::string_view code, core::Language language) {
    using core::session::CaptureReason;
    for (const CaptureReason reason : core::session::kAllCaptureReasons) {
        if (code != core::session::capture_reason_code(reason)) continue;
        Bilingual words{"", ""};
        switch (reason) {
            case CaptureReason::not_taken: words = {"tidak diambil", "not taken"}; break;
            case CaptureReason::chip_mismatch: words = {"kartu lain", "another card"}; break;
            case CaptureReason::chip_refused: words = {"chip ditolak", "chip refused"}; break;
            case CaptureReason::dispenser_fault: words = {"mesin rusak", "machine fault"}; break;
            case CaptureReason::dispenser_silent: words = {"mesin tidak menjawab", "machine silent"}; break;
            case CaptureReason::journal_failed: words = {"jurnal gagal", "journal failed"}; break;
        }
        return words.in(language);
    }
    for (const cst::LoadRefusal refusal : cst::kAllLoadRefusals) {
        if (code == cst::wire_code(refusal)) return load_refusal_short(refusal).in(language);
    }
    std::string out(code);
    for (char& c : out) {
        if (c == '_') c = ' ';
    }
    return out;
}

namespace {

std::string local_text(std::int64_t unix_s, const char* format) {
    const auto time = static_cast<std::time_t>(unix_s);
    std::tm parts{};
    if (localtime_r(&time, &parts) == nullptr) return "?";
    char text[32];
    if (std::strftime(text, sizeof text, format, &parts) == 0) return "?";
    return text;
}

}  // namespace

std::string local_time_text(std::int64_t unix_s) {
    return local_text(unix_s, "%Y-%m-%d %H:%M");
}

std::string local_date_text(std::int64_t unix_s) {
    return local_text(unix_s, "%Y-%m-%d");
}

std::string unbreakable(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (const char c : text) {
        if (c == ' ')
            out += "\xC2\xA0";
        else
            out += c;
    }
    return out;
}

std::string count_text(int count, core::Language language, const char* noun_id, const char* noun_en,
                       const char* noun_en_plural) {
    if (language == core::Language::id) return std::to_string(count) + " " + noun_id;
    if (count == 1) return std::to_string(count) + " " + noun_en;
    if (noun_en_plural != nullptr) return std::to_string(count) + " " + noun_en_plural;
    return std::to_string(count) + " " + noun_en + "s";
}

}  // namespace kiosk::ui
