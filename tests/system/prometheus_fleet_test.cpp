// Fleet monitoring end to end: a real Prometheus (Debian's, on loopback, on a free port of its own,
// with a temporary storage directory) scrapes the real `kiosk --demo` under Xvfb the way the fleet
// example (assets/prometheus/prometheus.yml) scrapes a kiosk: HTTPS against the demo's CA, the
// demo's operator token from a file, office and kiosk labels on the target. It evaluates the
// shipped rule files as they are (alerts.yml, recording.yml; nothing overridden), every second.
//
// Then, through the kiosk's own interfaces and its own database file:
// - the office view comes out of the recording rules;
// - an operator's maintenance (PUT /api/v1/maintenance) puts KioskInMaintenanceTooLong in pending
//   with the MAINTENANCE reason (its `for` is 4 hours), and never KioskOutOfService;
// - an audit row changed behind the kiosk's back (its guard trigger dropped, as an attacker with the
//   file would) makes KioskAuditChainBroken fire, polled on /api/v1/alerts until a deadline;
// - maintenance turned off takes its alert away again.
#include "tests/support/child_process.hpp"
#include "tests/support/output_lines.hpp"
#include "tests/support/raw_sqlite.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/xvfb.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
namespace json = boost::json;
using kiosk::testing::ChildProcess;
using kiosk::testing::ProcessOutput;
using kiosk::testing::require_ok;

namespace {

constexpr const char* kJob = "ktp-kiosk-demo";
constexpr const char* kOffice = "demo-office";
constexpr const char* kKiosk = "kiosk-demo";

// A TCP port on loopback that nothing listens on now (bound, read, released).
std::uint16_t free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

void write_file(const fs::path& path, const std::string& text,
                fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    fs::permissions(path, perms);
}

// The demo kiosk's facts, as it prints them.
struct Demo {
    std::string url;
    std::string operator_token;
    std::string ca;
};

Demo read_demo_facts(kiosk::testing::OutputLines& out) {
    Demo demo;
    const auto value_after = [](const std::string& line, const std::string& key) -> std::optional<std::string> {
        if (line.rfind(key + " ", 0) != 0) return std::nullopt;
        return line.substr(key.size() + 1);
    };
    const auto token = out.until(
        [&](const std::string& line) {
            if (auto v = value_after(line, "mgmt")) demo.url = *v;
            if (auto v = value_after(line, "mgmt-ca")) demo.ca = *v;
            if (auto v = value_after(line, "mgmt-operator-token")) demo.operator_token = *v;
            return !demo.operator_token.empty();
        },
        60'000);
    REQUIRE_MESSAGE(token, "the demo printed no operator token\n" << out.tail());
    REQUIRE_MESSAGE(demo.url.rfind("https://127.0.0.1:", 0) == 0, "management URL: " << demo.url);
    REQUIRE_MESSAGE(fs::exists(demo.ca), "the demo wrote no CA certificate");
    return demo;
}

// Prometheus's configuration for the demo kiosk: the fleet example's job, with test intervals.
std::string prometheus_config(const Demo& demo, const fs::path& token_file) {
    const std::string assets = KIOSK_PROMETHEUS_ASSETS;
    const std::string authority = demo.url.substr(std::string("https://").size());
    return "global:\n"
           "  scrape_interval: 1s\n"
           "  scrape_timeout: 1s\n"
           "  evaluation_interval: 1s\n"
           "rule_files:\n"
           "  - " +
           assets +
           "/alerts.yml\n"
           "  - " +
           assets +
           "/recording.yml\n"
           "scrape_configs:\n"
           "  - job_name: " +
           kJob +
           "\n"
           "    scheme: https\n"
           "    authorization:\n"
           "      type: Bearer\n"
           "      credentials_file: " +
           token_file.string() +
           "\n"
           "    tls_config:\n"
           "      ca_file: " +
           demo.ca +
           "\n"
           "      min_version: TLS12\n"
           "    static_configs:\n"
           "      - targets: [\"" +
           authority +
           "\"]\n"
           "        labels: {office: " +
           kOffice + ", kiosk: " + kKiosk + "}\n";
}

// Prometheus's HTTP API on loopback.
class PrometheusApi {
public:
    explicit PrometheusApi(std::uint16_t port) : base_("http://127.0.0.1:" + std::to_string(port)) {}

    // The body of GET path (extra curl arguments before the URL); nullopt unless it answered 200.
    // No doctest assertion in here: failure messages call it too, while doctest is reporting.
    std::optional<std::string> get(const std::string& path, const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> argv = {"curl", "-s", "--max-time", "5", "-o", "-", "-w", "\n%{http_code}"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        argv.push_back(base_ + path);
        const auto out = kiosk::testing::run(argv, {}, 15'000);
        if (!out.ok()) return std::nullopt;
        const auto newline = out->out.rfind('\n');
        if (out->exit_code != 0 || newline == std::string::npos || out->out.substr(newline + 1) != "200")
            return std::nullopt;
        return out->out.substr(0, newline);
    }

    // The instant vector of `expr` (its "result" array); empty when Prometheus does not answer.
    json::array query(const std::string& expr) const {
        const auto body = get("/api/v1/query", {"-G", "--data-urlencode", "query=" + expr});
        if (!body) return {};
        return json::parse(*body).at("data").at("result").as_array();
    }
    // The one sample's value of `expr`, or nullopt when it has none.
    std::optional<double> value(const std::string& expr) const {
        const json::array result = query(expr);
        if (result.size() != 1) return std::nullopt;
        return std::stod(std::string(result.at(0).at("value").as_array().at(1).as_string()));
    }
    // The alerts Prometheus holds now (pending and firing).
    json::array alerts() const {
        const auto body = get("/api/v1/alerts");
        if (!body) return {};
        return json::parse(*body).at("data").at("alerts").as_array();
    }
    std::optional<json::object> alert(const std::string& name) const {
        for (const auto& each : alerts())
            if (each.at("labels").at("alertname").as_string() == name) return each.as_object();
        return std::nullopt;
    }
    // What the targets page says of the demo's target (for failure messages).
    std::string target_state() const { return get("/api/v1/targets").value_or("(no answer)"); }

private:
    std::string base_;
};

// Polls `done` every 250 ms until it holds or `timeout_ms` has passed; whether it held.
bool eventually(const std::function<bool()>& done, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        if (done()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
}

std::string label(const json::object& alert, const char* name) {
    const auto* labels = alert.at("labels").as_object().if_contains(name);
    return labels ? std::string(labels->as_string()) : std::string();
}

// PUT /api/v1/maintenance over HTTPS, verifying the kiosk against the demo's CA; the status code.
int put_maintenance(const Demo& demo, const std::string& body) {
    const ProcessOutput out = require_ok(
        kiosk::testing::run({"curl", "-s", "--max-time", "20", "--cacert", demo.ca, "-o", "/dev/null", "-w",
                             "%{http_code}", "-X", "PUT", "-H", "Authorization: Bearer " + demo.operator_token, "-H",
                             "Content-Type: application/json", "--data-binary", body, demo.url + "/api/v1/maintenance"},
                            {}, 30'000));
    return std::atoi(out.out.c_str());
}

}  // namespace

TEST_CASE("a real Prometheus scrapes the demo kiosk and raises the shipped alerts when their conditions are injected") {
    auto xvfb = require_ok(kiosk::testing::Xvfb::start(1280, 800));
    kiosk::testing::TempDir scratch;
    const fs::path demo_dir = scratch.path() / "demo";
    auto options = xvfb.client_options();
    options.env.push_back("ASAN_OPTIONS=detect_leaks=0:abort_on_error=1");  // libdbus, see tests/kiosk/ui
    options.out = kiosk::testing::Stream::pipe;
    ChildProcess kiosk = require_ok(ChildProcess::spawn(
        {KIOSK_BIN, "--demo", "--demo-dir", demo_dir.string(), "--mgmt-port", "0", "--size", "1280x800"}, options));
    kiosk::testing::OutputLines out{kiosk, {}};
    const Demo demo = read_demo_facts(out);

    // Prometheus, with the token in a file of its own (as the fleet example keeps them).
    const fs::path token_file = scratch.path() / "kiosk-demo.token";
    write_file(token_file, demo.operator_token + "\n");
    const fs::path config = scratch.path() / "prometheus.yml";
    write_file(config, prometheus_config(demo, token_file));
    const std::uint16_t port = free_loopback_port();
    kiosk::testing::SpawnOptions prometheus_options;
    prometheus_options.out = kiosk::testing::Stream::discard;
    prometheus_options.dies_with_parent = true;
    ChildProcess prometheus = require_ok(ChildProcess::spawn(
        {"prometheus", "--config.file=" + config.string(), "--storage.tsdb.path=" + (scratch.path() / "tsdb").string(),
         "--web.listen-address=127.0.0.1:" + std::to_string(port), "--log.level=warn"},
        prometheus_options));
    const PrometheusApi api(port);
    REQUIRE_MESSAGE(eventually([&] { return api.get("/-/ready").has_value(); }, 30'000),
                    "Prometheus did not become ready on port " << port);

    // The kiosk is scraped over TLS with the token, and the rules see its series.
    const std::string job = std::string("{job=\"") + kJob + "\"}";
    REQUIRE_MESSAGE(eventually([&] { return api.value("up" + job) == 1.0; }, 60'000),
                    "the demo kiosk was never scraped: " << api.target_state());
    REQUIRE_MESSAGE(eventually([&] { return api.value("kiosk_audit_chain_intact" + job) == 1.0; }, 30'000),
                    "no intact audit chain scraped");
    const std::string office = std::string("{office=\"") + kOffice + "\"}";
    CHECK(eventually([&] { return api.value("office:kiosks_serving:sum" + office) == 1.0; }, 30'000));
    CHECK(api.value("office:kiosks_up:sum" + office) == 1.0);
    CHECK(api.value("kiosk_state_since_timestamp_seconds{job=\"ktp-kiosk-demo\",state=\"AVAILABLE\"}").has_value());
    CHECK_FALSE(api.alert("KioskAuditChainBroken").has_value());
    CHECK_FALSE(api.alert("KioskInMaintenanceTooLong").has_value());

    // An operator's maintenance: pending for its 4 hours, with the reason; not an outage.
    REQUIRE(put_maintenance(demo, R"({"on": true, "reason": "Penggantian pita printer"})") == 200);
    std::optional<json::object> maintenance;
    CHECK_MESSAGE(eventually(
                      [&] {
                          maintenance = api.alert("KioskInMaintenanceTooLong");
                          return maintenance.has_value();
                      },
                      30'000),
                  "no KioskInMaintenanceTooLong alert after maintenance: " << json::serialize(api.alerts()));
    if (maintenance) {
        CHECK(maintenance->at("state").as_string() == "pending");
        CHECK(label(*maintenance, "reason") == "MAINTENANCE");
        CHECK(label(*maintenance, "state") == "UNAVAILABLE");
        CHECK(label(*maintenance, "kiosk") == kKiosk);
        CHECK(label(*maintenance, "severity") == "warning");
    }
    // The office view comes from another rule group, evaluated on its own schedule: awaited too.
    CHECK_MESSAGE(eventually(
                      [&] {
                          return api.value(
                                     "office:kiosks_out_of_service:count{office=\"demo-office\",reason=\"MAINTENANCE\"}") ==
                                 1.0;
                      },
                      30'000),
                  "the office view does not count the kiosk in maintenance");
    CHECK_FALSE(api.alert("KioskOutOfService").has_value());

    // The newest audit row (the maintenance's own) changed in the file, its guard dropped first.
    const auto tampered_at = std::chrono::steady_clock::now();
    kiosk::testing::raw_exec((demo_dir / "kiosk.db").string(),
                             "PRAGMA busy_timeout = 10000; DROP TRIGGER IF EXISTS audit_no_update; "
                             "UPDATE audit SET detail = 'forged' WHERE id = (SELECT max(id) FROM audit);");
    std::optional<json::object> broken;
    const bool fired = eventually(
        [&] {
            broken = api.alert("KioskAuditChainBroken");
            return broken && broken->at("state").as_string() == "firing";
        },
        60'000);
    REQUIRE_MESSAGE(fired, "KioskAuditChainBroken never fired: " << json::serialize(api.alerts()));
    MESSAGE(
        "KioskAuditChainBroken firing "
        << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - tampered_at).count()
        << " ms after the audit row was changed");
    CHECK(label(*broken, "severity") == "critical");
    CHECK(label(*broken, "kiosk") == kKiosk);
    CHECK(label(*broken, "office") == kOffice);
    CHECK(std::string(broken->at("annotations").at("summary").as_string()) ==
          "Kiosk kiosk-demo at demo-office: audit log tampered with");
    CHECK(api.value("kiosk_audit_chain_intact" + job) == 0.0);

    // Maintenance off: its alert goes; the broken chain's stays.
    REQUIRE(put_maintenance(demo, R"({"on": false})") == 200);
    CHECK_MESSAGE(eventually([&] { return !api.alert("KioskInMaintenanceTooLong").has_value(); }, 30'000),
                  "KioskInMaintenanceTooLong stayed after maintenance ended");
    CHECK(api.alert("KioskAuditChainBroken").has_value());

    CHECK(prometheus.stop() == 0);
    CHECK(kiosk.stop() == 0);
}
