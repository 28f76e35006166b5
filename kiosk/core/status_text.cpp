#include "kiosk/core/status_text.hpp"

#include <utility>

namespace kiosk::core {
namespace {

// A text in both languages. Templates name their placeholders: {counter} (which counter to go to),
// {office} (the office that holds the card), {n} (a number). fill() replaces the ones it is given and
// leaves any other in place, so a test that looks for '{' catches a catalogue mistake.
struct Bilingual {
    std::string_view id;
    std::string_view en;
    [[nodiscard]] std::string_view in(Language language) const { return language == Language::id ? id : en; }
};

struct StatusTemplate {
    Bilingual title;
    Bilingual explanation;
    Bilingual next_step;
};

std::string fill(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string>> values) {
    std::string out;
    out.reserve(text.size() + 32);
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '{') {
            const std::size_t close = text.find('}', i);
            if (close != std::string_view::npos) {
                const std::string_view name = text.substr(i + 1, close - i - 1);
                bool replaced = false;
                for (const auto& [key, value] : values) {
                    if (key == name) {
                        out += value;
                        replaced = true;
                        break;
                    }
                }
                if (replaced) {
                    i = close + 1;
                    continue;
                }
            }
        }
        out += text[i];
        ++i;
    }
    return out;
}

// Statuses in the order of the CardStatus enum.
constexpr StatusTemplate kStatusTexts[] = {
    // bio_captured
    {{"Data Anda sudah direkam", "Your details have been recorded"},
     {"Foto, sidik jari, dan mata Anda sudah direkam. Data Anda belum dikirim ke pusat untuk diperiksa.",
      "Your photo, fingerprints and eyes have been recorded. Your record has not yet been sent to the "
      "central office to be checked."},
     {"Anda tidak perlu melakukan apa-apa. Silakan cek lagi di sini beberapa hari lagi.",
      "You do not need to do anything. Please check again here in a few days."}},
    // sent_for_enrollment
    {{"Data Anda sedang diperiksa", "Your record is being checked"},
     {"Data Anda sudah dikirim ke pusat. Di sana data diperiksa supaya setiap orang hanya punya satu NIK dan "
      "satu KTP.",
      "Your record has been sent to the central office. It is checked there so that every person has only "
      "one NIK and one card."},
     {"Anda tidak perlu melakukan apa-apa. Silakan cek lagi di sini beberapa hari lagi.",
      "You do not need to do anything. Please check again here in a few days."}},
    // enroll_failure
    {{"Perekaman perlu diulang", "Your recording must be done again"},
     {"Pusat tidak dapat memproses rekaman Anda, misalnya karena foto atau sidik jari kurang jelas. Ini bukan "
      "kesalahan Anda.",
      "The central office could not process your recording, for example because the photo or fingerprints "
      "were not clear enough. This is not your fault."},
     {"Silakan datang ke {counter} untuk rekam ulang. Bawa Kartu Keluarga (KK).",
      "Please go to {counter} to be recorded again. Bring your family card (Kartu Keluarga)."}},
    // duplicate_record
    {{"Data Anda perlu diperiksa petugas", "Staff need to check your record"},
     {"Sistem menemukan data lain yang mirip dengan data Anda, misalnya karena Anda pernah direkam dengan NIK "
      "lain. KTP belum dapat dicetak sampai hal ini selesai.",
      "The system found another record that looks like yours, for example because you were recorded before "
      "with another NIK. Your card cannot be printed until this is sorted out."},
     {"Silakan datang ke {counter}. Bawa Kartu Keluarga (KK) dan KTP lama jika ada.",
      "Please go to {counter}. Bring your family card (Kartu Keluarga) and your old KTP if you have one."}},
    // print_ready_record: the explanation is composed from the facts in print_ready_explanation().
    {{"Data Anda sudah siap cetak", "Your record is ready to print"},
     {"Data Anda sudah lengkap dan benar. KTP Anda menunggu giliran dicetak. Blangko (kartu kosong) untuk "
      "mencetak KTP sedang terbatas, jadi KTP dicetak bergiliran.",
      "Your record is complete and correct. Your card is waiting its turn to be printed. Blank cards for "
      "printing are in short supply, so cards are printed in turn."},
     {"Tunggu SMS dari kantor, atau cek lagi di sini beberapa hari lagi. Anda tidak perlu antre di loket.",
      "Wait for a text message (SMS) from the office, or check again here in a few days. You do not need to "
      "queue at a counter."}},
    // printed
    {{"KTP Anda sudah dicetak", "Your card has been printed"},
     {"KTP Anda sudah dicetak dan ada di {office}. Kartu belum dimasukkan ke mesin ini.",
      "Your card has been printed and is at {office}. It is not in this machine yet."},
     {"Anda dapat mengambilnya di {counter}. Atau cek lagi di sini besok: mungkin kartu sudah dimasukkan ke "
      "mesin ini.",
      "You can collect it at {counter}. Or check again here tomorrow: the card may have been put into this "
      "machine by then."}},
    // in_kiosk
    {{"KTP Anda ada di mesin ini", "Your card is in this machine"},
     {"KTP Anda sudah siap dan dapat Anda ambil dari mesin ini sekarang.",
      "Your card is ready and you can take it from this machine now."},
     {"Ikuti petunjuk di layar. Ambil kartu segera setelah keluar dari mesin.",
      "Follow the steps on the screen. Take the card as soon as it comes out of the machine."}},
    // picked_up
    {{"KTP Anda sudah diambil", "Your card has been collected"},
     {"Catatan kami menunjukkan KTP Anda sudah diambil.", "Our records show that your card has been collected."},
     {"Jika Anda tidak mengambilnya sendiri, atau kartu Anda hilang, silakan tanya di {counter}.",
      "If you did not collect it yourself, or your card is lost, please ask at {counter}."}},
    // returned
    {{"KTP Anda disimpan di kantor", "Your card is kept at the office"},
     {"KTP Anda tidak diambil dari mesin sebelum batas waktu, jadi dibawa kembali ke {office}. Kartu Anda aman.",
      "Your card was not collected from the machine in time, so it was taken back to {office}. Your card is "
      "safe."},
     {"Silakan ambil di {counter}.", "Please collect it at {counter}."}},
    // captured
    {{"KTP Anda disimpan oleh mesin", "The machine has kept your card"},
     {"Kartu sudah keluar tetapi tidak diambil, jadi mesin menariknya kembali dan menyimpannya dengan aman.",
      "The card came out but was not taken, so the machine pulled it back in and is keeping it safe."},
     {"Silakan tanya petugas di {counter}. Petugas akan memberikan kartu Anda.",
      "Please ask the staff at {counter}. They will give you your card."}},
    // reprint_rejected
    {{"KTP tidak dapat dicetak ulang", "Your card cannot be printed again"},
     {"Anda meminta KTP pengganti, tetapi KTP untuk NIK Anda sudah pernah dicetak. Untuk saat ini sistem tidak "
      "mengizinkan cetak ulang.",
      "You asked for a new card, but a card has already been printed for your NIK. For now the system does "
      "not allow printing it again."},
     {"Silakan minta surat keterangan (suket) di {counter}. Suket dapat Anda pakai sebagai pengganti KTP.",
      "Please ask for a certificate (surat keterangan, or suket) at {counter}. You can use the suket in place "
      "of your card."}},
};
static_assert(std::size(kStatusTexts) == kAllCardStatuses.size(), "one text per status");

std::string counter_phrase(Language language, const StatusFacts& facts) {
    if (facts.counter_name && !facts.counter_name->empty())
        return (language == Language::id ? "loket " : "counter ") + *facts.counter_name;
    return language == Language::id ? "loket pelayanan" : "the service counter";
}

std::string office_phrase(Language language, const StatusFacts& facts) {
    if (facts.office_name && !facts.office_name->empty()) return *facts.office_name;
    return language == Language::id ? "kantor Dinas Kependudukan" : "the population office";
}

// The sentence about the request's category, for PRR.
std::string_view priority_sentence(Priority priority, Language language) {
    switch (priority) {
        case Priority::first_card:
            return language == Language::id ? "Permohonan Anda adalah kartu pertama, jadi dicetak lebih dulu."
                                            : "Yours is a first card, so it is printed before others.";
        case Priority::urgent_need:
            return language == Language::id
                       ? "Permohonan Anda tercatat sebagai kebutuhan mendesak, jadi dicetak lebih dulu."
                       : "Your request is recorded as an urgent need, so it is printed before others.";
        case Priority::replacement:
            return language == Language::id
                       ? "Permohonan Anda adalah kartu pengganti. Kartu pertama dan kebutuhan mendesak dicetak "
                         "lebih dulu, jadi Anda mungkin menunggu lebih lama."
                       : "Yours is a replacement card. First cards and urgent needs are printed first, so you "
                         "may wait longer.";
    }
    return {};
}

std::string print_ready_explanation(Language language, const StatusFacts& facts) {
    const bool id = language == Language::id;
    std::string text(kStatusTexts[static_cast<std::size_t>(CardStatus::print_ready_record)].explanation.in(language));
    const std::string office = facts.office_name && !facts.office_name->empty()
                                   ? *facts.office_name
                                   : std::string(id ? "kantor ini" : "this office");
    if (facts.office_blank_stock) {
        const std::uint32_t stock = *facts.office_blank_stock;
        if (stock == 0)
            text += fill(id ? " Saat ini blangko di {office} habis. Pencetakan dilanjutkan setelah blangko baru datang."
                            : " Right now {office} has no blank cards left. Printing will go on when new blanks "
                              "arrive.",
                         {{"office", office}});
        else
            text += fill(id ? " Sisa blangko di {office}: {n} kartu." : " Blank cards left at {office}: {n}.",
                         {{"office", office}, {"n", format_count(stock, language)}});
    }
    if (facts.queue_position) {
        const std::uint32_t position = *facts.queue_position;
        if (position <= 1)
            text += id ? " KTP Anda berada di urutan pertama antrean cetak." : " Your card is next in the print queue.";
        else
            text += fill(id ? " KTP Anda berada di urutan ke-{n} antrean cetak."
                            : " Your card is number {n} in the print queue.",
                         {{"n", format_count(position, language)}});
        // With both facts the resident can be told whether the blanks at hand reach their turn.
        if (facts.office_blank_stock && *facts.office_blank_stock > 0) {
            if (position <= *facts.office_blank_stock)
                text += id ? " Blangko yang ada cukup untuk giliran Anda." : " There are enough blanks for your turn.";
            else
                text += id ? " Blangko yang ada belum cukup untuk giliran Anda, jadi Anda perlu menunggu kiriman "
                             "blangko berikutnya."
                           : " The blanks at hand do not reach your turn yet, so you will need to wait for the next "
                             "delivery of blanks.";
        }
    }
    if (facts.priority) {
        text += ' ';
        text += priority_sentence(*facts.priority, language);
    }
    return text;
}

}  // namespace

std::string format_count(std::uint32_t count, Language language) {
    const std::string digits = std::to_string(count);
    const char separator = language == Language::id ? '.' : ',';
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
        out += digits[i];
    }
    return out;
}

StatusMessage status_message(CardStatus status, Language language, const StatusFacts& facts) {
    const StatusTemplate& texts = kStatusTexts[static_cast<std::size_t>(status)];
    const std::string counter = counter_phrase(language, facts);
    const std::string office = office_phrase(language, facts);
    StatusMessage message;
    message.title = std::string(texts.title.in(language));
    message.explanation = status == CardStatus::print_ready_record
                              ? print_ready_explanation(language, facts)
                              : fill(texts.explanation.in(language), {{"counter", counter}, {"office", office}});
    message.next_step = fill(texts.next_step.in(language), {{"counter", counter}, {"office", office}});
    return message;
}

PriorityText priority_text(Priority priority, Language language) {
    const bool id = language == Language::id;
    switch (priority) {
        case Priority::first_card:
            return id ? PriorityText{"Kartu pertama",
                                     "Untuk yang baru pertama kali punya KTP, misalnya baru berusia 17 tahun. "
                                     "Dicetak lebih dulu."}
                      : PriorityText{"First card",
                                     "For people getting their first card, for example at 17. Printed first."};
        case Priority::urgent_need:
            return id ? PriorityText{"Kebutuhan mendesak",
                                     "Untuk keperluan mendesak seperti berobat atau mendaftar sekolah. Dicetak "
                                     "lebih dulu."}
                      : PriorityText{"Urgent need",
                                     "For urgent needs such as health care or school enrolment. Printed first."};
        case Priority::replacement:
            return id ? PriorityText{"Kartu pengganti",
                                     "Untuk mengganti kartu yang rusak, hilang, atau datanya berubah. Dicetak "
                                     "setelah kartu pertama dan kebutuhan mendesak."}
                      : PriorityText{"Replacement card",
                                     "For a card that is damaged, lost or has changed details. Printed after "
                                     "first cards and urgent needs."};
    }
    return {};
}

std::string nik_problem_hint(const NikError& error, Language language) {
    const bool id = language == Language::id;
    // Plausibility problems are warnings: the number may be right even where its digits look wrong.
    const std::string_view check_again = id ? " Periksa lagi nomor Anda. Jika sudah sama dengan KTP atau KK, Anda "
                                              "tetap dapat melanjutkan."
                                            : " Please check your number. If it matches your KTP or family card, "
                                              "you can still go on.";
    const std::string typed = std::to_string(error.digit_count);
    switch (error.problem) {
        case NikProblem::empty:
            return id ? "Silakan ketik 16 angka NIK Anda. NIK ada di KTP atau Kartu Keluarga (KK)."
                      : "Please type the 16 digits of your NIK. You can find it on your KTP or family card (KK).";
        case NikProblem::invalid_character:
            return id ? "NIK hanya berisi angka. Hapus huruf atau tanda lain."
                      : "A NIK has only digits. Please remove any letters or other marks.";
        case NikProblem::misplaced_separator:
            return id ? "Ada spasi atau tanda strip di tempat yang salah. Cukup ketik 16 angka saja."
                      : "There is a space or dash in the wrong place. Just type the 16 digits.";
        case NikProblem::too_short:
            return fill(id ? "Nomor NIK harus 16 angka. Anda baru mengetik {n}."
                           : "A NIK has 16 digits. You have typed {n} so far.",
                        {{"n", typed}});
        case NikProblem::too_long:
            return fill(id ? "Nomor NIK harus 16 angka. Anda mengetik {n}. Hapus angka yang lebih."
                           : "A NIK has 16 digits. You typed {n}. Please delete the extra digits.",
                        {{"n", typed}});
        case NikProblem::unknown_province:
            return std::string(id ? "Dua angka pertama tidak cocok dengan kode provinsi mana pun."
                                  : "The first two digits do not match any province.") +
                   std::string(check_again);
        case NikProblem::regency_zero:
            return std::string(id ? "Angka ke-3 dan ke-4 tidak boleh 00." : "Digits 3 and 4 cannot be 00.") +
                   std::string(check_again);
        case NikProblem::district_zero:
            return std::string(id ? "Angka ke-5 dan ke-6 tidak boleh 00." : "Digits 5 and 6 cannot be 00.") +
                   std::string(check_again);
        case NikProblem::day_out_of_range:
            return std::string(id ? "Angka ke-7 dan ke-8 (tanggal lahir) tampaknya salah."
                                  : "Digits 7 and 8 (day of birth) look wrong.") +
                   std::string(check_again);
        case NikProblem::month_out_of_range:
            return std::string(id ? "Angka ke-9 dan ke-10 (bulan lahir) harus 01 sampai 12."
                                  : "Digits 9 and 10 (month of birth) must be 01 to 12.") +
                   std::string(check_again);
        case NikProblem::day_not_in_month:
            return std::string(id ? "Angka ke-7 sampai ke-12 bukan tanggal lahir yang ada."
                                  : "Digits 7 to 12 are not a real date of birth.") +
                   std::string(check_again);
        case NikProblem::serial_zero:
            return std::string(id ? "Empat angka terakhir tidak boleh 0000." : "The last four digits cannot be 0000.") +
                   std::string(check_again);
    }
    return {};
}

}  // namespace kiosk::core
