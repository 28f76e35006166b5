// PtyPair: a pseudo-terminal for device simulators. The simulator keeps the master side (as a Link);
// the kiosk opens the slave side by path, exactly as it would open /dev/ttyUSB0.
#pragma once

#include "drivers/serial/termios_link.hpp"

#include <memory>
#include <string>

namespace kiosk::serial {

class PtyPair {
public:
    // Creates the pty, sets raw mode and `settings` on both sides, and, when `symlink_path` is not
    // empty, points a symlink there at the slave (replacing a stale link from an earlier run).
    static LinkResult<PtyPair> create(const LinkSettings& settings, const std::string& symlink_path = "");

    PtyPair(PtyPair&&) noexcept;
    PtyPair& operator=(PtyPair&&) noexcept;
    ~PtyPair();  // removes the symlink it made

    // The simulator's side.
    Link& master() { return *master_; }
    std::unique_ptr<TermiosLink> take_master() { return std::move(master_); }
    // The path the host opens: the symlink if one was asked for, else /dev/pts/N.
    [[nodiscard]] const std::string& device_path() const { return path_; }
    [[nodiscard]] const std::string& slave_path() const { return slave_path_; }

private:
    PtyPair() = default;
    std::unique_ptr<TermiosLink> master_;
    int slave_keepalive_fd_ = -1;  // held open so the master never sees a hangup between host opens
    std::string path_;
    std::string slave_path_;
    std::string symlink_path_;
};

}  // namespace kiosk::serial
