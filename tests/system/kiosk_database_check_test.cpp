// The kiosk checks its database after the first frame, never before it: a damaged file still lets
// the attract screen come up at once, and then takes the kiosk out of service with a reason of its
// own (the store damaged: not maintenance, which nobody ordered).
#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/system/documented_config.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include <unistd.h>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using kiosk::testing::ChildProcess;
using kiosk::testing::require_ok;

namespace {


int run(const std::vector<std::string>& argv) {
    return require_ok(ChildProcess::spawn(argv)).wait_exit(60'000);
}

// The documented defaults with this database and device ports that do not exist (the test is about
// the database; the devices are simply down).
fs::path write_config(const fs::path& dir, const fs::path& database) {
    const fs::path config = dir / "kiosk.toml";
    kiosk::testing::write_documented_config(config, {{"database_path", database.string()}},
                                            {"/nonexistent/tty-1", "/nonexistent/tty-2"});
    return config;
}

// The trace lines the kiosk prints until it reports its database check (or the deadline passes).
std::vector<std::string> lines_until_store_check(const fs::path& config) {
    kiosk::testing::SpawnOptions options;
    options.env = {"SDL_VIDEODRIVER=offscreen"};
    options.out = kiosk::testing::Stream::pipe;
    ChildProcess kiosk =
        require_ok(ChildProcess::spawn({KIOSK_BIN, "--config", config.string(), "--trace", "--size", "1280x800"}, options));
    std::vector<std::string> lines;
    while (auto line = kiosk.read_line(20'000)) {
        lines.push_back(*line);
        if (line->rfind("store-check", 0) == 0) {
            // Let the session machine act on a failure before the process is stopped.
            while (auto more = kiosk.read_line(2'000)) {
                lines.push_back(*more);
                if (*more == "screen out-of-service-store-damaged") break;
            }
            break;
        }
    }
    return lines;
}

bool has(const std::vector<std::string>& lines, const std::string& wanted) {
    return std::find(lines.begin(), lines.end(), wanted) != lines.end();
}

std::ptrdiff_t index_of(const std::vector<std::string>& lines, const std::string& prefix) {
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].rfind(prefix, 0) == 0) return static_cast<std::ptrdiff_t>(i);
    return -1;
}

}  // namespace

TEST_CASE("a sound database passes the check after the first frame; a damaged one takes the kiosk out of service") {
    kiosk::testing::TempDir scratch;
    const fs::path database = scratch.path() / "kiosk.db";
    REQUIRE(run({KIOSKCTL_BIN, "--db", database.string(), "init"}) == 0);
    REQUIRE(run({KIOSKCTL_BIN, "--db", database.string(), "seed", "--records", "400", "--region", "1403",
                 "--seed", "7"}) == 0);
    const fs::path config = write_config(scratch.path(), database);

    SUBCASE("sound") {
        const auto lines = lines_until_store_check(config);
        CHECK(has(lines, "store-check ok"));
        CHECK_FALSE(has(lines, "screen out-of-service-store-damaged"));
        CHECK(index_of(lines, "ready") >= 0);
    }
    SUBCASE("damaged") {
        // Overwrite a page in the middle of the file, as a failing disk would.
        const auto size = fs::file_size(database);
        REQUIRE(size > 64 * 4096);
        {
            std::fstream file(database, std::ios::in | std::ios::out | std::ios::binary);
            file.seekp(static_cast<std::streamoff>(size / 2 / 4096 * 4096));
            const std::string garbage(4096, '\xA5');
            file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
        }
        const auto lines = lines_until_store_check(config);
        // The first frame came first: the check never stands between power-on and the screen.
        const auto ready = index_of(lines, "ready");
        const auto failed = index_of(lines, "store-check failed");
        REQUIRE(ready >= 0);
        REQUIRE(failed >= 0);
        // Which screen came first depends on how fast the (deliberately missing) devices report
        // down; that some screen was drawn before the verdict is what the "ready" line shows.
        CHECK(index_of(lines, "screen ") >= 0);
        CHECK(has(lines, "screen out-of-service-store-damaged"));
    }
}
