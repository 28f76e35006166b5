// The biodata file (EF 0101): template 61 holding the tags of shared/protocols/card.md.
//
// Biodata is personal data: there is deliberately no to_string or stream operator, and parse errors
// name the tag and problem, never the value.
#pragma once

#include "drivers/cardreader/apdu.hpp"
#include "kiosk/core/result.hpp"

#include <string>

namespace kiosk::cardreader {

enum class CardRole { resident, staff };

struct Biodata {
    std::string nik;                     // 5F01, 16 ASCII digits
    std::string name;                    // 5F02, UTF-8
    std::string place_of_birth;          // 5F03
    std::string date_of_birth;           // 5F04, YYYYMMDD
    std::string sex;                     // 5F05, "L" or "P"
    std::string serial;                  // 5F06
    std::string date_of_issue;           // 5F07, YYYYMMDD
    std::string region;                  // 5F08, 4 ASCII digits
    CardRole role = CardRole::resident;  // 5F10, 'R' (default) or 'S'

    friend bool operator==(const Biodata&, const Biodata&) = default;
};

// Format check of a NIK as the card carries it: exactly 16 ASCII digits.
[[nodiscard]] bool is_wellformed_nik(std::string_view nik);

// Parses EF 0101. Requires template 61 with a well-formed NIK; optional fields may be absent but,
// when present, must have their format. Unknown tags inside 61 are ignored (later profile versions).
[[nodiscard]] Result<Biodata> parse_biodata(std::span<const std::uint8_t> file);

// Encodes EF 0101 (for the card simulator and `kioskctl card make`); empty fields are left out.
[[nodiscard]] Bytes encode_biodata(const Biodata& biodata);

}  // namespace kiosk::cardreader
