// The management interface of the real `kiosk --demo`, from outside, with curl (an HTTPS client the
// kiosk's code has nothing to do with): anonymous health, tokens from kioskctl, refusals, metrics
// that promtool accepts, and no TLS below 1.2.
#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>
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
