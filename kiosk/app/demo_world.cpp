#include "kiosk/app/demo_world.hpp"

#include "drivers/cardreader/pcsc_context.hpp"
#include "drivers/cardreader/sim/card_factory.hpp"
#include "drivers/cardreader/sim/card_image.hpp"
#include "drivers/dispenser/sim/mechanism_state.hpp"
#include "drivers/dispenser/sim/vpcd_antenna.hpp"
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "kiosk/app/session_inbox.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/staff.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/synthetic_residents.hpp"
#include "kiosk/store/templates.hpp"

#include <cstdlib>
#include <cstring>

namespace kiosk::app {

namespace {

constexpr int kDemoSlot = 1;
constexpr int kDemoMagazineSlots = 50;
constexpr const char* kDemoCardSerial = "DEMO0000001";
constexpr std::uint32_t kRightFinger = 1;  // enrolled as the residents' first finger
constexpr std::uint32_t kWrongFinger = 7;  // enrolled for nobody
constexpr std::uint16_t kTapPort = 35963;  // vpcd slot 0: "Virtual PCD 00 00", the front reader
constexpr const char* kReadPositionAntenna = "127.0.0.1:35964";

struct DemoRecord {
    const char* role;
    const char* nik;
    const char* name;
    core::CardStatus status;
};

// Synthetic people; the NIKs are plausible (region 3171, birth dates, serials) but invented.
constexpr DemoRecord kDemoRecords[] = {
    {"in_kiosk", "3171014101900001", "Siti Rahayu", core::CardStatus::in_kiosk},
    {"print_ready", "3171011502850002", "Budi Santoso", core::CardStatus::print_ready_record},
    {"picked_up", "3171012003950003", "Dewi Lestari", core::CardStatus::picked_up},
    {"reprint_rejected", "3171015507800004", "Agus Pratama", core::CardStatus::reprint_rejected},
    // Printed this morning at the office, for staff to load (staff mode's restock).
    {"printed", "3171016208920005", "Rina Kusuma", core::CardStatus::printed},
    {"printed", "3171012511880006", "Hendra Wijaya", core::CardStatus::printed},
    {"printed", "3171014703010007", "Putri Anggraini", core::CardStatus::printed},
};
constexpr std::size_t kFirstPrinted = 4;  // kDemoRecords' printed residents start here

Error demo_error(const std::string& what) { return Error{"demo", what}; }

bool vpcd_readers_listed() {
    auto context = cardreader::PcscContext::establish();
    if (!context) return false;
    auto readers = (*context)->list_readers();
    if (!readers) return false;
    bool front = false;
    bool read_position = false;
    for (const auto& name : *readers) {
        front = front || name.find("Virtual PCD 00 00") != std::string::npos;
        read_position = read_position || name.find("Virtual PCD 00 01") != std::string::npos;
    }
    return front && read_position;
}

// The printed demo cards' serials, by their place among the printed residents.
std::string printed_serial(std::size_t index) { return "DEMOPRN000" + std::to_string(index + 1); }

Result<std::string> write_card(const std::filesystem::path& path, const DemoRecord& who,
                               const cardreader::EcPrivateKey& issuer, cardreader::sim::Tampering tampering,
                               const std::string& serial = kDemoCardSerial) {
    cardreader::sim::CardSpec spec;
    spec.biodata.nik = who.nik;
    spec.biodata.name = who.name;
    spec.biodata.place_of_birth = "JAKARTA";
    spec.biodata.date_of_birth = "19900101";
    spec.biodata.sex = "P";
    spec.biodata.serial = serial;
    spec.biodata.date_of_issue = "20260101";
    spec.biodata.region = "3171";
    spec.tampering = tampering;
    const auto image = TRY(cardreader::sim::make_card(spec, issuer));
    TRY(cardreader::sim::save_card_file(image, path.string()));
    return path.string();
}

}  // namespace

const std::vector<DemoResident>& demo_residents() {
    static const std::vector<DemoResident> residents = [] {
        std::vector<DemoResident> out;
        for (const auto& r : kDemoRecords) out.push_back({r.role, r.nik});
        return out;
    }();
    return residents;
}

Result<std::unique_ptr<DemoWorld>> DemoWorld::create(const DemoOptions& options) {
    std::unique_ptr<DemoWorld> world(new DemoWorld());
    TRY(world->build(options));
    return world;
}

DemoWorld::~DemoWorld() {
    tap_card_.reset();
    dispenser_.reset();
    if (fingerprint_) fingerprint_->stop();
    if (fingerprint_thread_.joinable()) fingerprint_thread_.join();
    fingerprint_.reset();
    fingerprint_pty_.reset();
    if (!dir_.empty() && remove_dir_) {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
}

Status DemoWorld::build(const DemoOptions& options) {
    if (!options.directory.empty()) {
        std::error_code error;
        std::filesystem::create_directories(options.directory, error);
        if (error || !std::filesystem::is_empty(options.directory, error)) {
            return fail(demo_error("--demo-dir " + options.directory + " must be a new or empty directory"));
        }
        dir_ = std::filesystem::absolute(options.directory);
        remove_dir_ = false;
    } else {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ktp-kiosk-demo-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) return fail(demo_error("cannot make a temporary directory in " + pattern));
        dir_ = pattern;
    }

    // The configuration: the documented defaults, with the demo's places.
    config_ = TRY(parse_config(documented_default_config(), "kiosk.toml (embedded)", ""));
    config_.kiosk.id = "kiosk-demo";
    config_.kiosk.database_path = (dir_ / "kiosk.db").string();
    config_.kiosk.data_dir = dir_.string();
    config_.display.fullscreen = false;
    config_.fingerprint.device = DeviceSpec{};
    config_.dispenser.device = DeviceSpec{};

    const auto issuer = TRY(cardreader::EcPrivateKey::from_pem_file(options.issuer_key_path));
    const std::string issuer_public = (dir_ / "TEST-ONLY-issuer.pub.pem").string();
    {
        std::FILE* out = std::fopen(issuer_public.c_str(), "w");
        if (!out) return fail(demo_error("cannot write " + issuer_public));
        const std::string pem = issuer.public_key().to_pem();
        const bool written = std::fwrite(pem.data(), 1, pem.size(), out) == pem.size();
        if (std::fclose(out) != 0 || !written) return fail(demo_error("cannot write " + issuer_public));
    }
    config_.cardreader.issuer_public_key = issuer_public;

    // The database: synthetic residents (none in the dispenser), then the fixed demo residents.
    {
        auto db = TRY(store::open_store(config_.kiosk.database_path, {}));
        store::SeedOptions seed;
        seed.records = options.synthetic_residents;
        seed.slots = 0;  // the magazine holds only the demo resident's card
        TRY(store::seed_synthetic_residents(db, seed));
        store::Records records(db);
        store::Templates templates(db);
        const auto right = fingerprint::sim::template_for_finger(kRightFinger);
        const auto second = fingerprint::sim::template_for_finger(2);
        store::FingerTemplate first_bytes{};
        store::FingerTemplate second_bytes{};
        std::copy(right.begin(), right.end(), first_bytes.begin());
        std::copy(second.begin(), second.end(), second_bytes.begin());
        const std::int64_t now_s = store::kSyntheticReferenceTime_s;
        for (const auto& who : kDemoRecords) {
            auto nik = core::Nik::parse(who.nik);
            if (!nik) return fail(demo_error(std::string("demo resident ") + who.role + ": NIK refused"));
            store::Record record{.nik = *nik,
                                 .name = who.name,
                                 .status = who.status,
                                 .status_time_s = now_s,
                                 .queue_position = std::nullopt,
                                 .office_blank_stock = std::nullopt,
                                 .priority = core::Priority::first_card,
                                 .card_serial = std::nullopt,
                                 .slot = std::nullopt};
            if (who.status == core::CardStatus::print_ready_record) {
                record.queue_position = 1834;
                record.office_blank_stock = 350;
            }
            if (who.status == core::CardStatus::in_kiosk || who.status == core::CardStatus::picked_up) {
                record.card_serial = kDemoCardSerial;
            }
            if (who.status == core::CardStatus::printed) {
                record.card_serial = printed_serial(static_cast<std::size_t>(&who - kDemoRecords) - kFirstPrinted);
            }
            TRY(records.upsert(record));
            TRY(templates.put(*nik, store::Finger::first, first_bytes));
            TRY(templates.put(*nik, store::Finger::second, second_bytes));
            if (who.status == core::CardStatus::in_kiosk) {
                TRY(records.set_slot(*nik, kDemoSlot));
                // Loaded as the demo starts, so that its pickup deadline lies ahead.
                const std::int64_t loaded_at_s =
                    std::chrono::duration_cast<std::chrono::seconds>(wall_now().time_since_epoch()).count();
                TRY(store::Slots(db).load(kDemoSlot, kDemoCardSerial, *nik, loaded_at_s));
            }
        }
        // The office's staff member who services the kiosk in the demo (synthetic).
        TRY(store::Staff(db).upsert(store::StaffMember{kDemoStaffId, "Petugas Demo", kDemoStaffCardSerial,
                                                       core::staff::StaffRole::supervisor, true}));
        // The rest of the simulated magazine, empty: the store knows every slot the dispenser has.
        auto magazine = TRY(store::Transaction::begin(db, store::TransactionKind::immediate, "demo.magazine"));
        for (int slot = 1; slot <= kDemoMagazineSlots; ++slot)
            if (slot != kDemoSlot) TRY(store::Slots(db).clear(slot));
        TRY(magazine.commit());
    }

    // Demo cards: the IN_KIOSK resident's card (in slot 1, and the same card to tap), and a forged one.
    tap_card_path_ = TRY(write_card(dir_ / "in-kiosk.card.toml", kDemoRecords[0], issuer, cardreader::sim::Tampering::none));
    wrong_card_path_ = TRY(write_card(dir_ / "forged.card.toml", kDemoRecords[1], issuer, cardreader::sim::Tampering::forge));
    for (std::size_t i = kFirstPrinted; i < std::size(kDemoRecords); ++i) {
        const std::string name = "printed-" + std::to_string(i - kFirstPrinted + 1) + ".card.toml";
        printed_card_paths_.push_back(TRY(write_card(dir_ / name, kDemoRecords[i], issuer,
                                                     cardreader::sim::Tampering::none, printed_serial(i - kFirstPrinted))));
    }
    {
        cardreader::sim::CardSpec staff;
        staff.biodata.nik = "3171010101800099";  // synthetic
        staff.biodata.name = "PETUGAS DEMO";
        staff.biodata.place_of_birth = "JAKARTA";
        staff.biodata.date_of_birth = "19800101";
        staff.biodata.sex = "L";
        staff.biodata.serial = kDemoStaffCardSerial;
        staff.biodata.date_of_issue = "20260101";
        staff.biodata.region = "3171";
        staff.biodata.role = cardreader::CardRole::staff;
        staff.pin = kDemoStaffPin;
        const auto image = TRY(cardreader::sim::make_card(staff, issuer));
        staff_card_path_ = (dir_ / "staff.card.toml").string();
        TRY(cardreader::sim::save_card_file(image, staff_card_path_));
    }

    pcsc_available_ = vpcd_readers_listed();

    // The fingerprint sensor: the module simulated on a pty, served from its own thread.
    serial::LinkSettings fp_link;
    fp_link.baud = config_.fingerprint.baud;
    auto pty = serial::PtyPair::create(fp_link, (dir_ / "fingerprint.tty").string());
    if (!pty) return fail(demo_error("fingerprint pty: " + pty.error().to_string()));
    fingerprint_pty_.emplace(std::move(pty.value()));
    fingerprint::sim::SimulatorOptions fp_options;
    fp_options.capture_ms = 300;  // a finger on the glass takes a moment to image, as on an R307
    fingerprint_ = std::make_unique<fingerprint::sim::Simulator>(fingerprint_pty_->master(), fp_options);
    fingerprint_thread_ = std::thread([sim = fingerprint_.get()] { (void)sim->run(); });

    // The dispenser: slot 1 holds the demo resident's card; its read position is vpcd slot 1.
    dispenser::sim::MechanismState magazine = dispenser::sim::empty_mechanism(kDemoMagazineSlots);
    magazine.slots[static_cast<std::size_t>(core::device_position(kDemoSlot))] = tap_card_path_;
    const std::string state_path = (dir_ / "dispenser.state").string();
    TRY(dispenser::sim::save_state_atomically(state_path, magazine));
    dispenser::sim::SimulatorOptions dispenser_options;
    dispenser_options.pty_path = (dir_ / "dispenser.tty").string();
    dispenser_options.link.baud = config_.dispenser.baud;
    dispenser_options.state_path = state_path;
    dispenser_options.timings.move_ms = 600;
    // Its control socket (kiosk-sim-dispenser's line protocol): faults, a full bin, an open door,
    // injected from outside the way a test or a demonstration needs them.
    dispenser_options.control_path = (dir_ / "dispenser.ctl").string();
    if (pcsc_available_) {
        dispenser_options.antenna = TRY(dispenser::sim::VpcdAntenna::start(kReadPositionAntenna));
    }
    dispenser_ = TRY(dispenser::sim::Simulator::start(std::move(dispenser_options)));

    // The card a visitor taps at the front reader (demo controls).
    if (pcsc_available_) {
        tap_card_ = TRY(cardreader::sim::VpcdCard::start("127.0.0.1", kTapPort, std::nullopt));
    }
    return {};
}

void DemoWorld::act(ui::DemoIntent intent) {
    switch (intent) {
        case ui::DemoIntent::place_right_finger: fingerprint_->place_finger(kRightFinger); break;
        case ui::DemoIntent::place_wrong_finger: fingerprint_->place_finger(kWrongFinger); break;
        case ui::DemoIntent::lift_finger: fingerprint_->lift_finger(); break;
        case ui::DemoIntent::take_card: (void)dispenser_->model().take(); break;
        case ui::DemoIntent::insert_printed_card: {
            // The next printed card, round and round: a card refused (or taken back out) can be fed again.
            if (printed_card_paths_.empty()) break;
            (void)dispenser_->model().insert(printed_card_paths_[next_printed_ % printed_card_paths_.size()]);
            ++next_printed_;
            break;
        }
        case ui::DemoIntent::staff_card: {
            if (!tap_card_) break;
            if (staff_card_on_) {
                tap_card_->remove();
                staff_card_on_ = false;
            } else if (auto image = cardreader::sim::load_card_file(staff_card_path_)) {
                tap_card_->insert(std::move(image.value()));
                staff_card_on_ = true;
            }
            break;
        }
        case ui::DemoIntent::tap_demo_card:
        case ui::DemoIntent::tap_wrong_card: {
            if (!tap_card_) break;  // no pcscd: NIK-only
            auto image = cardreader::sim::load_card_file(intent == ui::DemoIntent::tap_demo_card ? tap_card_path_
                                                                                                  : wrong_card_path_);
            if (image) tap_card_->insert(std::move(image.value()));  // replaces the card in the field
            staff_card_on_ = false;
            break;
        }
    }
}

}  // namespace kiosk::app
