// The errors of the dispenser driver: one kind per M1 error code (the device said no) plus the
// link's own failures (the device did not answer, or answered nonsense).
#pragma once

#include "drivers/dispenser/codec.hpp"
#include "kiosk/core/result.hpp"

#include <string>

namespace kiosk::dispenser {

enum class DispenserErrorKind {
    // The device's negative replies, one per E1E0 code.
    undefined_command,
    parameter_error,
    sequence,
    jam,
    sensor_fault,
    cannot_reach_read_position,
    motor_fault,
    slot_empty,
    bin_full,
    not_initialized,
    slot_occupied,
    no_card_at_read_position,
    card_in_transport,
    unknown_device_error,  // an E1E0 this protocol document does not define (raw code in `what`)
    // The link.
    not_answering,  // no ACK after every resend, or no reply before its deadline
    garbled_reply,  // replies kept arriving corrupt, or a sound frame that is not the expected reply
    link_failed,    // the port itself failed (closed, unplugged, I/O error)
    // The host.
    interrupted,  // a stop cut the wait short (Dispenser::interrupt_on); the card is wherever the device left it
};

[[nodiscard]] const char* to_string(DispenserErrorKind kind);
[[nodiscard]] DispenserErrorKind kind_of(ErrorCode code);

struct DispenserError {
    DispenserErrorKind kind;
    std::string where;  // e.g. "dispenser.fetch"
    std::string what;

    [[nodiscard]] std::string to_string() const;
    [[nodiscard]] operator kiosk::Error() const { return {where, to_string()}; }  // NOLINT: by design
};

template <class T>
using DispenserResult = Result<T, DispenserError>;

}  // namespace kiosk::dispenser
