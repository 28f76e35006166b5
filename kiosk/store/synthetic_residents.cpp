#include "kiosk/store/synthetic_residents.hpp"

#include "kiosk/core/civil_date.hpp"
#include "kiosk/core/nik.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/templates.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kiosk::store {
namespace {

constexpr std::array<std::string_view, 32> kFemaleNames = {
    "Siti",  "Dewi", "Sri",       "Rina",  "Putri",  "Ayu",     "Wulan",  "Indah", "Fitri",    "Nur",  "Lestari",
    "Ratna", "Yuni", "Rahmawati", "Eka",   "Intan",  "Kartika", "Maya",   "Novi",  "Puspita",  "Rini", "Sari",
    "Tuti",  "Wati", "Dian",      "Anisa", "Melati", "Nabila",  "Aisyah", "Citra", "Larasati", "Utami"};
constexpr std::array<std::string_view, 32> kMaleNames = {
    "Budi",   "Agus",   "Eko",   "Wahyu", "Joko",  "Andi",  "Rizki", "Hendra", "Dedi",   "Bambang", "Yusuf",
    "Fajar",  "Hadi",   "Irfan", "Rudi",  "Teguh", "Arif",  "Dimas", "Bayu",   "Gilang", "Iwan",    "Reza",
    "Slamet", "Taufik", "Yoga",  "Ahmad", "Fauzi", "Hasan", "Imam",  "Rahmat", "Sigit",  "Adi"};
constexpr std::array<std::string_view, 32> kFamilyNames = {
    "Santoso",  "Wijaya",  "Pratama",   "Saputra",  "Hidayat",     "Nugroho",   "Kurniawan", "Siregar",
    "Nasution", "Harahap", "Lubis",     "Hasibuan", "Simanjuntak", "Setiawan",  "Gunawan",   "Purnomo",
    "Susanto",  "Halim",   "Syahputra", "Ramadhan", "Firmansyah",  "Hakim",     "Maulana",   "Permana",
    "Rangkuti", "Daulay",  "Tanjung",   "Batubara", "Pohan",       "Sembiring", "Ginting",   "Effendi"};

// Per mille of records in each status. IN_KIOSK beyond the magazine's size becomes PRINTED.
struct StatusShare {
    core::CardStatus status;
    std::uint64_t per_mille;
};
constexpr std::array kStatusShares = {
    StatusShare{core::CardStatus::bio_captured, 30},
    StatusShare{core::CardStatus::sent_for_enrollment, 50},
    StatusShare{core::CardStatus::enroll_failure, 10},
    StatusShare{core::CardStatus::duplicate_record, 10},
    StatusShare{core::CardStatus::print_ready_record, 300},
    StatusShare{core::CardStatus::printed, 150},
    StatusShare{core::CardStatus::in_kiosk, 5},
    StatusShare{core::CardStatus::picked_up, 400},
    StatusShare{core::CardStatus::returned, 20},
    StatusShare{core::CardStatus::captured, 5},
    StatusShare{core::CardStatus::reprint_rejected, 20},
};

core::CardStatus pick_status(SplitMix64& random) {
    std::uint64_t roll = random.below(1000);
    for (const auto& share : kStatusShares) {
        if (roll < share.per_mille) return share.status;
        roll -= share.per_mille;
    }
    return core::CardStatus::picked_up;
}

bool has_card(core::CardStatus status) {
    using core::CardStatus;
    return status == CardStatus::printed || status == CardStatus::in_kiosk || status == CardStatus::picked_up ||
           status == CardStatus::returned || status == CardStatus::captured || status == CardStatus::reprint_rejected;
}

template <std::size_t N>
std::string_view pick(SplitMix64& random, const std::array<std::string_view, N>& names) {
    return names[random.below(N)];
}

class ResidentFactory {
public:
    explicit ResidentFactory(const SeedOptions& options)
        : random_(options.seed),
          region_(options.region),
          districts_(8 + options.region % 13),
          blank_stock_(static_cast<std::int64_t>(500 + SplitMix64(options.seed ^ 0xB1A4C0ULL).below(9500))) {}

    // A NIK not handed out before: the serial counts up per (kecamatan, birth date, sex) as the civil
    // registry does.
    core::Nik next_nik(bool female) {
        for (;;) {
            const int district = 1 + static_cast<int>(random_.below(static_cast<std::uint64_t>(districts_)));
            const int year = 1950 + static_cast<int>(random_.below(59));  // 1950-2008: 17 or older
            const int month = 1 + static_cast<int>(random_.below(12));
            const int day = 1 + static_cast<int>(random_.below(
                                    static_cast<std::uint64_t>(core::CivilDate::days_in_month(year, month))));
            const std::uint64_t day_field = static_cast<std::uint64_t>(day + (female ? 40 : 0));
            // The NIK's first 12 digits as a number: region, kecamatan, DD(+40) MM YY.
            const std::uint64_t prefix =
                static_cast<std::uint64_t>(region_) * std::uint64_t{100'000'000} +
                static_cast<std::uint64_t>(district) * std::uint64_t{1'000'000} + day_field * std::uint64_t{10'000} +
                static_cast<std::uint64_t>(month) * std::uint64_t{100} + static_cast<std::uint64_t>(year % 100);
            int& serial = next_serial_[prefix];
            if (serial >= 9999) continue;
            ++serial;
            // region >= 1100, so the number always has exactly 16 digits.
            const std::string digits =
                std::to_string(prefix * std::uint64_t{10'000} + static_cast<std::uint64_t>(serial));
            return core::Nik::parse(digits).value();
        }
    }

    Record next_record(std::int64_t slots) {
        const bool female = random_.below(2) == 0;
        const core::Nik nik = next_nik(female);
        std::string name(female ? pick(random_, kFemaleNames) : pick(random_, kMaleNames));
        if (random_.below(10) < 3) {
            name += ' ';
            name += female ? pick(random_, kFemaleNames) : pick(random_, kMaleNames);
        }
        name += ' ';
        name += pick(random_, kFamilyNames);

        core::CardStatus status = pick_status(random_);
        if (status == core::CardStatus::in_kiosk && in_kiosk_ >= slots) status = core::CardStatus::printed;
        const std::uint64_t priority_roll = random_.below(10);
        core::Priority priority = priority_roll < 6   ? core::Priority::first_card
                                  : priority_roll < 7 ? core::Priority::urgent_need
                                                      : core::Priority::replacement;
        if (status == core::CardStatus::reprint_rejected) priority = core::Priority::replacement;

        Record record{
            .nik = nik,
            .name = std::move(name),
            .status = status,
            .status_time_s = kSyntheticReferenceTime_s - static_cast<std::int64_t>(random_.below(3ULL * 365 * 86400)),
            .queue_position = std::nullopt,
            .office_blank_stock = std::nullopt,
            .priority = priority,
            .card_serial = std::nullopt,
            .slot = std::nullopt};
        if (status == core::CardStatus::print_ready_record) {
            record.queue_position = ++queue_length_;
            record.office_blank_stock = blank_stock_;
        }
        if (has_card(status)) {
            std::string counter = std::to_string(++cards_printed_);
            counter.insert(0, counter.size() < 9 ? 9 - counter.size() : 0, '0');
            record.card_serial = "C" + std::to_string(region_) + counter;
        }
        if (status == core::CardStatus::in_kiosk) record.slot = ++in_kiosk_;
        return record;
    }

    void fill_template(FingerTemplate& data) {
        for (std::size_t i = 0; i < data.size(); i += 8) {
            const std::uint64_t word = random_.next();
            for (std::size_t b = 0; b < 8; ++b) data[i + b] = static_cast<std::uint8_t>(word >> (8 * b));
        }
    }

    [[nodiscard]] std::int64_t queue_length() const { return queue_length_; }
    [[nodiscard]] std::int64_t in_kiosk() const { return in_kiosk_; }

private:
    SplitMix64 random_;
    int region_;
    int districts_;
    std::int64_t blank_stock_;
    std::int64_t queue_length_ = 0;
    std::int64_t cards_printed_ = 0;
    std::int64_t in_kiosk_ = 0;
    std::unordered_map<std::uint64_t, int> next_serial_;  // by the NIK's first 12 digits
};

}  // namespace

Result<SeedSummary> seed_synthetic_residents(Database& database, const SeedOptions& options) {
    constexpr const char* where = "store.seed";
    const int province = options.region / 100;
    if (options.region < 1000 || options.region > 9999 || !core::is_province_code(province) ||
        options.region % 100 == 0) {
        return fail(where, "region " + std::to_string(options.region) +
                               " is not a province + kabupaten/kota code (4 digits, e.g. 1403)");
    }
    if (options.records < 0) return fail(where, "the number of records cannot be negative");
    if (options.slots < 0 || options.slots > 9999) return fail(where, "slots must be 0-9999");
    if (options.batch_records <= 0) return fail(where, "batch_records must be positive");
    const std::int64_t existing = TRY(database.query_int("SELECT count(*) FROM records", where));
    if (existing != 0) {
        return fail(where, "the database already holds " + std::to_string(existing) +
                               " records; synthetic residents go into an empty database only");
    }

    // Residents are generated first and inserted in NIK order: appending to the b-trees instead of
    // inserting at random places keeps each batch's dirty pages few, several times faster at 1 M.
    ResidentFactory factory(options);
    std::vector<Record> residents;
    residents.reserve(static_cast<std::size_t>(options.records));
    for (std::int64_t i = 0; i < options.records; ++i) residents.push_back(factory.next_record(options.slots));
    std::sort(residents.begin(), residents.end(), [](const Record& a, const Record& b) { return a.nik < b.nik; });

    Records records(database);
    Templates templates(database);
    Slots slots(database);
    FingerTemplate data{};
    std::size_t done = 0;
    while (done < residents.size()) {
        auto transaction = TRY(Transaction::begin(database, TransactionKind::immediate, where));
        const std::size_t batch_end =
            std::min(residents.size(), done + static_cast<std::size_t>(options.batch_records));
        for (; done < batch_end; ++done) {
            const Record& record = residents[done];
            TRY(records.upsert(record));
            for (Finger finger : {Finger::first, Finger::second}) {
                factory.fill_template(data);
                TRY(templates.put(record.nik, finger, data));
            }
            if (record.slot) {
                TRY(records.set_slot(record.nik, record.slot));
                TRY(slots.load(*record.slot, *record.card_serial, record.nik, record.status_time_s));
            }
        }
        TRY(transaction.commit());
    }
    return SeedSummary{options.records, factory.queue_length(), factory.in_kiosk()};
}

}  // namespace kiosk::store
