// Fuzzes the card profile's BER-TLV parser and the biodata decoder with arbitrary card bytes.
// Properties: no crash or out-of-bounds read; every primitive TLV found re-encodes to something that
// parses back to the same tag and value; a parsed biodata re-encodes to an equal biodata.
#include "drivers/cardreader/biodata.hpp"
#include "drivers/cardreader/tlv.hpp"
#include "kiosk/core/assert.hpp"

#include <cstdint>
#include <span>

using namespace kiosk::cardreader;

namespace {

void check_round_trip(const std::vector<Tlv>& items) {
    for (const Tlv& item : items) {
        if (item.constructed()) {
            check_round_trip(item.children);
            continue;
        }
        const Bytes encoded = encode_tlv(item.tag, item.value);
        auto again = parse_tlv(encoded);
        VERIFY_MSG(again && again->size() == 1 && again->front().tag == item.tag && again->front().value == item.value,
                   "a primitive TLV does not survive encode/parse");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> input(data, size);
    if (auto items = parse_tlv(input)) check_round_trip(*items);
    if (auto biodata = parse_biodata(input)) {
        auto again = parse_biodata(encode_biodata(*biodata));
        VERIFY_MSG(again && *again == *biodata, "biodata does not survive encode/parse");
    }
    return 0;
}
