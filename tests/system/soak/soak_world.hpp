// A world for the power-cut soak: one kiosk's kept directory with a small database of residents
// whose cards are all in the dispenser (each an IN_KIOSK record with its own slot, a distinct card
// serial, the simulator's finger 1 enrolled), a signed card file per resident (TEST-ONLY issuer key),
// the dispenser simulator's state file with every card in its slot, and the kiosk's configuration
// naming the devices' ptys in the same directory.
//
// A world for the load soak (staff restock) has, instead or as well, printed cards waiting outside
// the kiosk (each a PRINTED record naming its card's serial, and the signed card file), a few
// stranger cards (signed, but with no record: the kiosk must send them back out), free slots in the
// magazine (EMPTY in the store, empty in the simulator), and a staff member in the roster with their
// staff card (role staff, a PIN) to tap on the front reader.
//
// The soak builds a new world when the residents of the last one have all been served, or the
// staff member has no card left to feed.
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::soak {

struct Resident {
    core::Nik nik;          // synthetic; print only nik.masked_ascii()
    int slot = 0;           // the store's slot number, from 1 (the simulator's index: core::device_position);
                            // 0 for a card outside the kiosk (printed, or a stranger)
    std::string card_file;  // the card's file, as the simulator's state names it
    std::string card_serial;
};

struct StaffOnSite {
    std::string staff_id;
    std::string pin;
    std::string card_file;  // a staff-role card (kiosk-sim-card's file format)
    std::string card_serial;
};

struct World {
    int number = 0;  // 1 for the soak's first world
    std::filesystem::path dir;
    std::string database;
    std::string dispenser_state;
    std::string dispenser_pty;
    std::string dispenser_control;
    std::string fingerprint_pty;
    std::string fingerprint_control;
    std::string config;  // kiosk.toml
    std::vector<Resident> residents;
    // The load soak's: cards outside the kiosk, and the staff member who loads them.
    std::vector<Resident> printed;    // a PRINTED record each, naming the card's serial
    std::vector<Resident> strangers;  // no record: refused at the read position (no_record)
    StaffOnSite staff;                // its card_file empty when the world has no printed cards
    int slots = 0;                    // the magazine's slots (store and simulator alike)
};

struct WorldOptions {
    std::filesystem::path dir;  // created; must not exist yet
    int number = 1;
    int residents = 24;
    std::string issuer_key_path;  // the TEST-ONLY issuer's private key (PEM)
    int take_timeout_s = 10;      // [session] pickup_take_timeout_s: a card not taken is captured after it
    int printed = 0;              // printed cards outside the kiosk (with a staff member to load them)
    int strangers = 0;            // cards with no record, fed among the printed ones
    int free_slots = 0;           // empty slots after the residents' (at least `printed` for a load world)
};

[[nodiscard]] Result<World> create_world(const WorldOptions& options);

// The finger every resident of a world enrolled (the fingerprint simulator's finger numbering).
inline constexpr int kEnrolledFinger = 1;

}  // namespace kiosk::soak
