// MechanismState: where every card in the simulated dispenser is (magazine slots, transport, capture
// bin), and its persistence. The state file is replaced atomically (temporary file, fsync, rename,
// fsync of the directory), so a simulator killed at any instant leaves either the old or the new
// state, never a torn one; the parser still checks the file end to end and refuses anything else.
#pragma once

#include "kiosk/core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace kiosk::dispenser::sim {

// Where the card in the transport is. `in_transport` is a card between positions: in motion, or
// stuck there after a jam or a power cut in mid-move.
enum class CardPlace { none, in_transport, read_position, mouth_held, mouth_presented };

[[nodiscard]] const char* to_string(CardPlace place);

struct MechanismState {
    std::vector<std::string> slots;  // per slot: the card file path, or empty when the slot is empty
    CardPlace place = CardPlace::none;
    std::string transport_card;  // the card file path of the card at `place`
    int bin_counter = 0;         // 0..999, as the device reports it (A5 30)
    bool bin_full = false;
    std::vector<std::string> bin_cards;  // every card in the bin, oldest first
    // Every card a person took from the mouth, oldest first: cards that left the machine. Saved in the
    // same atomic replacement as the take itself, so after a power cut the file says whether a card
    // was handed out (and how often: a card listed twice was handed out twice).
    std::vector<std::string> taken_cards;

    [[nodiscard]] int occupied_slots() const;
    // Every card the machine holds anywhere (slots, transport, bin; not the cards taken): the
    // invariant the kill test checks.
    [[nodiscard]] std::vector<std::string> all_cards() const;
    friend bool operator==(const MechanismState&, const MechanismState&) = default;
};

[[nodiscard]] MechanismState empty_mechanism(int slot_count);

[[nodiscard]] std::string serialize_state(const MechanismState& state);
[[nodiscard]] Result<MechanismState> parse_state(std::string_view text);

// A card path may be stored if it is non-empty and has no control characters (one path per line).
[[nodiscard]] bool storable_card_path(std::string_view path);

Status save_state_atomically(const std::string& path, const MechanismState& state);
Result<MechanismState> load_state(const std::string& path);

}  // namespace kiosk::dispenser::sim
