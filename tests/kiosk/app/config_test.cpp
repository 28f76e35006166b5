#include "kiosk/app/config/config.hpp"

#include <toml++/toml.h>

#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using namespace kiosk::app;
namespace fs = std::filesystem;

namespace {

std::string error_of(std::string_view text) {
    auto config = parse_config(text, "kiosk.toml", "");
    REQUIRE_FALSE(config.ok());
    return config.error().to_string();
}

Config parsed(std::string_view text) {
    auto config = parse_config(text, "kiosk.toml", "/etc/ktp-kiosk");
    if (!config) FAIL(config.error().to_string());
    return *config;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}


}  // namespace

TEST_CASE("the documented file holds exactly the defaults") {
    auto config = load_config(KIOSK_DOCUMENTED_CONFIG);
    if (!config) FAIL(config.error().to_string());
    CHECK(*config == Config{});
    // The copy built into the program is the same file.
    CHECK(documented_default_config() == read_file(KIOSK_DOCUMENTED_CONFIG));
    CHECK(parsed(documented_default_config()) == Config{});
}

TEST_CASE("the documented file sets every key, each under a comment, and nothing else") {
    const std::string text = read_file(KIOSK_DOCUMENTED_CONFIG);
    const toml::table root = toml::parse(std::string_view(text), std::string_view("kiosk.toml"));
    std::set<std::string> in_file;
    for (const auto& [section, node] : root) {
        REQUIRE(node.is_table());
        for (const auto& [key, value] : *node.as_table())
            in_file.insert(std::string(section.str()) + "." + std::string(key.str()));
    }
    std::set<std::string> in_config;
    for (const auto key : config_keys()) in_config.insert(std::string(key));
    CHECK(in_file == in_config);
    CHECK(in_config.size() == config_keys().size());
    CHECK(in_config.size() == 41);

    // Each "key = value" line has a comment line right above it.
    std::istringstream lines(text);
    std::string line;
    std::string previous;
    int documented = 0;
    while (std::getline(lines, line)) {
        if (!line.empty() && line[0] != '#' && line[0] != '[') {
            CAPTURE(line);
            CHECK(previous.starts_with("#"));
            ++documented;
        }
        if (!line.empty()) previous = line;
    }
    CHECK(documented == 41);
}

TEST_CASE("an empty file is the defaults, and an absent key keeps its default") {
    CHECK(parsed("") == Config{});
    const Config c = parsed("[session]\nidle_timeout_s = 120\n[display]\nfullscreen = false\n");
    CHECK(c.session.idle_timeout_s == 120);
    CHECK_FALSE(c.display.fullscreen);
    Config expected;
    expected.session.idle_timeout_s = 120;
    expected.display.fullscreen = false;
    CHECK(c == expected);
    CHECK(c.session.fingerprint_tries_per_session == 3);
    CHECK(c.kiosk.language == kiosk::core::Language::id);
}

TEST_CASE("every key takes a value of its own") {
    const Config c = parsed(R"(
[kiosk]
id = "pekanbaru-lobby_2"
language = "en"
database_path = "/srv/kiosk/kiosk.db"
data_dir = "data"
notice = "Loket tutup pukul 15.00"
[display]
width_px = 1920
height_px = 1080
diagonal_mm = 800
fullscreen = false
renderer = "accelerated"
[session]
idle_timeout_s = 90
idle_warning_s = 20
fingerprint_tries_per_session = 4
nik_lock_failures = 7
nik_lock_window_s = 7200
nik_lock_duration_s = 86400
pickup_take_timeout_s = 45
pickup_deadline_days = 14
[fingerprint]
device = "usb:1A86:7523"
baud = 115200
address = 0x12345678
password = 0xCAFEBABE
score_min = 80
capture_timeout_ms = 15000
retries = 0
[dispenser]
device = "/dev/serial/by-id/usb-dispenser"
baud = 38400
address = 15
reply_timeout_ms = 2500
[cardreader]
front_reader = "ACS ACR1252 1S CL Reader PICC 0"
dispenser_reader = "ACS ACR1252 1S CL Reader PICC 1"
issuer_public_key = "keys/issuer.pem"
read_timeout_ms = 4500
[mgmt]
listen = "::"
port = 9443
central_port = 9444
tls_cert = "/etc/tls/a.crt"
tls_key = "/etc/tls/a.key"
client_ca = "/etc/tls/ca.crt"
[log]
level = "debug"
)");
    CHECK(c.kiosk.id == "pekanbaru-lobby_2");
    CHECK(c.kiosk.language == kiosk::core::Language::en);
    CHECK(c.kiosk.database_path == "/srv/kiosk/kiosk.db");
    CHECK(c.kiosk.data_dir == "/etc/ktp-kiosk/data");  // relative: against the file's directory
    CHECK(c.display.width_px == 1920);
    CHECK(c.display.height_px == 1080);
    CHECK(c.display.diagonal_mm == 800);
    CHECK(c.display.renderer == Renderer::accelerated);
    CHECK(c.session.idle_warning_s == 20);
    CHECK(c.session.nik_lock_failures == 7);
    CHECK(c.session.nik_lock_window_s == 7200);
    CHECK(c.session.nik_lock_duration_s == 86400);
    CHECK(c.session.pickup_take_timeout_s == 45);
    CHECK(c.session.pickup_deadline_days == 14);
    CHECK(c.kiosk.notice == "Loket tutup pukul 15.00");
    REQUIRE(c.fingerprint.device.port.has_value());
    REQUIRE(c.fingerprint.device.port->usb_id() != nullptr);
    CHECK(c.fingerprint.device.port->usb_id()->vendor == 0x1a86);
    CHECK(c.fingerprint.device.port->usb_id()->product == 0x7523);
    CHECK(c.fingerprint.baud == 115200);
    CHECK(c.fingerprint.address == 0x12345678U);
    CHECK(c.fingerprint.password == 0xCAFEBABEU);
    CHECK(c.fingerprint.score_min == 80);
    CHECK(c.fingerprint.capture_timeout_ms == 15000);
    CHECK(c.fingerprint.retries == 0);
    REQUIRE(c.dispenser.device.port.has_value());
    REQUIRE(c.dispenser.device.port->path() != nullptr);
    CHECK(*c.dispenser.device.port->path() == "/dev/serial/by-id/usb-dispenser");
    CHECK(c.dispenser.baud == 38400);
    CHECK(c.dispenser.address == 15);
    CHECK(c.dispenser.reply_timeout_ms == 2500);
    CHECK(c.cardreader.front_reader == "ACS ACR1252 1S CL Reader PICC 0");
    CHECK(c.cardreader.issuer_public_key == "/etc/ktp-kiosk/keys/issuer.pem");
    CHECK(c.cardreader.read_timeout_ms == 4500);
    CHECK(c.mgmt.listen == "::");
    CHECK(c.mgmt.port == 9443);
    CHECK(c.mgmt.central_port == 9444);
    CHECK(c.mgmt.tls_key == "/etc/tls/a.key");
    CHECK(c.mgmt.client_ca == "/etc/tls/ca.crt");
    CHECK(c.log.level == kiosk::log::Level::debug);
}

TEST_CASE("an unknown section or key, at any level, is an error naming it") {
    CHECK(error_of("[session]\nidle_timeout = 60\n") == "kiosk.toml: session.idle_timeout: unknown key");
    CHECK(error_of("[sesion]\nidle_timeout_s = 60\n") == "kiosk.toml: sesion: unknown section");
    CHECK(error_of("idle_timeout_s = 60\n") == "kiosk.toml: idle_timeout_s: unknown section");
    CHECK(error_of("[session.extra]\nx = 1\n") == "kiosk.toml: session.extra: unknown key");
    CHECK(error_of("[kiosk]\nid = \"a\"\nlanguge = \"en\"\n") == "kiosk.toml: kiosk.languge: unknown key");
}

TEST_CASE("a value of the wrong type names the key and both types") {
    CHECK(error_of("[session]\nidle_timeout_s = \"60\"\n") ==
          "kiosk.toml: session.idle_timeout_s: must be an integer, got a string");
    CHECK(error_of("[session]\nidle_timeout_s = 60.0\n") ==
          "kiosk.toml: session.idle_timeout_s: must be an integer, got a floating-point number");
    CHECK(error_of("[display]\nfullscreen = 1\n") ==
          "kiosk.toml: display.fullscreen: must be true or false, got an integer");
    CHECK(error_of("[kiosk]\nid = [\"a\"]\n") == "kiosk.toml: kiosk.id: must be a string, got an array");
    CHECK(error_of("session = 5\n") == "kiosk.toml: session: must be a table, got an integer");
    CHECK(error_of("[[session]]\nidle_timeout_s = 60\n") == "kiosk.toml: session: must be a table, got an array");
    CHECK(error_of("[mgmt]\ntls_cert = 5\n") == "kiosk.toml: mgmt.tls_cert: must be a string, got an integer");
}

TEST_CASE("a value out of range names the range and the value; the bounds themselves are accepted") {
    CHECK(error_of("[session]\nidle_timeout_s = 5\n") ==
          "kiosk.toml: session.idle_timeout_s: must be between 10 and 600, got 5");
    CHECK(error_of("[session]\nidle_timeout_s = 601\n") ==
          "kiosk.toml: session.idle_timeout_s: must be between 10 and 600, got 601");
    CHECK(parsed("[session]\nidle_timeout_s = 10\nidle_warning_s = 5\n").session.idle_timeout_s == 10);
    CHECK(parsed("[session]\nidle_timeout_s = 600\n").session.idle_timeout_s == 600);
    CHECK(error_of("[fingerprint]\naddress = 0x100000000\n") ==
          "kiosk.toml: fingerprint.address: must be between 0 and 4294967295, got 4294967296");
    CHECK(error_of("[fingerprint]\naddress = -1\n") ==
          "kiosk.toml: fingerprint.address: must be between 0 and 4294967295, got -1");
    CHECK(parsed("[fingerprint]\naddress = 0xFFFFFFFF\n").fingerprint.address == 0xFFFFFFFFU);
    CHECK(error_of("[mgmt]\nport = 0\n") == "kiosk.toml: mgmt.port: must be between 1 and 65535, got 0");
    CHECK(error_of("[mgmt]\nport = 9223372036854775807\n").ends_with("got 9223372036854775807"));
    CHECK(error_of("[dispenser]\naddress = 16\n") == "kiosk.toml: dispenser.address: must be between 0 and 15, got 16");
    CHECK(error_of("[fingerprint]\nbaud = 57601\n") ==
          "kiosk.toml: fingerprint.baud: must be one of 9600, 19200, 28800, 38400, 48000, 57600, 67200, 76800, "
          "86400, 96000, 105600, 115200, got 57601");
    CHECK(error_of("[dispenser]\nbaud = 28800\n").starts_with("kiosk.toml: dispenser.baud: must be one of 9600,"));
}

TEST_CASE("words are checked against their list") {
    CHECK(error_of("[display]\nrenderer = \"opengl\"\n") ==
          "kiosk.toml: display.renderer: must be one of \"software\", \"accelerated\", got \"opengl\"");
    CHECK(error_of("[kiosk]\nlanguage = \"ID\"\n") ==
          "kiosk.toml: kiosk.language: must be one of \"id\", \"en\", got \"ID\"");
    CHECK(error_of("[log]\nlevel = \"verbose\"\n").starts_with("kiosk.toml: log.level: must be one of \"trace\""));
    CHECK(error_of("[kiosk]\nid = \"kiosk 1\"\n") ==
          "kiosk.toml: kiosk.id: may hold only letters, digits, '-' and '_', got \"kiosk 1\"");
    CHECK(error_of("[kiosk]\nid = \"\"\n") == "kiosk.toml: kiosk.id: must be 1 to 64 characters");
    CHECK(error_of("[mgmt]\nlisten = \"localhost\"\n").starts_with("kiosk.toml: mgmt.listen: must be an IPv4 or IPv6"));
    CHECK(error_of("[kiosk]\ndata_dir = \"\"\n") == "kiosk.toml: kiosk.data_dir: must be a path, got an empty string");
    CHECK(error_of("[cardreader]\nfront_reader = \"\"\n")
              .starts_with("kiosk.toml: cardreader.front_reader: must not be empty"));
}

TEST_CASE("device strings: sim, an absolute path, or usb:VVVV:PPPP in hex") {
    CHECK(DeviceSpec::parse("sim")->simulated());
    CHECK(DeviceSpec::parse("sim")->to_string() == "sim");
    CHECK(DeviceSpec::parse("/dev/ttyUSB0")->port == kiosk::serial::PortSpec::device_path("/dev/ttyUSB0"));
    auto usb = DeviceSpec::parse("usb:0403:6001");
    REQUIRE(usb.ok());
    REQUIRE(usb->port.has_value());
    CHECK(usb->port == kiosk::serial::PortSpec::usb({0x0403, 0x6001}));
    CHECK(usb->to_string() == "usb:0403:6001");
    CHECK(DeviceSpec::parse("usb:ABCD:ef01")->to_string() == "usb:abcd:ef01");
    for (const char* bad :
         {"", "SIM", "simulator", "ttyUSB0", "dev/ttyUSB0", "/", "/dev/", "usb:403:6001", "usb:0403:600",
          "usb:0403-6001", "usb:04030:6001", "usb:0g03:6001", "usb::", "usb:0403:6001:1"}) {
        CAPTURE(bad);
        auto spec = DeviceSpec::parse(bad);
        CHECK_FALSE(spec.ok());
    }
    CHECK(error_of("[fingerprint]\ndevice = \"COM3\"\n") ==
          "kiosk.toml: fingerprint.device: must be \"sim\", an absolute path or \"usb:VVVV:PPPP\" (hex vendor and "
          "product id), got \"COM3\"");
    CHECK(
        error_of("[dispenser]\ndevice = \"usb:1a86\"\n").starts_with("kiosk.toml: dispenser.device: must be \"sim\""));
}

TEST_CASE("a malformed device string says what is wrong with it, after the accepted forms") {
    // The USB form has one definition, serial::PortSpec's: four hex digits each.
    CHECK(error_of("[fingerprint]\ndevice = \"usb:403:6001\"\n") ==
          "kiosk.toml: fingerprint.device: must be \"sim\", an absolute path or \"usb:VVVV:PPPP\" (hex vendor and "
          "product id), got \"usb:403:6001\": the vendor and the product id are 4 hex digits each, as lsusb prints "
          "them (\"usb:1a86:7523\")");
    CHECK(error_of("[dispenser]\ndevice = \"/dev/\"\n")
              .ends_with("got \"/dev/\": a path must name a device file, not a directory"));
    auto spec = DeviceSpec::parse("usb:1a86");
    REQUIRE_FALSE(spec.ok());
    CHECK(spec.error().where == "device");
    CHECK(spec.error().what.find("4 hex digits each") != std::string::npos);
}

TEST_CASE("cardreader.read_timeout_ms: one card's read and check, 500 to 30000 ms") {
    CHECK(Config{}.cardreader.read_timeout_ms == 3000);
    CHECK(parsed("[cardreader]\nread_timeout_ms = 500\n").cardreader.read_timeout_ms == 500);
    CHECK(parsed("[cardreader]\nread_timeout_ms = 30000\n").cardreader.read_timeout_ms == 30000);
    CHECK(error_of("[cardreader]\nread_timeout_ms = 499\n") ==
          "kiosk.toml: cardreader.read_timeout_ms: must be between 500 and 30000, got 499");
    CHECK(error_of("[cardreader]\nread_timeout_ms = 30001\n") ==
          "kiosk.toml: cardreader.read_timeout_ms: must be between 500 and 30000, got 30001");
    CHECK(error_of("[cardreader]\nread_timeout_ms = \"3s\"\n") ==
          "kiosk.toml: cardreader.read_timeout_ms: must be an integer, got a string");
}

TEST_CASE("log.level takes the log layer's level names, every one of them") {
    using kiosk::log::Level;
    for (const Level level : {Level::trace, Level::debug, Level::info, Level::warn, Level::error}) {
        const std::string name(kiosk::log::level_name(level));
        CAPTURE(name);
        CHECK(parsed("[log]\nlevel = \"" + name + "\"\n").log.level == level);
    }
    CHECK(error_of("[log]\nlevel = \"warning\"\n") ==
          "kiosk.toml: log.level: must be one of \"trace\", \"debug\", \"info\", \"warn\", \"error\", got "
          "\"warning\"");
    CHECK(Config{}.log.level == Level::info);
}

TEST_CASE("rules between keys") {
    CHECK(error_of("[session]\nidle_timeout_s = 30\nidle_warning_s = 30\n") ==
          "kiosk.toml: session.idle_warning_s: must be less than session.idle_timeout_s (30), got 30");
    CHECK(error_of("[cardreader]\nfront_reader = \"X\"\ndispenser_reader = \"X\"\n")
              .starts_with("kiosk.toml: cardreader.dispenser_reader: must differ from cardreader.front_reader"));
    CHECK(error_of("[fingerprint]\ndevice = \"/dev/ttyS0\"\n[dispenser]\ndevice = \"/dev/ttyS0\"\n") ==
          "kiosk.toml: dispenser.device: must differ from fingerprint.device, both are \"/dev/ttyS0\"");
    CHECK(error_of("[mgmt]\nport = 9000\ncentral_port = 9000\n") ==
          "kiosk.toml: mgmt.central_port: must differ from mgmt.port (9000): the central system's listener and the "
          "operators' are two");
    CHECK(error_of("[mgmt]\ncentral_port = 0\n") ==
          "kiosk.toml: mgmt.central_port: must be between 1 and 65535, got 0");
    // Two simulators are two devices.
    CHECK(parsed("[fingerprint]\ndevice = \"sim\"\n[dispenser]\ndevice = \"sim\"\n") == Config{});
}

TEST_CASE("a TOML syntax error gives file, line and column") {
    const std::string error = error_of("[kiosk]\nid = \"kiosk-01\"\nlanguage = id\n");
    CAPTURE(error);
    // The column is where toml++ noticed the problem: on the bad value, at or just past its start.
    CHECK(std::regex_match(error, std::regex(R"(kiosk\.toml:3:1[23]: .*'id'.*)")));
    CHECK(error_of("[kiosk\n").starts_with("kiosk.toml:1:"));
    CHECK(error_of("[kiosk]\nid = \"a\"\nid = \"b\"\n").starts_with("kiosk.toml:3:"));
}

TEST_CASE("load_config: a missing file, a directory, and relative paths") {
    auto missing = load_config("/nonexistent/ktp-kiosk/kiosk.toml");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().to_string() ==
          "/nonexistent/ktp-kiosk/kiosk.toml: cannot open the configuration file: No such file or directory");

    kiosk::testing::TempDir dir;
    auto directory = load_config(dir.path().string());
    REQUIRE_FALSE(directory.ok());
    CHECK(directory.error().where == dir.path().string());

    const std::string file = dir.write("kiosk.toml", "[kiosk]\ndatabase_path = \"db/kiosk.db\"\n");
    auto config = load_config(file);
    REQUIRE(config.ok());
    CHECK(config->kiosk.database_path == (dir.path() / "db/kiosk.db").string());

    const std::string bad = dir.write("bad.toml", "[session]\nidle_timeout_s = 5\n");
    auto refused = load_config(bad);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().to_string() == bad + ": session.idle_timeout_s: must be between 10 and 600, got 5");

    const std::string broken = dir.write("broken.toml", "[log]\nlevel = \"info\n");
    auto syntax = load_config(broken);
    REQUIRE_FALSE(syntax.ok());
    CHECK(syntax.error().where.starts_with(broken + ":2:"));
}

TEST_CASE("pixels per millimetre from the resolution and the diagonal") {
    DisplaySection display;  // 1080 x 1920 on 546 mm: 2203 px diagonal
    CHECK(display.px_per_mm() == doctest::Approx(4.034).epsilon(0.001));
    // A 20 mm key is about 81 px on the default panel.
    CHECK(static_cast<int>(20 * display.px_per_mm()) == 80);
}

TEST_CASE("audio.headset_fitted: no headset unless the file says one is fitted") {
    CHECK_FALSE(parsed("").audio.headset_fitted);
    CHECK(parsed("[audio]\nheadset_fitted = true\n").audio.headset_fitted);
    CHECK(error_of("[audio]\nheadset_fitted = \"yes\"\n").starts_with("kiosk.toml: audio.headset_fitted:"));
}
