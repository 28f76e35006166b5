#include "drivers/cardreader/biodata.hpp"

#include "drivers/cardreader/tlv.hpp"

#include <algorithm>

namespace kiosk::cardreader {

namespace {

bool all_digits(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string as_text(const Tlv& tlv) {
    return std::string(tlv.value.begin(), tlv.value.end());
}

void append_field(Bytes& out, std::uint32_t tag, const std::string& value) {
    if (value.empty()) return;
    const Bytes field = encode_tlv(tag, std::span(reinterpret_cast<const std::uint8_t*>(value.data()), value.size()));
    out.insert(out.end(), field.begin(), field.end());
}

}  // namespace

bool is_wellformed_nik(std::string_view nik) {
    return nik.size() == 16 && all_digits(nik);
}

Result<Biodata> parse_biodata(std::span<const std::uint8_t> file) {
    const auto parsed = TRY(parse_tlv(file));
    if (parsed.size() != 1 || parsed.front().tag != 0x61)
        return fail("card.biodata", "file is not a single template 61");
    const Tlv& root = parsed.front();
    Biodata bio;
    const auto text = [&](std::uint32_t tag) -> std::string {
        const Tlv* field = root.find(tag);
        return field ? as_text(*field) : std::string();
    };
    bio.nik = text(0x5F01);
    if (!is_wellformed_nik(bio.nik)) return fail("card.biodata", "tag 5F01 is not 16 digits");
    bio.name = text(0x5F02);
    bio.place_of_birth = text(0x5F03);
    bio.date_of_birth = text(0x5F04);
    bio.sex = text(0x5F05);
    bio.serial = text(0x5F06);
    bio.date_of_issue = text(0x5F07);
    bio.region = text(0x5F08);
    for (const auto& [tag, value] : {std::pair{"5F04", &bio.date_of_birth}, std::pair{"5F07", &bio.date_of_issue}})
        if (!value->empty() && (value->size() != 8 || !all_digits(*value)))
            return fail("card.biodata", std::string("tag ") + tag + " is not YYYYMMDD");
    if (!bio.sex.empty() && bio.sex != "L" && bio.sex != "P")
        return fail("card.biodata", "tag 5F05 is neither L nor P");
    if (!bio.region.empty() && (bio.region.size() != 4 || !all_digits(bio.region)))
        return fail("card.biodata", "tag 5F08 is not 4 digits");
    const std::string role = text(0x5F10);
    if (role.empty() || role == "R") {
        bio.role = CardRole::resident;
    } else if (role == "S") {
        bio.role = CardRole::staff;
    } else {
        return fail("card.biodata", "tag 5F10 is neither R nor S");
    }
    return bio;
}

Bytes encode_biodata(const Biodata& bio) {
    Bytes inner;
    append_field(inner, 0x5F01, bio.nik);
    append_field(inner, 0x5F02, bio.name);
    append_field(inner, 0x5F03, bio.place_of_birth);
    append_field(inner, 0x5F04, bio.date_of_birth);
    append_field(inner, 0x5F05, bio.sex);
    append_field(inner, 0x5F06, bio.serial);
    append_field(inner, 0x5F07, bio.date_of_issue);
    append_field(inner, 0x5F08, bio.region);
    append_field(inner, 0x5F10, bio.role == CardRole::staff ? "S" : "R");
    return encode_tlv(0x61, inner);
}

}  // namespace kiosk::cardreader
