// The M1 slot-magazine dispenser protocol as pure bytes in and out (shared/protocols/dispenser.md).
//
// Frame:  STX (F2) | ADDR | LENH LENL | TEXT | ETX (03) | BCC   (BCC = XOR of STX..ETX inclusive)
// Command TEXT:  'C' CM PM DATA...
// Positive TEXT: 'P' CM PM ST0 ST1 ST2 DATA...
// Negative TEXT: 'N' CM PM E1 E0
//
// Nothing here does I/O or reads a clock; the driver and the simulator put it on a Link. Every parser
// takes untrusted bytes and is fuzzed (fuzz/dispenser_codec.cpp).
#pragma once

#include "kiosk/core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace kiosk::dispenser {

using Bytes = std::vector<std::uint8_t>;

inline constexpr std::uint8_t kStx = 0xF2;
inline constexpr std::uint8_t kEtx = 0x03;
inline constexpr std::uint8_t kAck = 0x06;
inline constexpr std::uint8_t kNak = 0x15;
inline constexpr std::uint8_t kEot = 0x04;
inline constexpr std::uint8_t kMaxAddress = 0x0F;
// The largest TEXT either side accepts: an inventory of 9999 slots plus its header fits. A header
// announcing more is garbage, and the decoder resynchronises past it instead of waiting for it.
inline constexpr std::size_t kMaxTextBytes = 10016;
inline constexpr int kMaxSlots = 9999;

struct Frame {
    std::uint8_t address = 0;
    Bytes text;
    friend bool operator==(const Frame&, const Frame&) = default;
};

// XOR of every byte of `bytes`.
[[nodiscard]] std::uint8_t block_check(std::span<const std::uint8_t> bytes);

// The wire bytes of a frame. A TEXT longer than kMaxTextBytes is a programmer error (aborts).
[[nodiscard]] Bytes encode_frame(const Frame& frame);

// Command codes (CM, PM) of the M1 command set.
struct CommandCode {
    std::uint8_t cm = 0;
    std::uint8_t pm = 0;
    friend bool operator==(const CommandCode&, const CommandCode&) = default;
};

namespace commands {
inline constexpr CommandCode initialize_capture{0x30, 0x30};  // a card in the transport goes to the bin
inline constexpr CommandCode initialize_keep{0x30, 0x33};     // no card moves
inline constexpr CommandCode status{0x31, 0x30};
inline constexpr CommandCode sensors{0x31, 0x31};
inline constexpr CommandCode hold_at_mouth{0x32, 0x30};
inline constexpr CommandCode to_read_position{0x32, 0x32};
inline constexpr CommandCode capture{0x32, 0x33};
inline constexpr CommandCode present{0x32, 0x39};
inline constexpr CommandCode accept_at_mouth{0x33, 0x30};
inline constexpr CommandCode stop_accepting{0x33, 0x31};
inline constexpr CommandCode fetch{0x40, 0x30};
inline constexpr CommandCode store{0x40, 0x31};
inline constexpr CommandCode inventory{0x40, 0x32};
inline constexpr CommandCode serial_number{0xA2, 0x30};
inline constexpr CommandCode firmware_version{0xA4, 0x30};
inline constexpr CommandCode bin_counter{0xA5, 0x30};
inline constexpr CommandCode reset_bin_counter{0xA5, 0x31};
}  // namespace commands

struct Command {
    CommandCode code;
    Bytes data;
    friend bool operator==(const Command&, const Command&) = default;
};

[[nodiscard]] Bytes encode_command(std::uint8_t address, const Command& command);
// Fails when the TEXT is not a command ('C' CM PM ...).
[[nodiscard]] Result<Command> parse_command(const Frame& frame);

// ST0: where the transport holds a card.
enum class TransportState : std::uint8_t { empty, at_mouth, at_read_position };
// ST1: the magazine's fill level.
enum class MagazineLevel : std::uint8_t { empty, low, ok };

struct DeviceStatus {
    TransportState transport = TransportState::empty;
    MagazineLevel magazine = MagazineLevel::empty;
    bool bin_full = false;
    friend bool operator==(const DeviceStatus&, const DeviceStatus&) = default;
};

// E1 E0 of a negative reply.
enum class ErrorCode : std::uint8_t {
    undefined_command,           // '00'
    parameter_error,             // '01'
    sequence,                    // '02' command cannot run now
    jam,                         // '10'
    sensor_fault,                // '12'
    cannot_reach_read_position,  // '43'
    motor_fault,                 // '51'
    slot_empty,                  // 'A0'
    bin_full,                    // 'A1'
    not_initialized,             // 'B0'
    slot_occupied,               // 'C0'
    no_card_at_read_position,    // 'C1'
    card_in_transport,           // 'C2'
};
inline constexpr ErrorCode kAllErrorCodes[] = {ErrorCode::undefined_command, ErrorCode::parameter_error,
                                               ErrorCode::sequence,          ErrorCode::jam,
                                               ErrorCode::sensor_fault,      ErrorCode::cannot_reach_read_position,
                                               ErrorCode::motor_fault,       ErrorCode::slot_empty,
                                               ErrorCode::bin_full,          ErrorCode::not_initialized,
                                               ErrorCode::slot_occupied,     ErrorCode::no_card_at_read_position,
                                               ErrorCode::card_in_transport};

[[nodiscard]] std::optional<ErrorCode> error_code_from_ascii(std::uint8_t e1, std::uint8_t e0);
// The two ASCII characters, e.g. "A0".
[[nodiscard]] std::string error_code_ascii(ErrorCode code);
[[nodiscard]] const char* describe(ErrorCode code);

struct PositiveReply {
    CommandCode code;
    DeviceStatus status;
    Bytes data;
    friend bool operator==(const PositiveReply&, const PositiveReply&) = default;
};

struct NegativeReply {
    CommandCode code;
    std::uint8_t e1 = '0';
    std::uint8_t e0 = '0';
    // Empty for a code this document does not define (a newer firmware); the raw bytes stay in e1/e0.
    [[nodiscard]] std::optional<ErrorCode> error() const { return error_code_from_ascii(e1, e0); }
    friend bool operator==(const NegativeReply&, const NegativeReply&) = default;
};

using Reply = std::variant<PositiveReply, NegativeReply>;

[[nodiscard]] NegativeReply make_negative(CommandCode code, ErrorCode error);
[[nodiscard]] Bytes encode_reply(std::uint8_t address, const Reply& reply);
// Fails when the TEXT is neither a well-formed positive nor negative reply.
[[nodiscard]] Result<Reply> parse_reply(const Frame& frame);

// Sensor levels (31 31), in the document's order.
struct Sensors {
    bool mouth = false;
    bool read_position = false;
    bool transport = false;
    bool bin_entry = false;
    bool bin_full = false;
    bool door_open = false;
    bool magazine_home = false;
    bool power = false;
    friend bool operator==(const Sensors&, const Sensors&) = default;
};

[[nodiscard]] Bytes encode_sensors(const Sensors& sensors);
[[nodiscard]] Result<Sensors> parse_sensors(std::span<const std::uint8_t> data);

// A slot number as the 4 ASCII digits of fetch/store; slot must be 0..9999.
[[nodiscard]] Bytes encode_slot(int slot);
[[nodiscard]] std::optional<int> parse_slot(std::span<const std::uint8_t> data);

struct Inventory {
    std::vector<bool> occupied;  // one entry per slot, slot 0 first
    friend bool operator==(const Inventory&, const Inventory&) = default;
};
[[nodiscard]] Bytes encode_inventory(const Inventory& inventory);
[[nodiscard]] Result<Inventory> parse_inventory(std::span<const std::uint8_t> data);

// Splits a byte stream into control bytes (ACK, NAK, EOT) and frames, and resynchronises after
// garbage: bytes that are neither a control byte nor the start of a plausible frame are skipped; a
// frame whose ETX is missing is rescanned from the byte after its STX (so a real frame hidden behind
// a false STX is still found); a complete frame with a wrong BCC is reported as corrupt so that the
// receiver can NAK it.
//
// Not thread safe; one decoder per direction of a link.
class StreamDecoder {
public:
    enum class EventKind { ack, nak, eot, frame, corrupt_frame };
    struct Event {
        EventKind kind;
        Frame frame;  // only for EventKind::frame
    };

    void feed(std::span<const std::uint8_t> bytes);
    // The next complete event, or nothing until more bytes are fed.
    [[nodiscard]] std::optional<Event> next();
    // True while the bytes buffered so far begin a frame that is not complete yet.
    [[nodiscard]] bool mid_frame() const;
    // Gives up on the partial frame at the front (the line went quiet): drops its STX and rescans
    // the bytes behind it.
    void abandon_partial();
    void reset();
    [[nodiscard]] std::size_t skipped_bytes() const { return skipped_; }

private:
    void drop_front(std::size_t count);
    Bytes buffer_;
    std::size_t head_ = 0;
    std::size_t skipped_ = 0;
};

}  // namespace kiosk::dispenser
