// A world for the staff-mode system test: a soak world (soak_world.hpp: the kept directory, database,
// dispenser state, kiosk.toml, the residents whose cards are in the magazine) grown into an office's
// morning:
//
//   - the magazine has `magazine_slots` slots; the soak's residents hold slots 1..in_kiosk, and the
//     first `expired` of them were loaded 60 days ago, past any pickup deadline (staff take them back);
//   - `printed` cards printed this morning, PRINTED records with their serials and the enrolled
//     finger (so a resident can collect one once it is loaded), not in the machine;
//   - three cards the kiosk must refuse at the mouth: one forged (biodata changed after signing; its
//     record is PRINTED, so only the signature stops it), one signed card with no record, and one
//     whose record is PRINT_READY_RECORD (not PRINTED);
//   - `captured` cards in the capture bin (records CAPTURED, the kiosk's bin list, the simulator's
//     bin and counter);
//   - one active staff member (SUPERVISOR) and their staff card with a PIN.
//
// Every card is a file signed with the TEST-ONLY issuer key. NIKs are synthetic; print them masked.
#pragma once

#include "kiosk/core/nik.hpp"
#include "kiosk/core/result.hpp"
#include "tests/system/soak/soak_world.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::testing {

// What the kiosk must make of a card fed into the mouth.
enum class FeedExpect { load, forged, no_record, wrong_status };
[[nodiscard]] const char* refusal_code(FeedExpect expect);  // "forged", "no_record", "wrong_status"; "" for load

struct FedCardSpec {
    soak::Resident card;  // slot 0: in no slot yet
    FeedExpect expect = FeedExpect::load;
};

struct StaffCardSpec {
    std::string staff_id;
    std::string card_serial;
    std::string pin;
    std::string card_file;
    std::string control;  // kiosk-sim-card's control socket for it
};

struct StaffWorld {
    soak::World world;
    int magazine_slots = 0;
    std::vector<soak::Resident> expired;  // among world.residents: past their pickup deadline
    std::vector<soak::Resident> current;  // among world.residents: within it
    std::vector<FedCardSpec> feed;        // in the order they are fed into the mouth
    std::vector<soak::Resident> in_bin;   // slot 0; their cards are in the capture bin
    StaffCardSpec staff;
    // Every card file of the world -> its card (serial, NIK), for reading the simulator's state.
    std::map<std::string, soak::Resident> cards;
};

struct StaffWorldOptions {
    std::filesystem::path dir;  // created; must not exist yet
    std::string issuer_key_path;
    int magazine_slots = 30;
    int in_kiosk = 3;
    int expired = 2;   // of in_kiosk
    int printed = 17;  // loadable cards; the three refused ones come on top
    int captured = 2;
    int take_timeout_s = 10;
};

[[nodiscard]] Result<StaffWorld> create_staff_world(const StaffWorldOptions& options);

}  // namespace kiosk::testing
