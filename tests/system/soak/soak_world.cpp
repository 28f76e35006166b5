#include "tests/system/soak/soak_world.hpp"

#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/sim/card_factory.hpp"
#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/staff.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/templates.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace kiosk::soak {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRegion = "3171";
constexpr const char* kStaffPin = "246810";  // the staff member's (synthetic) PIN

Error world_error(const std::string& what) {
    return Error{"soak.world", what};
}

// A plausible synthetic NIK of Jakarta Pusat (3171), kecamatan 01: resident i of world w gets a
// birth date from i and the serial w, so NIKs differ within a world and across worlds.
std::string synthetic_nik(int world, int i) {
    char digits[32];
    const int day = i % 28 + 1;
    const int month = i / 28 % 12 + 1;
    std::snprintf(digits, sizeof digits, "%s01%02d%02d90%04d", kRegion, day, month, world % 9999 + 1);
    return digits;
}

store::FingerTemplate stored_template(std::uint32_t finger) {
    const auto enrolled = fingerprint::sim::template_for_finger(finger);
    store::FingerTemplate bytes{};
    std::copy(enrolled.begin(), enrolled.end(), bytes.begin());
    return bytes;
}

Status write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return fail(world_error("cannot write " + path.string()));
    return {};
}

// The kiosk's configuration: every key not named here takes its documented default.
std::string kiosk_toml(const World& world, const std::string& issuer_public, int take_timeout_s) {
    std::ostringstream toml;
    toml << "[kiosk]\nid = \"kiosk-soak\"\ndatabase_path = \"" << world.database << "\"\ndata_dir = \""
         << world.dir.string() << "\"\n"
         << "[display]\nwidth_px = 1280\nheight_px = 800\ndiagonal_mm = 257\nfullscreen = true\n"
         << "[session]\npickup_take_timeout_s = " << take_timeout_s << "\n"
         << "[fingerprint]\ndevice = \"" << world.fingerprint_pty << "\"\nbaud = 115200\n"
         << "[dispenser]\ndevice = \"" << world.dispenser_pty << "\"\nbaud = 115200\n"
         << "[cardreader]\nissuer_public_key = \"" << issuer_public
         << "\"\n"
         // No TLS files: the management interface stays off (the soak watches the files instead).
         << "[mgmt]\ntls_cert = \"" << (world.dir / "no-mgmt.crt").string() << "\"\ntls_key = \""
         << (world.dir / "no-mgmt.key").string() << "\"\nclient_ca = \"" << (world.dir / "no-ca.crt").string()
         << "\"\n";
    return toml.str();
}

// A card for `world`'s person number `i` (the NIK's birth date) with its own serial, signed by the
// TEST-ONLY issuer and saved as its file; a staff card when `pin` is given.
Result<Resident> make_person_card(const World& world, int i, int slot, const std::string& serial,
                                  const std::string& file_stem, const cardreader::EcPrivateKey& issuer,
                                  const std::string& pin = {}) {
    const std::string digits = synthetic_nik(world.number, i);
    auto nik = core::Nik::parse(digits);
    if (!nik) return fail(world_error("synthetic NIK refused for person " + std::to_string(i + 1)));
    Resident person{*nik, slot, (world.dir / (file_stem + ".card.toml")).string(), serial};
    cardreader::sim::CardSpec spec;
    spec.biodata.nik = digits;
    spec.biodata.name = (pin.empty() ? "Warga Uji " : "Petugas Uji ") + std::to_string(i + 1);
    spec.biodata.place_of_birth = "JAKARTA";
    spec.biodata.date_of_birth = "19900101";
    spec.biodata.sex = "L";
    spec.biodata.serial = serial;
    spec.biodata.date_of_issue = "20260101";
    spec.biodata.region = kRegion;
    if (!pin.empty()) {
        spec.biodata.role = cardreader::CardRole::staff;
        spec.pin = pin;
    }
    const auto image = TRY(cardreader::sim::make_card(spec, issuer));
    TRY(cardreader::sim::save_card_file(image, person.card_file));
    return person;
}

store::Record record_of(const Resident& person, core::CardStatus status, std::int64_t now_s) {
    return store::Record{.nik = person.nik,
                         .name = "Warga Uji",
                         .status = status,
                         .status_time_s = now_s,
                         .queue_position = std::nullopt,
                         .office_blank_stock = std::nullopt,
                         .priority = core::Priority::first_card,
                         .card_serial = person.card_serial,
                         .slot = std::nullopt};
}

}  // namespace

Result<World> create_world(const WorldOptions& options) {
    std::error_code error;
    if (fs::exists(options.dir, error)) return fail(world_error(options.dir.string() + " exists already"));
    fs::create_directories(options.dir, error);
    if (error) return fail(world_error("cannot create " + options.dir.string() + ": " + error.message()));
    const int people = options.residents + options.printed + options.strangers + (options.printed > 0 ? 1 : 0);
    if (options.residents < 0 || options.printed < 0 || options.strangers < 0 || options.free_slots < 0 ||
        people < 1 || people > 28 * 12) {
        return fail(world_error("residents, printed cards, strangers and the staff member must be 1-336 people"));
    }
    if (options.free_slots < options.printed) return fail(world_error("fewer free slots than printed cards"));

    World world;
    world.number = options.number;
    world.dir = fs::absolute(options.dir);
    world.database = (world.dir / "kiosk.db").string();
    world.dispenser_state = (world.dir / "dispenser.state").string();
    world.dispenser_pty = (world.dir / "dispenser.tty").string();
    world.dispenser_control = (world.dir / "dispenser.ctl").string();
    world.fingerprint_pty = (world.dir / "fingerprint.tty").string();
    world.fingerprint_control = (world.dir / "fingerprint.ctl").string();
    world.config = (world.dir / "kiosk.toml").string();
    world.slots = std::max(1, options.residents + options.free_slots);

    const auto issuer = TRY(cardreader::EcPrivateKey::from_pem_file(options.issuer_key_path));
    const std::string issuer_public = (world.dir / "TEST-ONLY-issuer.pub.pem").string();
    TRY(write_text(issuer_public, issuer.public_key().to_pem()));
    TRY(write_text(world.config, kiosk_toml(world, issuer_public, options.take_timeout_s)));

    // The cards, each in its own file: residents (in the magazine), printed cards, strangers, the
    // staff card, each person with a NIK of their own.
    const std::string world_tag = std::to_string(options.number);
    int person = 0;
    for (int i = 0; i < options.residents; ++i, ++person) {
        world.residents.push_back(TRY(make_person_card(world, person, i + 1, "SOAK" + world_tag + "-" + std::to_string(i + 1),
                                                       "card-" + std::to_string(i + 1), issuer)));
    }
    for (int i = 0; i < options.printed; ++i, ++person) {
        world.printed.push_back(TRY(make_person_card(world, person, 0, "LOAD" + world_tag + "-" + std::to_string(i + 1),
                                                     "printed-" + std::to_string(i + 1), issuer)));
    }
    for (int i = 0; i < options.strangers; ++i, ++person) {
        world.strangers.push_back(TRY(make_person_card(world, person, 0,
                                                       "STRANGER" + world_tag + "-" + std::to_string(i + 1),
                                                       "stranger-" + std::to_string(i + 1), issuer)));
    }
    if (options.printed > 0) {
        const auto staff = TRY(make_person_card(world, person, 0, "STAFF" + world_tag, "staff", issuer, kStaffPin));
        world.staff = StaffOnSite{"S-SOAK-" + world_tag, kStaffPin, staff.card_file, staff.card_serial};
    }

    // The database: the residents, their templates, their slots, the printed records, the staff
    // member, every other slot EMPTY, in one transaction.
    {
        auto db = TRY(store::open_store(world.database, {}));
        const std::int64_t now_s =
            std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        const auto right = stored_template(kEnrolledFinger);
        auto transaction = TRY(store::Transaction::begin(db, store::TransactionKind::immediate, "soak.world"));
        store::Records records(db);
        store::Templates templates(db);
        store::Slots slots(db);
        for (const auto& resident : world.residents) {
            auto record = record_of(resident, core::CardStatus::in_kiosk, now_s);
            record.name = "Warga Uji " + std::to_string(resident.slot);
            TRY(records.upsert(record));
            TRY(templates.put(resident.nik, store::Finger::first, right));
            TRY(records.set_slot(resident.nik, resident.slot));
            TRY(slots.load(resident.slot, resident.card_serial, resident.nik, now_s));
        }
        for (const auto& printed : world.printed) {
            TRY(records.upsert(record_of(printed, core::CardStatus::printed, now_s)));
            TRY(templates.put(printed.nik, store::Finger::first, right));
        }
        for (int slot = options.residents + 1; slot <= world.slots; ++slot) TRY(slots.clear(slot));
        if (!world.staff.card_file.empty()) {
            TRY(store::Staff(db).upsert(store::StaffMember{world.staff.staff_id, "Petugas Uji", world.staff.card_serial,
                                                           core::staff::StaffRole::operator_, true}));
        }
        TRY(transaction.commit());
    }

    // The dispenser: every resident's card in its slot, the other slots, the transport and the bin empty.
    auto magazine = dispenser::sim::empty_mechanism(world.slots);
    for (const auto& resident : world.residents)
        magazine.slots[static_cast<std::size_t>(core::device_position(resident.slot))] = resident.card_file;
    TRY(dispenser::sim::save_state_atomically(world.dispenser_state, magazine));
    return world;
}

}  // namespace kiosk::soak
