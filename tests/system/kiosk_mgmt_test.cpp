// The management interface of the real `kiosk --demo`, from outside, with curl (an HTTPS client the
// kiosk's code has nothing to do with): anonymous health, tokens from kioskctl, refusals, metrics
// that promtool accepts, and no TLS below 1.2; and after a resident's pickup driven under Xvfb
// (through pcscd, as tests/system/kiosk_demo_test.cpp drives it), the pickup in /metrics and every
// component in /healthz.
#include "tests/support/child_process.hpp"
#include "tests/support/pcscd_fixture.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/system/demo_driver.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <unistd.h>

namespace fs = std::filesystem;
namespace json = boost::json;
using kiosk::testing::ChildProcess;
using kiosk::testing::ProcessOutput;
using kiosk::testing::require_ok;

namespace {


struct Demo {
    ChildProcess process;
    std::string url;
    std::string operator_token;
};

Demo start_demo(const fs::path& demo_dir) {
    kiosk::testing::SpawnOptions options;
    options.env = {"SDL_VIDEODRIVER=offscreen"};
    options.out = kiosk::testing::Stream::pipe;
    Demo demo{require_ok(ChildProcess::spawn({KIOSK_BIN, "--demo", "--demo-dir", demo_dir.string(), "--mgmt-port", "0",
                                              "--size", "1280x800"},
                                             options)),
              {},
              {}};
    while (auto line = demo.process.read_line(30'000)) {
        if (line->rfind("mgmt https://", 0) == 0) demo.url = line->substr(5);
        if (line->rfind("mgmt-operator-token ", 0) == 0) {
            demo.operator_token = line->substr(20);
            break;
        }
    }
    REQUIRE_MESSAGE(!demo.url.empty(), "the kiosk never printed its management URL");
    REQUIRE_MESSAGE(!demo.operator_token.empty(), "the demo printed no operator token");
    return demo;
}

struct Answer {
    int http_code = 0;
    std::string body;
    int curl_exit = -1;
};

// curl -k: the demo's CA is made at start and not written out; the TLS checks below test versions.
Answer curl(const std::string& url, const std::string& token = {}, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {"curl", "-sk", "--max-time", "20", "-w", "\n%{http_code}"};
    if (!token.empty()) {
        argv.push_back("-H");
        argv.push_back("Authorization: Bearer " + token);
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(url);
    const ProcessOutput out = require_ok(kiosk::testing::run(argv, {}, 30'000));
    Answer answer;
    answer.curl_exit = out.exit_code;
    const auto newline = out.out.rfind('\n');
    if (newline != std::string::npos) {
        answer.body = out.out.substr(0, newline);
        answer.http_code = std::atoi(out.out.c_str() + newline + 1);
    }
    return answer;
}

// The value of the first sample of `series` (its name and labels, exactly as exposed); nullopt when absent.
std::optional<double> sample(const std::string& exposition, const std::string& series) {
    const auto at = exposition.find("\n" + series + " ");
    if (at == std::string::npos) return std::nullopt;
    return std::strtod(exposition.c_str() + at + series.size() + 2, nullptr);
}

std::string kioskctl_token(const fs::path& database, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {KIOSKCTL_BIN, "--db", database.string(), "token"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessOutput out = require_ok(kiosk::testing::run(argv));
    REQUIRE_MESSAGE(out.exit_code == 0, out.err);
    return out.out;
}

}  // namespace

TEST_CASE("the demo's management interface: health, status, tokens, metrics, TLS versions") {
    kiosk::testing::TempDir scratch;
    const fs::path demo_dir = scratch.path() / "demo";  // the demo makes it: a new directory
    Demo demo = start_demo(demo_dir);

    // Anonymous health: the state check says the kiosk is serving.
    const Answer health = curl(demo.url + "/healthz");
    REQUIRE(health.http_code == 200);
    const auto health_body = json::parse(health.body).as_object();
    CHECK((health_body.at("status").as_string() == "pass" || health_body.at("status").as_string() == "warn"));
    CHECK(health_body.at("checks").as_object().at("application:state").as_array().at(0).as_object().at("observedValue")
              .as_string() == "AVAILABLE");

    // The printed operator token reads the status; no token and a made-up one are refused.
    const Answer status = curl(demo.url + "/api/v1/status", demo.operator_token);
    REQUIRE(status.http_code == 200);
    const auto status_body = json::parse(status.body).as_object();
    CHECK(status_body.at("state").as_string() == "AVAILABLE");
    CHECK(status_body.at("kiosk_id").as_string() == "kiosk-demo");
    CHECK(status_body.at("devices").as_array().size() == 3);
    CHECK(status_body.at("last_frame_unix_ms").is_int64());
    CHECK(curl(demo.url + "/api/v1/status").http_code == 401);
    CHECK(curl(demo.url + "/api/v1/status", "ktk_made-up-token").http_code == 401);
    CHECK(curl(demo.url + "/nowhere", demo.operator_token).http_code == 404);

    // A monitor token made with kioskctl on the running kiosk's database works at once; revoked, not.
    const fs::path database = demo_dir / "kiosk.db";
    std::string monitor = kioskctl_token(database, {"create", "--role", "monitor", "--name", "prometheus"});
    monitor.erase(monitor.find_last_not_of('\n') + 1);
    CHECK(curl(demo.url + "/api/v1/status", monitor).http_code == 200);

    // Metrics: a real scrape that promtool accepts, counting the requests above.
    const Answer metrics = curl(demo.url + "/metrics", monitor);
    REQUIRE(metrics.http_code == 200);
    CHECK(metrics.body.find("kiosk_http_requests_total{route=\"/api/v1/status\",code=\"401\"} 2") != std::string::npos);
    CHECK(metrics.body.find("kiosk_state{state=\"AVAILABLE\"} 1") != std::string::npos);
    const fs::path scrape = scratch.path() / "scrape.prom";
    std::ofstream(scrape) << metrics.body;
    const ProcessOutput promtool = require_ok(kiosk::testing::run_shell("promtool check metrics < " + scrape.string()));
    CHECK_MESSAGE(promtool.exit_code == 0, (promtool.out + promtool.err));

    kioskctl_token(database, {"revoke", "--name", "prometheus"});
    CHECK(curl(demo.url + "/api/v1/status", monitor).http_code == 401);

    // TLS 1.1 and below are refused at the handshake (curl's exit 35), 1.2 and 1.3 served.
    const Answer old_tls = curl(demo.url + "/healthz", {}, {"--tlsv1.0", "--tls-max", "1.1", "--ciphers", "DEFAULT@SECLEVEL=0"});
    CHECK(old_tls.curl_exit == 35);
    CHECK(old_tls.http_code == 0);
    CHECK(curl(demo.url + "/healthz", {}, {"--tlsv1.2", "--tls-max", "1.2"}).http_code == 200);
    CHECK(curl(demo.url + "/healthz", {}, {"--tlsv1.3"}).http_code == 200);

    // The token never reaches the kiosk's log.
    demo.process.send_signal(SIGTERM);
    const auto ended = demo.process.collect(20'000);
    CHECK(ended.err.find(demo.operator_token) == std::string::npos);
    CHECK(ended.err.find(monitor) == std::string::npos);
}

TEST_CASE("after a demo pickup: /metrics counts it and the input-to-frame time, /healthz checks every component") {
    REQUIRE(kiosk::testing::shared_pcscd().ensure_running().ok());
    constexpr int kWidth = 1280;
    constexpr int kHeight = 800;
    const kiosk::testing::Xvfb xvfb = require_ok(kiosk::testing::Xvfb::start(kWidth, kHeight));
    kiosk::testing::TempDir scratch;
    auto options = xvfb.client_options();
    options.env.push_back("ASAN_OPTIONS=detect_leaks=0:abort_on_error=1");  // SDL's X11 backend's libdbus
    options.out = kiosk::testing::Stream::pipe;
    ChildProcess kiosk = require_ok(ChildProcess::spawn(
        {KIOSK_BIN, "--demo", "--fullscreen", "--size", std::to_string(kWidth) + "x" + std::to_string(kHeight),
         "--demo-dir", (scratch.path() / "demo").string(), "--mgmt-port", "0", "--trace"},
        options));
    kiosk::testing::KioskOutput out{kiosk, {}};
    const auto start = kiosk::testing::await_demo_start(out);
    REQUIRE(start.residents.count("in_kiosk") == 1);
    const auto url_line = out.seen_or_next("mgmt https://", 30'000);
    REQUIRE_MESSAGE(url_line, "no management URL\n" << out.tail());
    const std::string url = url_line->substr(5);
    const auto token_line = out.seen_or_next("mgmt-operator-token ", 30'000);
    REQUIRE_MESSAGE(token_line, "no operator token\n" << out.tail());
    const std::string token = token_line->substr(20);

    // The dispenser's inventory is read just after it reported in: scrape until it is there.
    Answer before;
    for (int attempt = 0; attempt < 50; ++attempt) {
        before = curl(url + "/metrics", token);
        REQUIRE(before.http_code == 200);
        if (sample(before.body, "kiosk_magazine_cards")) break;
        ::usleep(200'000);
    }
    CHECK(sample(before.body, "kiosk_pickups_total{outcome=\"taken\"}") == 0.0);
    CHECK(sample(before.body, "kiosk_magazine_cards") == 1.0);  // the demo resident's card in slot 1

    kiosk::testing::pick_up_card(out, xvfb.display(), start.residents.at("in_kiosk"),
                                 kiosk::testing::demo_controls(kiosk::ui::Size{kWidth, kHeight}));

    const Answer after = curl(url + "/metrics", token);
    REQUIRE(after.http_code == 200);
    INFO(after.body);
    CHECK(sample(after.body, "kiosk_pickups_total{outcome=\"taken\"}") == 1.0);
    CHECK(sample(after.body, "kiosk_pickups_total{outcome=\"captured\"}") == 0.0);
    CHECK(sample(after.body, "kiosk_sessions_total{outcome=\"card_taken\"}") == 1.0);
    CHECK(sample(after.body, "kiosk_fingerprint_results_total{result=\"matched\"}") == 1.0);
    CHECK(sample(after.body, "kiosk_captures_total{reason=\"not_taken\"}") == 0.0);
    CHECK(sample(after.body, "kiosk_magazine_cards") == 0.0);
    CHECK(sample(after.body, "kiosk_slots{state=\"used\"}") == 0.0);
    CHECK(sample(after.body, "kiosk_outbox_pending_events") >= 1.0);  // card.picked_up, not yet acknowledged
    CHECK(sample(after.body, "kiosk_store_up") == 1.0);
    CHECK(sample(after.body, "kiosk_device_up{device=\"read_position_reader\"}") == 1.0);
    // Every key typed and button clicked reached the glass: the histogram holds them.
    const auto inputs = sample(after.body, "kiosk_input_to_frame_seconds_count");
    REQUIRE(inputs.has_value());
    CHECK(*inputs >= 17.0);  // at least the 16 digits and Enter
    CHECK(sample(after.body, "kiosk_input_to_frame_seconds_bucket{le=\"+Inf\"}") == inputs);
    CHECK(sample(after.body, "kiosk_frame_render_seconds_count") > 0.0);
    const fs::path scrape = scratch.path() / "after-pickup.prom";
    std::ofstream(scrape) << after.body;
    const ProcessOutput promtool = require_ok(kiosk::testing::run_shell("promtool check metrics < " + scrape.string()));
    CHECK_MESSAGE(promtool.exit_code == 0, (promtool.out + promtool.err));

    const Answer health = curl(url + "/healthz");
    CHECK((health.http_code == 200 || health.http_code == 503));
    const auto health_body = json::parse(health.body).as_object();
    const auto& checks = health_body.at("checks").as_object();
    for (const char* key : {"application:state", "database:responseTime", "fingerprint:device", "dispenser:device",
                            "card_reader:device", "read_position_reader:device", "disk:free", "magazine:fill",
                            "capture_bin:fill"}) {
        INFO(key);
        REQUIRE(checks.contains(key));
        CHECK(!checks.at(key).as_array().at(0).as_object().at("status").as_string().empty());
    }
    auto status_of = [&](const char* key) {
        return std::string(checks.at(key).as_array().at(0).as_object().at("status").as_string());
    };
    CHECK(status_of("database:responseTime") == "pass");
    CHECK(status_of("read_position_reader:device") == "pass");
    CHECK(status_of("card_reader:device") == "pass");
    CHECK(status_of("magazine:fill") == "pass");  // empty now: no fault
    CHECK(status_of("capture_bin:fill") == "pass");
    CHECK(checks.at("magazine:fill").as_array().at(0).as_object().at("observedValue").to_number<double>() == 0.0);

    const Answer status = curl(url + "/api/v1/status", token);
    REQUIRE(status.http_code == 200);
    const auto status_body = json::parse(status.body).as_object();
    CHECK(status_body.at("stock").as_object().at("cards_in_kiosk").as_int64() == 0);
    CHECK(status_body.at("stock").as_object().at("capacity").as_int64() == 50);
    CHECK(status_body.at("bin").as_object().at("count").as_int64() == 0);
    CHECK(status_body.at("pickup").as_object().at("available").as_bool());
    CHECK(status_body.at("versions").as_object().at("database_schema").is_int64());

    kiosk.send_signal(SIGTERM);
    CHECK(kiosk.wait_exit(15'000) == 0);
}
