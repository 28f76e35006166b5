// The management interface of the real `kiosk --demo`, from outside, with curl (an HTTPS client the
// kiosk's code has nothing to do with): anonymous health, tokens from kioskctl, refusals, metrics
// that promtool accepts, and no TLS below 1.2.
#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <regex>

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

namespace {

// A PATCH of the configuration as an operator's client sends it.
Answer patch_config(const Demo& demo, const std::string& token, const std::string& merge_patch) {
    return curl(demo.url + "/api/v1/config", token,
                {"-X", "PATCH", "-H", "Content-Type: application/merge-patch+json", "--data-binary", merge_patch});
}

std::string problem_slug(const Answer& answer) {
    const std::string type(json::parse(answer.body).as_object().at("type").as_string());
    return type.substr(type.rfind('/') + 1);
}

std::string trimmed(std::string text) {
    text.erase(text.find_last_not_of('\n') + 1);
    return text;
}

}  // namespace

TEST_CASE("the demo's magazine over the management interface: masked NIKs only, operators only") {
    kiosk::testing::TempDir scratch;
    const fs::path demo_dir = scratch.path() / "demo";
    Demo demo = start_demo(demo_dir);

    const Answer slots = curl(demo.url + "/api/v1/slots", demo.operator_token);
    REQUIRE(slots.http_code == 200);
    CHECK_FALSE(std::regex_search(slots.body, std::regex("[0-9]{16}")));
    const auto body = json::parse(slots.body).as_object();
    const auto& first = body.at("slots").as_array().at(0).as_object();
    CHECK(first.at("slot").as_int64() == 1);
    CHECK(first.at("state").as_string() == "LOADED");
    CHECK(first.at("nik_masked").as_string() == "3171 **** **** 0001");
    CHECK(first.at("card_serial").as_string() == "DEMO0000001");
    CHECK_FALSE(first.at("past_deadline").as_bool());
    const auto& totals = body.at("totals").as_object();
    CHECK(totals.at("capacity").as_int64() == 50);
    CHECK(totals.at("used").as_int64() == 1);
    CHECK(totals.at("free").as_int64() == 49);
    CHECK(totals.at("past_deadline").as_int64() == 0);
    CHECK(slots.body.find("Siti") == std::string::npos);  // never the name

    const std::string monitor =
        trimmed(kioskctl_token(demo_dir / "kiosk.db", {"create", "--role", "monitor", "--name", "grafana"}));
    CHECK(curl(demo.url + "/api/v1/slots", monitor).http_code == 403);
    CHECK(curl(demo.url + "/api/v1/audit", monitor).http_code == 403);
    CHECK(curl(demo.url + "/api/v1/config", monitor).http_code == 403);
    const Answer bad_query = curl(demo.url + "/api/v1/slots?state=LOADED", demo.operator_token);
    CHECK(bad_query.http_code == 400);
    CHECK(problem_slug(bad_query) == "invalid-query-parameter");

    demo.process.send_signal(SIGTERM);
    const auto ended = demo.process.collect(20'000);
    CHECK_FALSE(std::regex_search(ended.err, std::regex("3171014101900001")));
}

TEST_CASE("the demo's configuration changes live, refuses bad values in its own words, and audits each change") {
    kiosk::testing::TempDir scratch;
    const fs::path demo_dir = scratch.path() / "demo";
    Demo demo = start_demo(demo_dir);
    const std::string ops =
        trimmed(kioskctl_token(demo_dir / "kiosk.db", {"create", "--role", "operator", "--name", "ops-laptop"}));

    const Answer before = curl(demo.url + "/api/v1/config", ops);
    REQUIRE(before.http_code == 200);
    auto config = json::parse(before.body).as_object();
    CHECK(config.at("session").as_object().at("idle_timeout_s").as_int64() == 60);
    CHECK(config.at("fingerprint").as_object().at("password").as_string() == "[redacted]");
    CHECK(config.at("mgmt").as_object().at("tls_key").as_string() == "[redacted]");

    const Answer patched = patch_config(
        demo, ops, R"({"session": {"idle_timeout_s": 90}, "kiosk": {"notice": "Loket tutup pukul 15.00"}})");
    REQUIRE_MESSAGE(patched.http_code == 200, patched.body);
    config = json::parse(curl(demo.url + "/api/v1/config", ops).body).as_object();
    CHECK(config.at("session").as_object().at("idle_timeout_s").as_int64() == 90);
    CHECK(config.at("kiosk").as_object().at("notice").as_string() == "Loket tutup pukul 15.00");

    const Answer low = patch_config(demo, ops, R"({"session": {"idle_timeout_s": 5}})");
    CHECK(low.http_code == 400);
    CHECK(problem_slug(low) == "invalid-config-value");
    const auto low_body = json::parse(low.body).as_object();
    CHECK(low_body.at("detail").as_string() == "session.idle_timeout_s: must be between 10 and 600, got 5");
    CHECK(low_body.at("key").as_string() == "session.idle_timeout_s");
    const Answer not_live = patch_config(demo, ops, R"({"mgmt": {"port": 9443}})");
    CHECK(not_live.http_code == 400);
    CHECK(problem_slug(not_live) == "config-key-not-live");
    CHECK(json::parse(not_live.body).as_object().at("key").as_string() == "mgmt.port");
    CHECK(patch_config(demo, ops, "[1, 2]").http_code == 400);
    CHECK(curl(demo.url + "/api/v1/config", ops,
               {"-X", "PATCH", "-H", "Content-Type: application/json", "--data-binary", "{}"})
              .http_code == 415);
    // Nothing of the refused patches took effect.
    config = json::parse(curl(demo.url + "/api/v1/config", ops).body).as_object();
    CHECK(config.at("session").as_object().at("idle_timeout_s").as_int64() == 90);

    // The audit log lists the change under the token's name, and its chain verifies.
    const Answer audit = curl(demo.url + "/api/v1/audit?limit=1000", ops);
    REQUIRE(audit.http_code == 200);
    const auto audit_body = json::parse(audit.body).as_object();
    int patches = 0;
    for (const auto& entry : audit_body.at("entries").as_array()) {
        const auto& row = entry.as_object();
        if (row.at("action").as_string() != "config.patch") continue;
        ++patches;
        CHECK(row.at("actor").as_string() == "operator:ops-laptop");
        CHECK(row.at("detail").as_string() == R"(session.idle_timeout_s=90 kiosk.notice="Loket tutup pukul 15.00")");
    }
    CHECK(patches == 1);
    CHECK(audit_body.at("chain").as_object().at("intact").as_bool());
    CHECK_FALSE(audit_body.at("more").as_bool());
    const Answer bad_limit = curl(demo.url + "/api/v1/audit?limit=0", ops);
    CHECK(bad_limit.http_code == 400);
    CHECK(json::parse(bad_limit.body).as_object().at("parameter").as_string() == "limit");

    demo.process.send_signal(SIGTERM);
    const auto ended = demo.process.collect(20'000);
    CHECK(ended.err.find(ops) == std::string::npos);
}
