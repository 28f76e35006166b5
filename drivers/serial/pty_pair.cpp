#include "drivers/serial/pty_pair.hpp"

#include "drivers/serial/posix_calls.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace kiosk::serial {

LinkResult<PtyPair> PtyPair::create(const LinkSettings& settings, const std::string& symlink_path) {
    const std::string where = "serial.pty.create";
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0) return fail(LinkError{LinkErrorKind::io, where, std::strerror(errno)});
    if (::grantpt(master) != 0 || ::unlockpt(master) != 0) {
        const int err = errno;
        posix::close(master);
        return fail(LinkError{LinkErrorKind::io, where, std::strerror(err)});
    }
    char name[128];
    if (::ptsname_r(master, name, sizeof name) != 0) {
        const int err = errno;
        posix::close(master);
        return fail(LinkError{LinkErrorKind::io, where, std::strerror(err)});
    }
    PtyPair pair;
    pair.slave_path_ = name;
    pair.slave_keepalive_fd_ = posix::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (pair.slave_keepalive_fd_ < 0) {
        const int err = errno;
        posix::close(master);
        return fail(LinkError{LinkErrorKind::io, where, std::string("open slave: ") + std::strerror(err)});
    }
    if (auto configured = configure_tty(pair.slave_keepalive_fd_, settings, name); !configured) {
        posix::close(master);
        return fail(configured.error());
    }
    pair.master_ = TRY(TermiosLink::adopt(master, std::string("pty master of ") + name, settings));
    pair.path_ = pair.slave_path_;
    if (!symlink_path.empty()) {
        // Replace atomically: a host polling for the path never sees it missing or half made.
        const std::string temporary = symlink_path + ".new";
        ::unlink(temporary.c_str());
        if (::symlink(name, temporary.c_str()) != 0 || ::rename(temporary.c_str(), symlink_path.c_str()) != 0)
            return fail(LinkError{LinkErrorKind::io, where, "symlink " + symlink_path + ": " + std::strerror(errno)});
        pair.symlink_path_ = symlink_path;
        pair.path_ = symlink_path;
    }
    return pair;
}

PtyPair::PtyPair(PtyPair&& other) noexcept
    : master_(std::move(other.master_)),
      slave_keepalive_fd_(std::exchange(other.slave_keepalive_fd_, -1)),
      path_(std::move(other.path_)),
      slave_path_(std::move(other.slave_path_)),
      symlink_path_(std::exchange(other.symlink_path_, std::string{})) {}

PtyPair& PtyPair::operator=(PtyPair&& other) noexcept {
    if (this != &other) {
        this->~PtyPair();
        new (this) PtyPair(std::move(other));
    }
    return *this;
}

PtyPair::~PtyPair() {
    if (slave_keepalive_fd_ >= 0) posix::close(slave_keepalive_fd_);
    if (!symlink_path_.empty()) {
        // Only remove the link if it still points at our pty (a newer simulator may have replaced it).
        char target[256];
        const ssize_t n = ::readlink(symlink_path_.c_str(), target, sizeof target - 1);
        if (n > 0) {
            target[n] = '\0';
            if (slave_path_ == target) ::unlink(symlink_path_.c_str());
        }
    }
}

}  // namespace kiosk::serial
