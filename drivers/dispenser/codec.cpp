#include "drivers/dispenser/codec.hpp"

#include "kiosk/core/assert.hpp"

#include <cstdio>

namespace kiosk::dispenser {
namespace {

constexpr std::uint8_t kCommandTag = 'C';
constexpr std::uint8_t kPositiveTag = 'P';
constexpr std::uint8_t kNegativeTag = 'N';
constexpr std::size_t kHeaderBytes = 4;   // STX ADDR LENH LENL
constexpr std::size_t kTrailerBytes = 2;  // ETX BCC

struct ErrorCodeEntry {
    ErrorCode code;
    char e1;
    char e0;
    const char* text;
};

constexpr ErrorCodeEntry kErrorCodes[] = {
    {ErrorCode::undefined_command, '0', '0', "undefined command"},
    {ErrorCode::parameter_error, '0', '1', "parameter error"},
    {ErrorCode::sequence, '0', '2', "command cannot run now"},
    {ErrorCode::jam, '1', '0', "card jam"},
    {ErrorCode::sensor_fault, '1', '2', "sensor fault"},
    {ErrorCode::cannot_reach_read_position, '4', '3', "cannot move the card to the read position"},
    {ErrorCode::motor_fault, '5', '1', "motor fault"},
    {ErrorCode::slot_empty, 'A', '0', "slot is empty"},
    {ErrorCode::bin_full, 'A', '1', "capture bin full"},
    {ErrorCode::not_initialized, 'B', '0', "initialize first"},
    {ErrorCode::slot_occupied, 'C', '0', "slot is occupied"},
    {ErrorCode::no_card_at_read_position, 'C', '1', "no card at the read position"},
    {ErrorCode::card_in_transport, 'C', '2', "a card is already in the transport"},
};

const ErrorCodeEntry& entry_of(ErrorCode code) {
    for (const auto& e : kErrorCodes)
        if (e.code == code) return e;
    VERIFY_NOT_REACHED();  // every ErrorCode has its row in kErrorCodes
}

Frame frame_of(std::uint8_t address, Bytes text) {
    return Frame{address, std::move(text)};
}

std::optional<DeviceStatus> parse_status(std::uint8_t st0, std::uint8_t st1, std::uint8_t st2) {
    DeviceStatus s;
    switch (st0) {
        case '0': s.transport = TransportState::empty; break;
        case '1': s.transport = TransportState::at_mouth; break;
        case '2': s.transport = TransportState::at_read_position; break;
        default: return std::nullopt;
    }
    switch (st1) {
        case '0': s.magazine = MagazineLevel::empty; break;
        case '1': s.magazine = MagazineLevel::low; break;
        case '2': s.magazine = MagazineLevel::ok; break;
        default: return std::nullopt;
    }
    switch (st2) {
        case '0': s.bin_full = false; break;
        case '1': s.bin_full = true; break;
        default: return std::nullopt;
    }
    return s;
}

}  // namespace

std::uint8_t block_check(std::span<const std::uint8_t> bytes) {
    std::uint8_t bcc = 0;
    for (auto b : bytes) bcc = static_cast<std::uint8_t>(bcc ^ b);
    return bcc;
}

Bytes encode_frame(const Frame& frame) {
    VERIFY_MSG(frame.text.size() <= kMaxTextBytes, "a frame's TEXT exceeds the protocol limit");
    Bytes out;
    out.reserve(kHeaderBytes + frame.text.size() + kTrailerBytes);
    out.push_back(kStx);
    out.push_back(frame.address);
    out.push_back(static_cast<std::uint8_t>(frame.text.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(frame.text.size() & 0xFF));
    out.insert(out.end(), frame.text.begin(), frame.text.end());
    out.push_back(kEtx);
    out.push_back(block_check(out));
    return out;
}

Bytes encode_command(std::uint8_t address, const Command& command) {
    Bytes text{kCommandTag, command.code.cm, command.code.pm};
    text.insert(text.end(), command.data.begin(), command.data.end());
    return encode_frame(frame_of(address, std::move(text)));
}

Result<Command> parse_command(const Frame& frame) {
    const auto& t = frame.text;
    if (t.size() < 3 || t[0] != kCommandTag) return fail("dispenser.codec", "not a command frame");
    return Command{{t[1], t[2]}, Bytes(t.begin() + 3, t.end())};
}

std::optional<ErrorCode> error_code_from_ascii(std::uint8_t e1, std::uint8_t e0) {
    for (const auto& e : kErrorCodes)
        if (static_cast<std::uint8_t>(e.e1) == e1 && static_cast<std::uint8_t>(e.e0) == e0) return e.code;
    return std::nullopt;
}

std::string error_code_ascii(ErrorCode code) {
    const auto& e = entry_of(code);
    return std::string{e.e1, e.e0};
}

const char* describe(ErrorCode code) {
    return entry_of(code).text;
}

NegativeReply make_negative(CommandCode code, ErrorCode error) {
    const auto& e = entry_of(error);
    return NegativeReply{code, static_cast<std::uint8_t>(e.e1), static_cast<std::uint8_t>(e.e0)};
}

Bytes encode_reply(std::uint8_t address, const Reply& reply) {
    Bytes text;
    if (const auto* p = std::get_if<PositiveReply>(&reply)) {
        const std::uint8_t st0 = p->status.transport == TransportState::empty      ? '0'
                                 : p->status.transport == TransportState::at_mouth ? '1'
                                                                                   : '2';
        const std::uint8_t st1 = p->status.magazine == MagazineLevel::empty ? '0'
                                 : p->status.magazine == MagazineLevel::low ? '1'
                                                                            : '2';
        const std::uint8_t st2 = p->status.bin_full ? '1' : '0';
        text = {kPositiveTag, p->code.cm, p->code.pm, st0, st1, st2};
        text.insert(text.end(), p->data.begin(), p->data.end());
    } else {
        const auto& n = std::get<NegativeReply>(reply);
        text = {kNegativeTag, n.code.cm, n.code.pm, n.e1, n.e0};
    }
    return encode_frame(frame_of(address, std::move(text)));
}

Result<Reply> parse_reply(const Frame& frame) {
    const auto& t = frame.text;
    if (t.empty()) return fail("dispenser.codec", "empty reply");
    if (t[0] == kPositiveTag) {
        if (t.size() < 6) return fail("dispenser.codec", "positive reply shorter than its status bytes");
        auto status = parse_status(t[3], t[4], t[5]);
        if (!status) return fail("dispenser.codec", "status bytes out of range");
        return Reply{PositiveReply{{t[1], t[2]}, *status, Bytes(t.begin() + 6, t.end())}};
    }
    if (t[0] == kNegativeTag) {
        if (t.size() != 5) return fail("dispenser.codec", "negative reply is not 5 bytes");
        return Reply{NegativeReply{{t[1], t[2]}, t[3], t[4]}};
    }
    return fail("dispenser.codec", "reply is neither positive nor negative");
}

Bytes encode_sensors(const Sensors& s) {
    auto c = [](bool level) { return static_cast<std::uint8_t>(level ? '1' : '0'); };
    return {c(s.mouth),    c(s.read_position), c(s.transport),     c(s.bin_entry),
            c(s.bin_full), c(s.door_open),     c(s.magazine_home), c(s.power)};
}

Result<Sensors> parse_sensors(std::span<const std::uint8_t> data) {
    if (data.size() != 8) return fail("dispenser.codec", "sensor data is not 8 levels");
    bool levels[8];
    for (std::size_t i = 0; i < 8; ++i) {
        if (data[i] != '0' && data[i] != '1') return fail("dispenser.codec", "sensor level not '0' or '1'");
        levels[i] = data[i] == '1';
    }
    return Sensors{levels[0], levels[1], levels[2], levels[3], levels[4], levels[5], levels[6], levels[7]};
}

Bytes encode_slot(int slot) {
    VERIFY_MSG(slot >= 0 && slot <= kMaxSlots, "a slot number is 0 to kMaxSlots");
    char digits[5];
    std::snprintf(digits, sizeof digits, "%04d", slot);
    return Bytes(digits, digits + 4);
}

std::optional<int> parse_slot(std::span<const std::uint8_t> data) {
    if (data.size() != 4) return std::nullopt;
    int value = 0;
    for (auto b : data) {
        if (b < '0' || b > '9') return std::nullopt;
        value = value * 10 + (b - '0');
    }
    return value;
}

Bytes encode_inventory(const Inventory& inventory) {
    Bytes out = encode_slot(static_cast<int>(inventory.occupied.size()));
    for (bool used : inventory.occupied) out.push_back(used ? '1' : '0');
    return out;
}

Result<Inventory> parse_inventory(std::span<const std::uint8_t> data) {
    if (data.size() < 4) return fail("dispenser.codec", "inventory shorter than its slot count");
    auto count = parse_slot(data.first(4));
    if (!count) return fail("dispenser.codec", "inventory slot count is not 4 digits");
    if (data.size() != 4 + static_cast<std::size_t>(*count))
        return fail("dispenser.codec", "inventory length does not match its slot count");
    Inventory inv;
    inv.occupied.reserve(static_cast<std::size_t>(*count));
    for (auto b : data.subspan(4)) {
        if (b != '0' && b != '1') return fail("dispenser.codec", "inventory entry not '0' or '1'");
        inv.occupied.push_back(b == '1');
    }
    return inv;
}

void StreamDecoder::feed(std::span<const std::uint8_t> bytes) {
    // Compact lazily so a long session does not grow the buffer without bound.
    if (head_ > 0 && head_ * 2 >= buffer_.size()) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(head_));
        head_ = 0;
    }
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

void StreamDecoder::drop_front(std::size_t count) {
    head_ += count;
}

std::optional<StreamDecoder::Event> StreamDecoder::next() {
    while (head_ < buffer_.size()) {
        const std::uint8_t first = buffer_[head_];
        if (first == kAck || first == kNak || first == kEot) {
            drop_front(1);
            return Event{first == kAck ? EventKind::ack : first == kNak ? EventKind::nak : EventKind::eot, {}};
        }
        if (first != kStx) {
            drop_front(1);
            ++skipped_;
            continue;
        }
        const std::size_t available = buffer_.size() - head_;
        if (available < kHeaderBytes) return std::nullopt;
        const std::uint8_t* p = buffer_.data() + head_;
        const std::size_t length = (static_cast<std::size_t>(p[2]) << 8) | p[3];
        if (length == 0 || length > kMaxTextBytes || p[1] > kMaxAddress) {
            drop_front(1);  // a false STX: rescan from the next byte
            ++skipped_;
            continue;
        }
        const std::size_t total = kHeaderBytes + length + kTrailerBytes;
        if (available < total) return std::nullopt;
        if (p[kHeaderBytes + length] != kEtx) {
            drop_front(1);
            ++skipped_;
            continue;
        }
        const std::uint8_t expected = block_check({p, kHeaderBytes + length + 1});
        if (p[total - 1] != expected) {
            drop_front(total);
            return Event{EventKind::corrupt_frame, {}};
        }
        Frame frame{p[1], Bytes(p + kHeaderBytes, p + kHeaderBytes + length)};
        drop_front(total);
        return Event{EventKind::frame, std::move(frame)};
    }
    return std::nullopt;
}

bool StreamDecoder::mid_frame() const {
    return head_ < buffer_.size() && buffer_[head_] == kStx;
}

void StreamDecoder::abandon_partial() {
    if (mid_frame()) {
        drop_front(1);
        ++skipped_;
    }
}

void StreamDecoder::reset() {
    buffer_.clear();
    head_ = 0;
}

}  // namespace kiosk::dispenser
