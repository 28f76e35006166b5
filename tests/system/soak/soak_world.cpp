#include "tests/system/soak/soak_world.hpp"

#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/sim/card_factory.hpp"
#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
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

}  // namespace

Result<World> create_world(const WorldOptions& options) {
    std::error_code error;
    if (fs::exists(options.dir, error)) return fail(world_error(options.dir.string() + " exists already"));
    fs::create_directories(options.dir, error);
    if (error) return fail(world_error("cannot create " + options.dir.string() + ": " + error.message()));
    if (options.residents < 1 || options.residents > 28 * 12) return fail(world_error("residents must be 1-336"));

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

    const auto issuer = TRY(cardreader::EcPrivateKey::from_pem_file(options.issuer_key_path));
    const std::string issuer_public = (world.dir / "TEST-ONLY-issuer.pub.pem").string();
    TRY(write_text(issuer_public, issuer.public_key().to_pem()));
    TRY(write_text(world.config, kiosk_toml(world, issuer_public, options.take_timeout_s)));

    // The cards, each in its own file.
    for (int i = 0; i < options.residents; ++i) {
        const std::string digits = synthetic_nik(options.number, i);
        auto nik = core::Nik::parse(digits);
        if (!nik) return fail(world_error("synthetic NIK refused for resident " + std::to_string(i + 1)));
        Resident resident{*nik, i + 1, (world.dir / ("card-" + std::to_string(i + 1) + ".card.toml")).string(),
                          "SOAK" + std::to_string(options.number) + "-" + std::to_string(i + 1)};
        cardreader::sim::CardSpec spec;
        spec.biodata.nik = digits;
        spec.biodata.name = "Warga Uji " + std::to_string(i + 1);
        spec.biodata.place_of_birth = "JAKARTA";
        spec.biodata.date_of_birth = "19900101";
        spec.biodata.sex = "L";
        spec.biodata.serial = resident.card_serial;
        spec.biodata.date_of_issue = "20260101";
        spec.biodata.region = kRegion;
        const auto image = TRY(cardreader::sim::make_card(spec, issuer));
        TRY(cardreader::sim::save_card_file(image, resident.card_file));
        world.residents.push_back(std::move(resident));
    }

    // The database: the residents, their templates, their slots, in one transaction.
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
            TRY(records.upsert(store::Record{.nik = resident.nik,
                                             .name = "Warga Uji " + std::to_string(resident.slot),
                                             .status = core::CardStatus::in_kiosk,
                                             .status_time_s = now_s,
                                             .queue_position = std::nullopt,
                                             .office_blank_stock = std::nullopt,
                                             .priority = core::Priority::first_card,
                                             .card_serial = resident.card_serial,
                                             .slot = std::nullopt}));
            TRY(templates.put(resident.nik, store::Finger::first, right));
            TRY(records.set_slot(resident.nik, resident.slot));
            TRY(slots.load(resident.slot, resident.card_serial, resident.nik, now_s));
        }
        TRY(transaction.commit());
    }

    // The dispenser: every card in its slot, the transport and the bin empty.
    auto magazine = dispenser::sim::empty_mechanism(options.residents);
    for (const auto& resident : world.residents)
        magazine.slots[static_cast<std::size_t>(core::device_position(resident.slot))] = resident.card_file;
    TRY(dispenser::sim::save_state_atomically(world.dispenser_state, magazine));
    return world;
}

}  // namespace kiosk::soak
