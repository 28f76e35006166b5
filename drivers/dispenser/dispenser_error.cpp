#include "drivers/dispenser/dispenser_error.hpp"

namespace kiosk::dispenser {

const char* to_string(DispenserErrorKind kind) {
    switch (kind) {
        case DispenserErrorKind::undefined_command: return "undefined command";
        case DispenserErrorKind::parameter_error: return "parameter error";
        case DispenserErrorKind::sequence: return "command cannot run now";
        case DispenserErrorKind::jam: return "card jam";
        case DispenserErrorKind::sensor_fault: return "sensor fault";
        case DispenserErrorKind::cannot_reach_read_position: return "cannot move the card to the read position";
        case DispenserErrorKind::motor_fault: return "motor fault";
        case DispenserErrorKind::slot_empty: return "slot is empty";
        case DispenserErrorKind::bin_full: return "capture bin full";
        case DispenserErrorKind::not_initialized: return "initialize first";
        case DispenserErrorKind::slot_occupied: return "slot is occupied";
        case DispenserErrorKind::no_card_at_read_position: return "no card at the read position";
        case DispenserErrorKind::card_in_transport: return "a card is already in the transport";
        case DispenserErrorKind::unknown_device_error: return "device error";
        case DispenserErrorKind::not_answering: return "device not answering";
        case DispenserErrorKind::garbled_reply: return "garbled reply";
        case DispenserErrorKind::link_failed: return "link failed";
        case DispenserErrorKind::interrupted: return "interrupted by a stop";
    }
    return "unknown";
}

DispenserErrorKind kind_of(ErrorCode code) {
    switch (code) {
        case ErrorCode::undefined_command: return DispenserErrorKind::undefined_command;
        case ErrorCode::parameter_error: return DispenserErrorKind::parameter_error;
        case ErrorCode::sequence: return DispenserErrorKind::sequence;
        case ErrorCode::jam: return DispenserErrorKind::jam;
        case ErrorCode::sensor_fault: return DispenserErrorKind::sensor_fault;
        case ErrorCode::cannot_reach_read_position: return DispenserErrorKind::cannot_reach_read_position;
        case ErrorCode::motor_fault: return DispenserErrorKind::motor_fault;
        case ErrorCode::slot_empty: return DispenserErrorKind::slot_empty;
        case ErrorCode::bin_full: return DispenserErrorKind::bin_full;
        case ErrorCode::not_initialized: return DispenserErrorKind::not_initialized;
        case ErrorCode::slot_occupied: return DispenserErrorKind::slot_occupied;
        case ErrorCode::no_card_at_read_position: return DispenserErrorKind::no_card_at_read_position;
        case ErrorCode::card_in_transport: return DispenserErrorKind::card_in_transport;
    }
    return DispenserErrorKind::unknown_device_error;
}

std::string DispenserError::to_string() const {
    return std::string(dispenser::to_string(kind)) + (what.empty() ? "" : " (" + what + ")");
}

}  // namespace kiosk::dispenser
