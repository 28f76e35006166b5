// ProtocolServer: the device side of the M1 handshake over a Link, for the simulator.
//
// Per command frame: NAK a damaged frame; ACK a sound one (within the 300 ms the host allows);
// execute it on the DeviceModel (which takes the mechanical time); send the reply; resend it on NAK
// (at most 3 times); drop it on ACK, on EOT, or when the host moves on to a new command. EOT also
// clears the receive buffer. Frames for another address are ignored (the bus may be shared).
// Faults queued on the model (silence, garbage, bcc, nak) are applied here.
//
// Thread safety: run() blocks its thread until stop() (from any thread) or the link closes; stop()
// returns at once and run() returns within 50 ms (or when the move in progress ends).
#pragma once

#include "drivers/dispenser/codec.hpp"
#include "drivers/dispenser/sim/device_model.hpp"
#include "drivers/serial/link.hpp"

#include <atomic>
#include <deque>
#include <memory>

namespace kiosk::dispenser::sim {

class ProtocolServer {
public:
    ProtocolServer(serial::Link& link, DeviceModel& model, std::uint8_t address);

    void run();
    void stop();

private:
    void handle(const StreamDecoder::Event& event);
    void handle_command(const Frame& frame);
    void send(std::span<const std::uint8_t> bytes);
    void send_reply();
    // Reads whatever already arrived into the backlog without blocking.
    void pull_pending_events();

    serial::Link& link_;
    DeviceModel& model_;
    std::uint8_t address_;
    std::atomic<bool> stopping_{false};
    StreamDecoder decoder_;
    std::deque<StreamDecoder::Event> backlog_;
    Bytes pending_reply_;  // the last reply, until the host ACKs it; empty when none is pending
    int reply_resends_ = 0;
};

}  // namespace kiosk::dispenser::sim
