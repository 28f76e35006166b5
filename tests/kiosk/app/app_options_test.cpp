// The kiosk's command line and the mapping of the configuration onto the session machine's limits.
#include "kiosk/app/app_options.hpp"
#include "kiosk/app/session_setup.hpp"
#include "kiosk/app/trace_names.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace kiosk::app;

namespace {

kiosk::Result<AppOptions, int> parse(std::vector<std::string> args) {
    args.insert(args.begin(), "kiosk");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    return parse_app_options(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("window sizes: WIDTHxHEIGHT within the display's limits") {
    auto ok = parse_window_size("1280x800");
    REQUIRE(ok.has_value());
    CHECK(ok->width_px == 1280);
    CHECK(ok->height_px == 800);
    CHECK_FALSE(parse_window_size("1280x").has_value());
    CHECK_FALSE(parse_window_size("1280x800x24").has_value());
    CHECK_FALSE(parse_window_size("100x100").has_value());
    CHECK_FALSE(parse_window_size("-1280x800").has_value());
}

TEST_CASE("the command line") {
    auto options = parse({"--demo", "--size", "1024x768", "--renderer", "accelerated", "--trace"});
    REQUIRE(options.ok());
    CHECK(options->demo);
    CHECK(options->trace);
    CHECK_FALSE(options->config_path.has_value());
    REQUIRE(options->size.has_value());
    CHECK(options->size->width_px == 1024);
    CHECK(options->renderer == "accelerated");
    CHECK_FALSE(parse({"--renderer", "gpu"}).ok());
    CHECK_FALSE(parse({"--size", "big"}).ok());
}

TEST_CASE("management ports: the command line's over the configuration's; --mgmt-port 0 frees the central one") {
    const auto ports = [](std::vector<std::string> args) {
        auto options = parse(std::move(args));
        REQUIRE(options.ok());
        const ManagementPorts p = management_ports(*options, 8443, 8444);
        return std::pair<int, int>{p.operators, p.central};
    };
    CHECK(ports({}) == std::pair{8443, 8444});
    CHECK(ports({"--mgmt-port", "9443"}) == std::pair{9443, 8444});
    CHECK(ports({"--mgmt-port", "0"}) == std::pair{0, 0});
    CHECK(ports({"--mgmt-port", "0", "--mgmt-central-port", "9444"}) == std::pair{0, 9444});
    CHECK(ports({"--mgmt-central-port", "0"}) == std::pair{8443, 0});
    CHECK_FALSE(parse({"--mgmt-central-port", "65536"}).ok());
}

TEST_CASE("configuration to session limits") {
    Config config;
    config.session.idle_timeout_s = 90;
    config.session.idle_warning_s = 20;
    config.session.fingerprint_tries_per_session = 4;
    config.session.nik_lock_failures = 6;
    config.fingerprint.score_min = 70;
    config.fingerprint.capture_timeout_ms = 12'000;
    config.kiosk.language = kiosk::core::Language::en;
    const auto s = session_config_from(config);
    CHECK(s.idle_timeout_after == std::chrono::seconds(90));
    CHECK(s.idle_warning_after == std::chrono::seconds(70));  // the warning shows 20 s before the end
    CHECK(s.max_finger_tries == 4);
    CHECK(s.lock.failures_to_lock == 6);
    CHECK(s.match_score_min == 70);
    CHECK(s.finger_capture_timeout == std::chrono::milliseconds(12'000));
    CHECK(s.default_language == kiosk::core::Language::en);
}

TEST_CASE("trace names say the kind, never the data") {
    const kiosk::core::session::Event event = kiosk::core::session::KeypadDigit{'7'};
    CHECK(event_name(event) == "keypad_digit");
    auto nik = kiosk::core::Nik::parse("3171014101900001");
    REQUIRE(nik.ok());
    const kiosk::core::session::Command command = kiosk::core::session::LookupRecord{1, *nik};
    CHECK(command_name(command) == "lookup_record");
}
