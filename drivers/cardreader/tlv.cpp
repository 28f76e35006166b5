#include "drivers/cardreader/tlv.hpp"

namespace kiosk::cardreader {

namespace {

// True when the tag's first byte has the constructed bit (b6).
bool tag_is_constructed(std::uint32_t tag) {
    std::uint32_t first = tag;
    while (first > 0xFF) first >>= 8;
    return (first & 0x20U) != 0;
}

Result<std::vector<Tlv>> parse_level(std::span<const std::uint8_t> data, std::size_t base, int depth) {
    if (depth > kMaxTlvDepth) return fail("card.tlv", "nesting deeper than " + std::to_string(kMaxTlvDepth));
    std::vector<Tlv> items;
    std::size_t pos = 0;
    const auto error = [&](const std::string& what) {
        return fail("card.tlv", what + " at offset " + std::to_string(base + pos));
    };
    while (pos < data.size()) {
        // Tag: one byte, or 0x1F-marked first byte followed by bytes with b8 as "more follows".
        std::uint32_t tag = data[pos++];
        if ((tag & 0x1FU) == 0x1FU) {
            int extra = 0;
            while (true) {
                if (pos >= data.size()) return error("truncated tag");
                if (++extra > 2) return error("tag longer than three bytes");
                const std::uint8_t next = data[pos++];
                tag = (tag << 8) | next;
                if ((next & 0x80U) == 0) break;
            }
        }
        if (pos >= data.size()) return error("missing length");
        std::size_t length = data[pos++];
        if (length == 0x80) return error("indefinite length");
        if (length > 0x80) {
            const std::size_t count = length & 0x7FU;
            if (count > 3) return error("length field longer than three bytes");
            if (data.size() - pos < count) return error("truncated length");
            length = 0;
            for (std::size_t i = 0; i < count; ++i) length = (length << 8) | data[pos++];
        }
        if (data.size() - pos < length) return error("value runs past the end");
        Tlv item;
        item.tag = tag;
        item.value.assign(data.begin() + static_cast<std::ptrdiff_t>(pos),
                          data.begin() + static_cast<std::ptrdiff_t>(pos + length));
        if (tag_is_constructed(tag)) {
            item.children = TRY(parse_level(std::span(data).subspan(pos, length), base + pos, depth + 1));
        }
        pos += length;
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace

bool Tlv::constructed() const {
    return tag_is_constructed(tag);
}

const Tlv* Tlv::find(std::uint32_t child_tag) const {
    for (const Tlv& child : children)
        if (child.tag == child_tag) return &child;
    return nullptr;
}

Result<std::vector<Tlv>> parse_tlv(std::span<const std::uint8_t> data) {
    return parse_level(data, 0, 0);
}

Bytes encode_tlv(std::uint32_t tag, std::span<const std::uint8_t> value) {
    Bytes out;
    if (tag > 0xFFFF) out.push_back(static_cast<std::uint8_t>(tag >> 16));
    if (tag > 0xFF) out.push_back(static_cast<std::uint8_t>((tag >> 8) & 0xFF));
    out.push_back(static_cast<std::uint8_t>(tag & 0xFF));
    const std::size_t length = value.size();
    if (length < 0x80) {
        out.push_back(static_cast<std::uint8_t>(length));
    } else if (length <= 0xFF) {
        out.push_back(0x81);
        out.push_back(static_cast<std::uint8_t>(length));
    } else if (length <= 0xFFFF) {
        out.push_back(0x82);
        out.push_back(static_cast<std::uint8_t>(length >> 8));
        out.push_back(static_cast<std::uint8_t>(length & 0xFF));
    } else {
        out.push_back(0x83);
        out.push_back(static_cast<std::uint8_t>(length >> 16));
        out.push_back(static_cast<std::uint8_t>((length >> 8) & 0xFF));
        out.push_back(static_cast<std::uint8_t>(length & 0xFF));
    }
    out.insert(out.end(), value.begin(), value.end());
    return out;
}

}  // namespace kiosk::cardreader
