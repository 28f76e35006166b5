// The management interface of the real `kiosk --demo`, from outside, with curl (an HTTPS client the
// kiosk's code has nothing to do with): anonymous health, tokens from kioskctl, refusals, metrics
// that promtool accepts, and no TLS below 1.2.
#include "tests/support/child_process.hpp"
#include "tests/support/database_rows.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

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
    std::string central_url;
    std::string central_cert;
    std::string central_key;
    std::string ca;
};

Demo start_demo(const fs::path& demo_dir) {
    kiosk::testing::SpawnOptions options;
    options.env = {"SDL_VIDEODRIVER=offscreen"};
    options.out = kiosk::testing::Stream::pipe;
    Demo demo{require_ok(ChildProcess::spawn({KIOSK_BIN, "--demo", "--demo-dir", demo_dir.string(), "--mgmt-port", "0",
                                              "--size", "1280x800"},
                                             options)),
              {},
              {}, {}, {}, {}, {}};
    const auto value_of = [](const std::string& line, const std::string& key) -> std::optional<std::string> {
        if (line.rfind(key + " ", 0) != 0) return std::nullopt;
        return line.substr(key.size() + 1);
    };
    while (auto line = demo.process.read_line(30'000)) {
        if (line->rfind("mgmt https://", 0) == 0) demo.url = line->substr(5);
        if (auto v = value_of(*line, "mgmt-central")) demo.central_url = *v;
        if (auto v = value_of(*line, "mgmt-central-cert")) demo.central_cert = *v;
        if (auto v = value_of(*line, "mgmt-central-key")) demo.central_key = *v;
        if (auto v = value_of(*line, "mgmt-ca")) demo.ca = *v;
        if (line->rfind("mgmt-operator-token ", 0) == 0) {
            demo.operator_token = line->substr(20);
            break;
        }
    }
    REQUIRE_MESSAGE(!demo.url.empty(), "the kiosk never printed its management URL");
    REQUIRE_MESSAGE(!demo.operator_token.empty(), "the demo printed no operator token");
    REQUIRE_MESSAGE(!demo.central_url.empty(), "the kiosk never printed its central URL");
    REQUIRE_MESSAGE(fs::exists(demo.central_cert), "the demo wrote no central client certificate");
    REQUIRE_MESSAGE(fs::exists(demo.central_key), "the demo wrote no central client key");
    REQUIRE_MESSAGE(fs::exists(demo.ca), "the demo wrote no CA certificate");
    return demo;
}

struct Answer {
    int http_code = 0;
    std::string body;
    int curl_exit = -1;
};

// Runs curl, whose argv ends with -w "\n%{http_code}" and the URL.
Answer run_curl(const std::vector<std::string>& argv) {
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

// curl -k: the operators' checks here are about credentials and TLS versions (central_curl below
// verifies the demo's CA).
Answer curl(const std::string& url, const std::string& token = {}, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {"curl", "-sk", "--max-time", "20"};
    if (!token.empty()) {
        argv.push_back("-H");
        argv.push_back("Authorization: Bearer " + token);
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.insert(argv.end(), {"-w", "\n%{http_code}", url});
    return run_curl(argv);
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

// curl as the central system: the demo's CA, and its client certificate unless `with_certificate`
// is false.
Answer central_curl(const Demo& demo, const std::string& url, bool with_certificate, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {"curl", "-sS", "--max-time", "20", "--cacert", demo.ca};
    if (with_certificate) argv.insert(argv.end(), {"--cert", demo.central_cert, "--key", demo.central_key});
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.insert(argv.end(), {"-w", "\n%{http_code}", url});
    return run_curl(argv);
}

std::vector<std::string> ndjson_put(const fs::path& body) {
    return {"-T", body.string(), "-H", "Content-Type: application/x-ndjson"};
}

fs::path records_file(const fs::path& dir) {
    const fs::path path = dir / "records.ndjson";
    std::ofstream out(path);
    for (int i = 1; i <= 500; ++i) {
        char nik[17];
        std::snprintf(nik, sizeof nik, "32010141%08d", i);
        out << R"({"nik":")" << nik << R"(","name":"Warga )" << i
            << R"(","status":"PRINT_READY_RECORD","status_time":1760000000,"queue_position":)" << i << "}\n";
    }
    out << R"({"nik":"3201014100000999","name":"Warga","status":"LOST","status_time":1})" << "\n";
    return path;
}

}  // namespace

TEST_CASE("without a client certificate the central routes are refused") {
    kiosk::testing::TempDir scratch;
    Demo demo = start_demo(scratch.path() / "demo");
    const fs::path body = records_file(scratch.path());

    // The central listener: no certificate, no TLS session (TLS 1.3 says so after the handshake, as
    // an alert on the first read: curl's 56; TLS 1.2 during it: 35).
    const Answer anonymous = central_curl(demo, demo.central_url + "/api/v1/records", false, ndjson_put(body));
    CHECK(anonymous.http_code == 0);
    CHECK((anonymous.curl_exit == 56 || anonymous.curl_exit == 35));
    const Answer anonymous12 =
        central_curl(demo, demo.central_url + "/api/v1/records", false, {"--tls-max", "1.2", "-T", body.string()});
    CHECK(anonymous12.http_code == 0);
    CHECK(anonymous12.curl_exit == 35);
    // The operators' listener asks for no certificate: without a credential the route is a 401.
    CHECK(curl(demo.url + "/api/v1/records", {}, ndjson_put(body)).http_code == 401);

    // With the demo's client certificate: imported, bad lines by number, and no NIK in the answer.
    const Answer imported = central_curl(demo, demo.central_url + "/api/v1/records", true, ndjson_put(body));
    REQUIRE_MESSAGE(imported.http_code == 200, imported.body);
    const auto answer = json::parse(imported.body).as_object();
    CHECK(answer.at("imported").as_int64() == 500);
    CHECK(answer.at("bad_lines").as_int64() == 1);
    CHECK(answer.at("first_bad_lines").as_array().at(0).as_object().at("line").as_int64() == 501);
    CHECK(imported.body.find("3201014100000999") == std::string::npos);

    // The same body again changes no row but adds the one audit row of the request.
    const fs::path database = scratch.path() / "demo" / "kiosk.db";
    const kiosk::testing::DatabaseRows before = kiosk::testing::database_rows(database.string());
    const Answer again = central_curl(demo, demo.central_url + "/api/v1/records", true, ndjson_put(body));
    REQUIRE(again.http_code == 200);
    CHECK(json::parse(again.body).as_object().at("unchanged").as_int64() == 500);
    kiosk::testing::DatabaseRows after = kiosk::testing::database_rows(database.string());
    REQUIRE(after.at("audit").size() == before.at("audit").size() + 1);
    CHECK(after.at("audit").back().find("'central:central-demo'|'records.import'") != std::string::npos);
    after.at("audit").pop_back();
    CHECK(after == before);

    demo.process.send_signal(SIGTERM);
    CHECK(demo.process.collect(20'000).exit_code == 0);
}

TEST_CASE("an operator token cannot call central routes") {
    kiosk::testing::TempDir scratch;
    Demo demo = start_demo(scratch.path() / "demo");
    const fs::path body = records_file(scratch.path());
    const std::string database = (scratch.path() / "demo" / "kiosk.db").string();
    const kiosk::testing::DatabaseRows before = kiosk::testing::database_rows(database);

    // On the operators' listener the token is valid, its role is not.
    const Answer forbidden = curl(demo.url + "/api/v1/records", demo.operator_token, ndjson_put(body));
    CHECK(forbidden.http_code == 403);
    CHECK(json::parse(forbidden.body).as_object().at("type").as_string() ==
          "https://ktp-kiosk.example/problems/forbidden");
    // On the central listener a token is no credential at all: without the certificate TLS ends it.
    const Answer token_only = central_curl(demo, demo.central_url + "/api/v1/records", false,
                                           {"-H", "Authorization: Bearer " + demo.operator_token, "-T", body.string()});
    CHECK(token_only.http_code == 0);
    // And the central system cannot call the operators' routes.
    CHECK(central_curl(demo, demo.central_url + "/api/v1/status", true).http_code == 403);
    CHECK(central_curl(demo, demo.central_url + "/metrics", true,
                       {"-H", "Authorization: Bearer " + demo.operator_token}).http_code == 403);
    // Nothing was imported.
    CHECK(kiosk::testing::database_rows(database).at("records") == before.at("records"));
}
