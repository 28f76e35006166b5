// The management interface of the real `kiosk --demo`, from outside, with curl (an HTTPS client the
// kiosk's code has nothing to do with): anonymous health, tokens from kioskctl, refusals, metrics
// that promtool accepts, and no TLS below 1.2; and after a resident's pickup driven under Xvfb
// (through pcscd, as tests/system/kiosk_demo_test.cpp drives it), the pickup in /metrics and every
// component in /healthz.
#include "tests/support/child_process.hpp"
#include "tests/support/database_rows.hpp"
#include "tests/support/output_lines.hpp"
#include "tests/support/pcscd_fixture.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/xvfb.hpp"
#include "tests/system/demo_driver.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <sstream>
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

kiosk::testing::SpawnOptions offscreen() {
    kiosk::testing::SpawnOptions options;
    options.env = {"SDL_VIDEODRIVER=offscreen"};
    return options;
}

// `options` says where it draws; `extra` arguments follow the ones every test needs.
Demo start_demo(const fs::path& demo_dir, kiosk::testing::SpawnOptions options = offscreen(),
                const std::vector<std::string>& extra = {}) {
    options.out = kiosk::testing::Stream::pipe;
    std::vector<std::string> argv{KIOSK_BIN, "--demo", "--demo-dir", demo_dir.string(), "--mgmt-port", "0",
                                  "--size", "1280x800"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    Demo demo{require_ok(ChildProcess::spawn(argv, options)), {}, {}, {}, {}, {}, {}};
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

// The value of the first sample of `series` (its name and labels, exactly as exposed); nullopt when absent.
std::optional<double> sample(const std::string& exposition, const std::string& series) {
    const auto at = exposition.find("\n" + series + " ");
    if (at == std::string::npos) return std::nullopt;
    return std::strtod(exposition.c_str() + at + series.size() + 2, nullptr);
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

// ---------------------------------------------------------------- maintenance and screenshots
// The demo under a real X server, driven like a resident with xdotool, watched and steered from
// afar: the screenshot is the panel's frame at the attract screen and refused once digits are
// typed; maintenance waits for the session to end, shows its screen, and goes again when turned off;
// a kiosk that loses power in maintenance comes back in it.

namespace {

constexpr int kPanelWidth = 1280;
constexpr int kPanelHeight = 800;

using Trace = kiosk::testing::OutputLines;

struct Shot {
    int http_code = 0;
    std::string content_type;
    std::string cache_control;
    std::string body;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The value of header `name` (lower case) in a curl -D dump.
std::string header_of(const std::string& headers, const std::string& name) {
    std::istringstream lines(headers);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string lowered = line;
        for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lowered.rfind(name + ": ", 0) == 0) return line.substr(name.size() + 2);
    }
    return "";
}

Shot screenshot(const Demo& demo, const fs::path& scratch) {
    const fs::path body = scratch / "shot.body";
    const fs::path headers = scratch / "shot.headers";
    fs::remove(body);
    const Answer answer = curl(demo.url + "/api/v1/screenshot", demo.operator_token,
                               {"-o", body.string(), "-D", headers.string()});
    const std::string dump = read_file(headers);
    return Shot{answer.http_code, header_of(dump, "content-type"), header_of(dump, "cache-control"), read_file(body)};
}

// An independent PNG reader (Python's zlib): every chunk's CRC, the image data inflated to the
// size the header promises. "W H" when the file is a sound 8-bit RGB PNG.
std::string png_size(const fs::path& scratch, const std::string& png) {
    const fs::path file = scratch / "check.png";
    std::ofstream(file, std::ios::binary) << png;
    const char* script = R"(import struct, sys, zlib
d = open(sys.argv[1], 'rb').read()
assert d[:8] == b'\x89PNG\r\n\x1a\n', 'signature'
i, idat, w, h = 8, b'', 0, 0
while i < len(d):
    n, = struct.unpack('>I', d[i:i + 4])
    kind, body = d[i + 4:i + 8], d[i + 8:i + 8 + n]
    crc, = struct.unpack('>I', d[i + 8 + n:i + 12 + n])
    assert zlib.crc32(kind + body) & 0xffffffff == crc, kind
    if kind == b'IHDR':
        w, h, depth, colour = struct.unpack('>IIBB', body[:10])
        assert (depth, colour) == (8, 2), (depth, colour)
    if kind == b'IDAT':
        idat += body
    i += 12 + n
assert len(zlib.decompress(idat)) == h * (1 + 3 * w), 'image data'
print(w, h)
)";
    const ProcessOutput out = require_ok(kiosk::testing::run({"python3", "-c", script, file.string()}));
    INFO(out.err);
    return out.exit_code == 0 ? out.out.substr(0, out.out.find('\n')) : "invalid: " + out.err;
}

Answer put_maintenance(const Demo& demo, const std::string& body) {
    return curl(demo.url + "/api/v1/maintenance", demo.operator_token,
                {"-X", "PUT", "-H", "Content-Type: application/json", "--data-binary", body});
}

json::object status_of(const Demo& demo) {
    const Answer status = curl(demo.url + "/api/v1/status", demo.operator_token);
    REQUIRE(status.http_code == 200);
    return json::parse(status.body).as_object();
}

// A touch on the attract screen starts a session; then a few digits on the keyboard.
void start_typing(const std::string& display, Trace& trace) {
    REQUIRE(kiosk::testing::run_xdotool(display, {"mousemove", "--sync", "200", "300", "click", "1"}) == 0);
    REQUIRE_MESSAGE(trace.until_line("screen identify", 20'000), "no identify screen\n" << trace.tail());
    REQUIRE(kiosk::testing::run_xdotool(display, {"key", "--delay", "30", "3", "1", "7", "4"}) == 0);
}

Demo start_demo_under(const kiosk::testing::Xvfb& xvfb, const fs::path& demo_dir) {
    auto options = xvfb.client_options();
    options.env.push_back("ASAN_OPTIONS=detect_leaks=0:abort_on_error=1");  // libdbus, see tests/kiosk/ui
    return start_demo(demo_dir, options, {"--fullscreen", "--trace"});
}

}  // namespace

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

TEST_CASE("the demo's screenshot: a PNG of the panel at the attract screen, 409 once a resident types") {
    kiosk::testing::TempDir scratch;
    const auto xvfb = require_ok(kiosk::testing::Xvfb::start(kPanelWidth, kPanelHeight));
    Demo demo = start_demo_under(xvfb, scratch.path() / "demo");
    Trace trace{demo.process, {}};

    const Shot attract = screenshot(demo, scratch.path());
    REQUIRE(attract.http_code == 200);
    CHECK(attract.content_type == "image/png");
    CHECK(attract.cache_control == "no-store");
    CHECK(png_size(scratch.path(), attract.body) == "1280 800");

    start_typing(xvfb.display(), trace);
    // The digits reach the screen within a frame; keep asking until the kiosk has them.
    Shot typed;
    int captured = 1;
    for (int i = 0; i < 50 && typed.http_code != 409; ++i) {
        typed = screenshot(demo, scratch.path());
        if (typed.http_code == 200) ++captured;
    }
    REQUIRE(typed.http_code == 409);
    CHECK(typed.content_type == "application/problem+json");
    CHECK(json::parse(typed.body).as_object().at("type").as_string() ==
          "https://ktp-kiosk.example/problems/personal-data-on-screen");
    CHECK(typed.body.find("PNG") == std::string::npos);

    // The session ends: the frame is the operator's again.
    REQUIRE(kiosk::testing::run_xdotool(xvfb.display(), {"key", "Escape"}) == 0);
    REQUIRE_MESSAGE(trace.until_line("screen attract", 20'000), "not back to attract\n" << trace.tail());
    const Shot again = screenshot(demo, scratch.path());
    REQUIRE(again.http_code == 200);
    CHECK(png_size(scratch.path(), again.body) == "1280 800");

    // The metrics count the route under its own label.
    const Answer metrics = curl(demo.url + "/metrics", demo.operator_token);
    CHECK(metrics.body.find("kiosk_http_requests_total{route=\"/api/v1/screenshot\",code=\"409\"}") != std::string::npos);
    CHECK(metrics.body.find("kiosk_http_requests_total{route=\"/api/v1/screenshot\",code=\"200\"} " +
                            std::to_string(captured + 1)) != std::string::npos);
}

TEST_CASE("maintenance from afar: pending while a resident types, its screen after, refused input, back when off") {
    kiosk::testing::TempDir scratch;
    const auto xvfb = require_ok(kiosk::testing::Xvfb::start(kPanelWidth, kPanelHeight));
    Demo demo = start_demo_under(xvfb, scratch.path() / "demo");
    Trace trace{demo.process, {}};

    // Bad bodies change nothing and name their field.
    const Answer bad = put_maintenance(demo, R"({"on": true, "reason": "two\nlines"})");
    CHECK(bad.http_code == 400);
    CHECK(json::parse(bad.body).as_object().at("field").as_string() == "reason");
    CHECK(put_maintenance(demo, R"({"on": "yes"})").http_code == 400);
    CHECK(curl(demo.url + "/api/v1/maintenance", "ktk_not-a-token",
               {"-X", "PUT", "-H", "Content-Type: application/json", "--data-binary", R"({"on": true, "reason": "x"})"})
              .http_code == 401);
    CHECK(status_of(demo).at("state").as_string() == "AVAILABLE");

    // The devices report in during the first seconds, each changing the attract screen (whether a
    // card can be tapped): let them, then remember where the trace stood.
    trace.drain(1'500);
    const std::size_t settled = trace.lines.size();
    const Shot before = screenshot(demo, scratch.path());
    REQUIRE(before.http_code == 200);

    start_typing(xvfb.display(), trace);
    const Answer pending = put_maintenance(demo, R"({"on": true, "reason": "Printer kartu sedang diganti"})");
    REQUIRE(pending.http_code == 202);
    CHECK(json::parse(pending.body).as_object().at("state").as_string() == "pending");
    auto status = status_of(demo);
    CHECK(status.at("state").as_string() == "ACTIVE");
    CHECK(status.at("maintenance").as_object().at("state").as_string() == "pending");

    // The resident ends the session; maintenance takes over.
    REQUIRE(kiosk::testing::run_xdotool(xvfb.display(), {"key", "Escape"}) == 0);
    REQUIRE_MESSAGE(trace.until_line("screen maintenance", 20'000), "no maintenance screen\n" << trace.tail());
    status = status_of(demo);
    CHECK(status.at("state").as_string() == "UNAVAILABLE");
    CHECK(status.at("reason").as_string() == "MAINTENANCE");
    CHECK(status.at("maintenance").as_object().at("state").as_string() == "active");
    CHECK(status.at("maintenance").as_object().at("reason").as_string() == "Printer kartu sedang diganti");
    const Shot maintenance = screenshot(demo, scratch.path());
    REQUIRE(maintenance.http_code == 200);
    CHECK(png_size(scratch.path(), maintenance.body) == "1280 800");
    CHECK(maintenance.body != before.body);
    std::ofstream(scratch.path() / "maintenance.png", std::ios::binary) << maintenance.body;

    // A touch and typed digits start nothing.
    REQUIRE(kiosk::testing::run_xdotool(xvfb.display(), {"mousemove", "--sync", "300", "300", "click", "1"}) == 0);
    REQUIRE(kiosk::testing::run_xdotool(xvfb.display(), {"key", "3", "1"}) == 0);
    CHECK_FALSE(trace.until_line("screen identify", 1'500));
    CHECK(status_of(demo).at("state").as_string() == "UNAVAILABLE");

    // Turned off from afar, at once: the attract screen is back, and so is the frame.
    const Answer off = put_maintenance(demo, R"({"on": false})");
    REQUIRE(off.http_code == 200);
    CHECK(json::parse(off.body).as_object().at("state").as_string() == "off");
    REQUIRE_MESSAGE(trace.until_line("screen attract", 20'000), "no attract screen\n" << trace.tail());
    CHECK(status_of(demo).at("state").as_string() == "AVAILABLE");
    const Shot after = screenshot(demo, scratch.path());
    REQUIRE(after.http_code == 200);
    CHECK(after.body != maintenance.body);
    // The same frame as before, unless a device reported in between: every such event is printed
    // before the frame it changed, so it is in the trace once the pipe is read.
    trace.drain(500);
    const bool devices_changed = std::find(trace.lines.begin() + static_cast<std::ptrdiff_t>(settled), trace.lines.end(),
                                           "event device_health") != trace.lines.end();
    if (!devices_changed) CHECK(after.body == before.body);

    demo.process.send_signal(SIGTERM);
    const auto ended = demo.process.collect(20'000);
    CHECK(ended.err.find("Printer kartu") == std::string::npos);  // the operator's words are not logged
}

TEST_CASE("a kiosk that loses power in maintenance comes back in maintenance") {
    kiosk::testing::TempDir scratch;
    const fs::path demo_dir = scratch.path() / "demo";
    {
        Demo demo = start_demo(demo_dir);
        const Answer on = put_maintenance(demo, R"({"on": true, "reason": "Listrik padam"})");
        REQUIRE(on.http_code == 200);
        CHECK(json::parse(on.body).as_object().at("state").as_string() == "active");
        demo.process.send_signal(SIGKILL);  // the power cut
        (void)demo.process.collect(10'000);
    }
    // The same database under a plain configuration (its devices absent: the sensor's own fault
    // would take the kiosk out of service anyway, but the maintenance screen is the operator's).
    const fs::path config = scratch.path() / "kiosk.toml";
    std::ofstream(config) << "[kiosk]\ndatabase_path = \"" << (demo_dir / "kiosk.db").string()
                          << "\"\n[fingerprint]\ndevice = \"/nonexistent/tty-fingerprint\"\n"
                             "[dispenser]\ndevice = \"/nonexistent/tty-dispenser\"\n";
    auto options = offscreen();
    options.out = kiosk::testing::Stream::pipe;
    ChildProcess kiosk =
        require_ok(ChildProcess::spawn({KIOSK_BIN, "--config", config.string(), "--trace", "--size", "1280x800"}, options));
    std::vector<std::string> screens;
    while (auto line = kiosk.read_line(30'000)) {
        if (line->rfind("screen ", 0) == 0) screens.push_back(*line);
        if (line->rfind("ready", 0) == 0) break;
    }
    REQUIRE_FALSE(screens.empty());
    CHECK(screens.front() == "screen maintenance");  // from the first frame: never in service
    kiosk.send_signal(SIGTERM);
    CHECK(kiosk.wait_exit(20'000) == 0);
}

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
