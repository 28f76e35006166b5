// SmallDisk: a tmpfs of a few MiB that a test fills to the last byte and frees again, so that SQLite
// meets ENOSPC (SQLITE_FULL) on a real file system, as on a kiosk whose data partition filled up.
//
// The mount lives in a mount namespace of this test process's own (unshare(CLONE_NEWNS), with
// propagation made private first), so no other process sees it and it is gone when the process
// ends, however it ends. Threads started after the disk was made see it too. Needs CAP_SYS_ADMIN:
// root, as CI runs; without it the test fails and says so (it never passes by skipping).
#pragma once

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace kiosk::testing {

class SmallDisk {
public:
    // Mounts a tmpfs of `size_bytes` at `mount_point` (created if need be).
    SmallDisk(const std::filesystem::path& mount_point, std::size_t size_bytes) : root_(mount_point) {
        REQUIRE_MESSAGE(::unshare(CLONE_NEWNS) == 0,
                        "a private mount namespace needs CAP_SYS_ADMIN (run as root): " << std::strerror(errno));
        REQUIRE_MESSAGE(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0,
                        "making mounts private: " << std::strerror(errno));
        std::filesystem::create_directories(root_);
        const std::string options = "size=" + std::to_string(size_bytes) + ",mode=0700";
        REQUIRE_MESSAGE(::mount("tmpfs", root_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0,
                        "mounting a tmpfs at " << root_ << ": " << std::strerror(errno));
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    ~SmallDisk() { ::umount2(root_.c_str(), MNT_DETACH); }

    [[nodiscard]] std::string file(const std::string& name) const { return (root_ / name).string(); }

    // Writes a filler file until the file system refuses a byte more (ENOSPC).
    void fill() {
        const std::string filler = file("filler");
        const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        REQUIRE_MESSAGE(fd >= 0, "filler: " << std::strerror(errno));
        const std::vector<char> block(4096, 'x');
        for (;;) {
            const ssize_t written = ::write(fd, block.data(), block.size());
            if (written > 0) continue;
            REQUIRE_MESSAGE(errno == ENOSPC, "filling: " << std::strerror(errno));
            break;
        }
        // The last partial block, byte by byte, so that not one byte is left.
        while (::write(fd, block.data(), 1) == 1) {
        }
        ::close(fd);
    }
    // Removes the filler: the space is back.
    void free() { std::filesystem::remove(file("filler")); }

private:
    std::filesystem::path root_;
};

}  // namespace kiosk::testing
