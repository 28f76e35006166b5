// kioskctl config check / defaults, run as the operator runs them.
#include "tests/kiosk/ctl/nik_run_kioskctl.hpp"

#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using kiosk::test::run_kioskctl;
namespace fs = std::filesystem;

namespace {


std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("config check accepts the documented file and a partial one") {
    const auto run = run_kioskctl({"config", "check", KIOSK_DOCUMENTED_CONFIG});
    CHECK(run.exit_code == 0);
    CHECK(run.out == "ok\n");
    kiosk::testing::TempDir dir;
    CHECK(run_kioskctl({"config", "check", dir.write("k.toml", "[session]\nidle_timeout_s = 120\n")}).exit_code == 0);
    CHECK(run_kioskctl({"config", "check", dir.write("empty.toml", "")}).exit_code == 0);
}

TEST_CASE("config check refuses a bad file with the file and key") {
    kiosk::testing::TempDir dir;
    const std::string range = dir.write("range.toml", "[session]\nidle_timeout_s = 5\n");
    auto run = run_kioskctl({"config", "check", range});
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(run.err == range + ": session.idle_timeout_s: must be between 10 and 600, got 5\n");

    const std::string unknown = dir.write("unknown.toml", "[mgmt]\nprot = 8443\n");
    run = run_kioskctl({"config", "check", unknown});
    CHECK(run.exit_code == 1);
    CHECK(run.err == unknown + ": mgmt.prot: unknown key\n");

    const std::string syntax = dir.write("syntax.toml", "[mgmt]\nport = \n");
    run = run_kioskctl({"config", "check", syntax});
    CHECK(run.exit_code == 1);
    CHECK(run.err.starts_with(syntax + ":2:"));

    const std::string device = dir.write("device.toml", "[dispenser]\ndevice = \"ttyUSB0\"\n");
    run = run_kioskctl({"config", "check", device});
    CHECK(run.exit_code == 1);
    CHECK(run.err.starts_with(device + ": dispenser.device: must be \"sim\""));

    run = run_kioskctl({"config", "check", (dir.path() / "absent.toml").string()});
    CHECK(run.exit_code == 1);
    CHECK(run.err.ends_with("absent.toml: cannot open the configuration file: No such file or directory\n"));
}

TEST_CASE("config defaults prints the documented file, which config check accepts") {
    const auto run = run_kioskctl({"config", "defaults"});
    CHECK(run.exit_code == 0);
    CHECK(run.out == read_file(KIOSK_DOCUMENTED_CONFIG));
    kiosk::testing::TempDir dir;
    CHECK(run_kioskctl({"config", "check", dir.write("defaults.toml", run.out)}).exit_code == 0);
}

TEST_CASE("config usage errors exit 2") {
    CHECK(run_kioskctl({"config", "check"}).exit_code == 2);
    CHECK(run_kioskctl({"config", "check", "a.toml", "b.toml"}).exit_code == 2);
    CHECK(run_kioskctl({"config"}).exit_code == 2);
}
