#include "tests/system/staff_world.hpp"

#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/sim/card_factory.hpp"
#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "kiosk/store/capture_bin.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/staff.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/templates.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace kiosk::testing {

namespace {

constexpr std::int64_t kDay_s = 86'400;
constexpr int kForgedAt = 3;        // the feed's 4th card
constexpr int kNoRecordAt = 9;      // its 10th
constexpr int kWrongStatusAt = 14;  // its 15th

Error world_error(const std::string& what) {
    return Error{"staff.world", what};
}

// Synthetic NIKs of Jakarta Pusat, kecamatan 02 (the soak's residents live in 01): person i gets a
// birth date from i and serial 0001.
Result<core::Nik> synthetic_nik(int i) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "317102%02d%02d85%04d", i % 28 + 1, i / 28 % 12 + 1, 1);
    auto nik = core::Nik::parse(digits);
    if (!nik) return fail(world_error("synthetic NIK refused for person " + std::to_string(i)));
    return *nik;
}

store::FingerTemplate stored_template(std::uint32_t finger) {
    const auto enrolled = fingerprint::sim::template_for_finger(finger);
    store::FingerTemplate bytes{};
    std::copy(enrolled.begin(), enrolled.end(), bytes.begin());
    return bytes;
}

cardreader::sim::CardSpec card_spec(const soak::Resident& who, const std::string& name) {
    cardreader::sim::CardSpec spec;
    spec.biodata.nik = std::string(who.nik.digits());
    spec.biodata.name = name;
    spec.biodata.place_of_birth = "JAKARTA";
    spec.biodata.date_of_birth = "19850101";
    spec.biodata.sex = "P";
    spec.biodata.serial = who.card_serial;
    spec.biodata.date_of_issue = "20260101";
    spec.biodata.region = "3171";
    return spec;
}

store::Record record_of(const soak::Resident& who, core::CardStatus status, std::int64_t now_s) {
    return store::Record{.nik = who.nik,
                         .name = "Warga Staf Uji",
                         .status = status,
                         .status_time_s = now_s,
                         .queue_position = std::nullopt,
                         .office_blank_stock = std::nullopt,
                         .priority = core::Priority::first_card,
                         .card_serial = who.card_serial,
                         .slot = std::nullopt};
}

}  // namespace

const char* refusal_code(FeedExpect expect) {
    switch (expect) {
        case FeedExpect::load: return "";
        case FeedExpect::forged: return "forged";
        case FeedExpect::no_record: return "no_record";
        case FeedExpect::wrong_status: return "wrong_status";
    }
    return "";
}

Result<StaffWorld> create_staff_world(const StaffWorldOptions& options) {
    if (options.expired > options.in_kiosk || options.in_kiosk > options.magazine_slots ||
        options.printed + 3 <= kWrongStatusAt) {
        return fail(world_error("inconsistent options"));
    }
    soak::WorldOptions soak_options;
    soak_options.dir = options.dir;
    soak_options.residents = options.in_kiosk;
    soak_options.issuer_key_path = options.issuer_key_path;
    soak_options.take_timeout_s = options.take_timeout_s;
    StaffWorld w;
    w.world = TRY(soak::create_world(soak_options));
    w.magazine_slots = options.magazine_slots;
    const auto issuer = TRY(cardreader::EcPrivateKey::from_pem_file(options.issuer_key_path));
    const auto& dir = w.world.dir;
    for (const auto& resident : w.world.residents) w.cards.insert_or_assign(resident.card_file, resident);
    for (int i = 0; i < options.in_kiosk; ++i)
        (i < options.expired ? w.expired : w.current).push_back(w.world.residents[static_cast<std::size_t>(i)]);

    // The cards: printed ones to load, with the three refused ones among them, and the bin's.
    int person = 0;
    auto new_card = [&](const std::string& stem, cardreader::sim::Tampering tampering) -> Result<soak::Resident> {
        const int n = ++person;
        auto nik = TRY(synthetic_nik(n));
        soak::Resident who{nik, 0, (dir / (stem + "-" + std::to_string(n) + ".card.toml")).string(),
                           "STAFF-" + stem + "-" + std::to_string(n)};
        auto spec = card_spec(who, "Warga Staf Uji");
        spec.tampering = tampering;
        const auto image = TRY(cardreader::sim::make_card(spec, issuer));
        TRY(cardreader::sim::save_card_file(image, who.card_file));
        w.cards.insert_or_assign(who.card_file, who);
        return who;
    };
    const int feed_size = options.printed + 3;
    for (int i = 0; i < feed_size; ++i) {
        FeedExpect expect = FeedExpect::load;
        if (i == kForgedAt)
            expect = FeedExpect::forged;
        else if (i == kNoRecordAt)
            expect = FeedExpect::no_record;
        else if (i == kWrongStatusAt)
            expect = FeedExpect::wrong_status;
        const auto tampering =
            expect == FeedExpect::forged ? cardreader::sim::Tampering::forge : cardreader::sim::Tampering::none;
        auto card = TRY(new_card(expect == FeedExpect::load ? "printed" : refusal_code(expect), tampering));
        w.feed.push_back(FedCardSpec{std::move(card), expect});
    }
    for (int i = 0; i < options.captured; ++i)
        w.in_bin.push_back(TRY(new_card("captured", cardreader::sim::Tampering::none)));

    // The staff card.
    w.staff = StaffCardSpec{"S-SYS-01", "STAFFSYS01", "135790", (dir / "staff.card.toml").string(),
                            (dir / "front-card.ctl").string()};
    {
        auto nik = TRY(synthetic_nik(200));
        soak::Resident holder{nik, 0, w.staff.card_file, w.staff.card_serial};
        auto spec = card_spec(holder, "PETUGAS UJI");
        spec.biodata.role = cardreader::CardRole::staff;
        spec.pin = w.staff.pin;
        const auto image = TRY(cardreader::sim::make_card(spec, issuer));
        TRY(cardreader::sim::save_card_file(image, w.staff.card_file));
    }

    // The database, in one transaction.
    const std::int64_t now_s =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    {
        auto db = TRY(store::open_store(w.world.database, {}));
        auto transaction = TRY(store::Transaction::begin(db, store::TransactionKind::immediate, "staff.world"));
        store::Records records(db);
        store::Slots slots(db);
        store::Templates templates(db);
        const auto right = stored_template(soak::kEnrolledFinger);
        for (const auto& late : w.expired) TRY(slots.load(late.slot, late.card_serial, late.nik, now_s - 60 * kDay_s));
        for (int slot = options.in_kiosk + 1; slot <= options.magazine_slots; ++slot) TRY(slots.clear(slot));
        for (const auto& fed : w.feed) {
            if (fed.expect == FeedExpect::no_record) continue;
            const auto status = fed.expect == FeedExpect::wrong_status ? core::CardStatus::print_ready_record
                                                                       : core::CardStatus::printed;
            TRY(records.upsert(record_of(fed.card, status, now_s)));
            TRY(templates.put(fed.card.nik, store::Finger::first, right));
        }
        store::CaptureBin bin(db);
        for (const auto& captured : w.in_bin) {
            TRY(records.upsert(record_of(captured, core::CardStatus::captured, now_s - kDay_s)));
            TRY(bin.record(captured.card_serial, captured.nik, "not_taken", now_s - kDay_s));
        }
        TRY(store::Staff(db).upsert(store::StaffMember{w.staff.staff_id, "Petugas Uji", w.staff.card_serial,
                                                       core::staff::StaffRole::supervisor, true}));
        TRY(transaction.commit());
    }

    // The dispenser: the soak's cards in their slots, the rest of the magazine empty, the bin's cards.
    auto machine = TRY(dispenser::sim::load_state(w.world.dispenser_state));
    machine.slots.resize(static_cast<std::size_t>(options.magazine_slots));
    for (const auto& captured : w.in_bin) machine.bin_cards.push_back(captured.card_file);
    machine.bin_counter = static_cast<int>(w.in_bin.size());
    TRY(dispenser::sim::save_state_atomically(w.world.dispenser_state, machine));
    return w;
}

}  // namespace kiosk::testing
