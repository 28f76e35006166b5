// The simulator's control interface: a line protocol (pure: apply_control_line) and a Unix stream
// socket serving it (ControlServer).
//
//   place N | lift | poor | fault silence|garbage|checksum|cut|reboot|address [INSTRUCTION] | clear
//
// Each line is answered with "ok" or "error <reason>". INSTRUCTION (optional) is a name such as
// "match" or "genimg", or a hex code such as 0x03: the fault then waits for that instruction.
#pragma once

#include "drivers/fingerprint/sim/simulator.hpp"
#include "kiosk/core/result.hpp"

#include <string>
#include <string_view>
#include <thread>

namespace kiosk::fingerprint::sim {

[[nodiscard]] std::string apply_control_line(Simulator& simulator, std::string_view line);
[[nodiscard]] std::optional<Instruction> parse_instruction(std::string_view name);

class ControlServer {
public:
    // Listens on `path` (replacing a stale socket file) and serves on its own thread until stopped.
    static Result<std::unique_ptr<ControlServer>> start(const std::string& path, Simulator& simulator);
    ~ControlServer();  // stops and removes the socket file
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

private:
    ControlServer(int listen_fd, int wake_read_fd, int wake_write_fd, std::string path, Simulator& simulator);
    void serve();

    int listen_fd_;
    int wake_read_fd_;
    int wake_write_fd_;
    std::string path_;
    Simulator& simulator_;
    std::thread thread_;
};

}  // namespace kiosk::fingerprint::sim
