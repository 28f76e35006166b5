// ControlServer: the simulator's control socket (Unix stream). One command per line, one answer
// line per command, `ok [detail]` or `error <reason>`:
//
//   take                     a person takes the card presented at the mouth
//   insert CARDFILE          a person inserts a card at the mouth (for loading; needs 33 30 first)
//   jam                      the next move jams (the card sticks in the transport)
//   fail E1E0                the next move fails with that M1 error code, e.g. `fail 51`
//   door open|close          the magazine door
//   bin full|empty           the capture bin fills up / staff empty it
//   fault silence|garbage|bcc|nak|late_ack [COUNT]   the next COUNT (default 1) exchanges misbehave
//                            that way (late_ack: the ACK comes after SimTimings::late_ack_ms)
//   state                    `ok <one-line summary>` (with moves=N: the moves run since start)
//
// Clients are served one at a time on the server's own thread; `insert` answers once the card has
// reached the read position.
#pragma once

#include "drivers/dispenser/sim/device_model.hpp"
#include "kiosk/core/result.hpp"

#include <memory>
#include <string>
#include <thread>

namespace kiosk::dispenser::sim {

// The answer to one control line (exposed so tests can check the grammar without a socket).
ControlAnswer run_control_line(DeviceModel& model, const std::string& line);

class ControlServer {
public:
    static Result<std::unique_ptr<ControlServer>> start(const std::string& socket_path, DeviceModel& model);
    ~ControlServer();  // stops the thread and removes the socket file
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

private:
    ControlServer(std::string path, int listen_fd, int wake_read_fd, int wake_write_fd, DeviceModel& model);
    void serve();
    void serve_client(int fd);

    std::string path_;
    int listen_fd_;
    int wake_read_fd_;
    int wake_write_fd_;
    DeviceModel& model_;
    std::thread thread_;
};

}  // namespace kiosk::dispenser::sim
