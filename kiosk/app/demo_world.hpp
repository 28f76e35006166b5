// DemoWorld: everything `kiosk --demo` needs that a real installation has in the lobby: a demo
// database in a temporary directory (2,000 synthetic residents plus four fixed demo residents with
// documented synthetic NIKs), the fingerprint sensor and the dispenser simulated in-process on
// pseudo-terminals (the kiosk opens their paths through the real drivers, as it would real ports),
// demo cards signed with the TEST-ONLY issuer key of tests/data/cards, the dispenser's read-position
// antenna and a tappable card on vsmartcard-vpcd when pcscd with vpcd is reachable.
//
// Demo controls act here (place_right_finger = finger 1, the demo residents' enrolled finger;
// place_wrong_finger = finger 7; take_card = a hand at the dispenser's mouth).
//
// Thread safety: create/act/destroy from the UI thread; the simulators run their own threads.
#pragma once

#include "drivers/cardreader/sim/vpcd_card.hpp"
#include "drivers/dispenser/sim/simulator.hpp"
#include "drivers/fingerprint/sim/simulator.hpp"
#include "drivers/serial/pty_pair.hpp"
#include "kiosk/app/config/config.hpp"
#include "kiosk/ui/ui_action.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace kiosk::app {

struct DemoResident {
    std::string role;  // "in_kiosk", "print_ready", "picked_up", "reprint_rejected"
    std::string nik;   // synthetic
};

// The fixed demo residents (documented in the README): synthetic NIKs of Jakarta Pusat (3171).
[[nodiscard]] const std::vector<DemoResident>& demo_residents();

// The demo's staff member: the staff card on the DEMO strip ("Kartu petugas / Staff card") opens
// staff mode with this PIN (printed at start; synthetic, the demo's own).
inline constexpr const char* kDemoStaffId = "S-DEMO-01";
inline constexpr const char* kDemoStaffCardSerial = "STAFFDEMO01";
inline constexpr const char* kDemoStaffPin = "246810";

struct DemoOptions {
    std::string issuer_key_path;  // the TEST-ONLY issuer private key (PEM)
    std::int64_t synthetic_residents = 2000;
    // Empty: a temporary directory, removed at exit. Otherwise a directory that must not exist yet
    // (or be empty); it is kept, so the database can be inspected afterwards.
    std::string directory;
};

class DemoWorld {
public:
    static Result<std::unique_ptr<DemoWorld>> create(const DemoOptions& options);
    ~DemoWorld();  // stops the simulators and removes the temporary directory
    DemoWorld(const DemoWorld&) = delete;
    DemoWorld& operator=(const DemoWorld&) = delete;

    // The configuration the demo kiosk runs on: the embedded defaults with the demo database, a
    // window instead of full screen, both serial devices simulated, the TEST-ONLY issuer public key.
    [[nodiscard]] const Config& config() const { return config_; }
    [[nodiscard]] const std::string& fingerprint_port() const { return fingerprint_pty_->device_path(); }
    [[nodiscard]] const std::string& dispenser_port() const { return dispenser_->device_path(); }
    [[nodiscard]] const std::filesystem::path& directory() const { return dir_; }
    // pcscd with the vpcd readers answered at start: cards can be tapped and read at the dispenser.
    [[nodiscard]] bool pcsc_available() const { return pcsc_available_; }

    void act(ui::DemoIntent intent);

private:
    DemoWorld() = default;
    Status build(const DemoOptions& options);

    std::filesystem::path dir_;
    bool remove_dir_ = true;
    Config config_;
    bool pcsc_available_ = false;
    std::string tap_card_path_;
    std::string wrong_card_path_;
    std::string staff_card_path_;
    bool staff_card_on_ = false;  // the staff card is on the front reader
    std::vector<std::string> printed_card_paths_;  // the printed residents' cards, to load
    std::size_t next_printed_ = 0;
    std::optional<serial::PtyPair> fingerprint_pty_;
    std::unique_ptr<fingerprint::sim::Simulator> fingerprint_;
    std::thread fingerprint_thread_;
    std::unique_ptr<dispenser::sim::Simulator> dispenser_;
    std::unique_ptr<cardreader::sim::VpcdCard> tap_card_;
};

}  // namespace kiosk::app
