#include "kiosk/log/log.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace log = kiosk::log;

namespace {
std::vector<std::string> g_lines;
void capture(std::string_view line) { g_lines.emplace_back(line); }

struct CaptureLog {
    CaptureLog() {
        g_lines.clear();
        log::set_sink(capture);
    }
    ~CaptureLog() {
        log::set_sink(nullptr);
        log::set_threshold(log::Level::info);
    }
};

std::string line_of(log::Level level, std::string_view event, std::initializer_list<log::Field> fields) {
    return log::format_line(level, event, std::span<const log::Field>(fields.begin(), fields.size()));
}
}  // namespace

TEST_CASE("a line has the syslog priority, the event and its fields in order") {
    CHECK(line_of(log::Level::warn, "fingerprint.open_failed", {log::kv("device", "fingerprint"), log::kv("tries", 3)}) ==
          "<4>event=fingerprint.open_failed device=fingerprint tries=3");
    CHECK(line_of(log::Level::error, "a", {}) == "<3>event=a");
    CHECK(line_of(log::Level::info, "a", {}) == "<6>event=a");
    CHECK(line_of(log::Level::debug, "a", {}) == "<7>event=a");
    CHECK(line_of(log::Level::trace, "a", {}) == "<7>event=a");
    CHECK(line_of(log::Level::info, "a", {log::kv("ok", true), log::kv("ratio", 0.5)}) == "<6>event=a ok=true ratio=0.5");
}

TEST_CASE("values with spaces, quotes or control characters are quoted and escaped") {
    CHECK(line_of(log::Level::info, "a", {log::kv("reason", "no reply in 500 ms")}) ==
          "<6>event=a reason=\"no reply in 500 ms\"");
    CHECK(line_of(log::Level::info, "a", {log::kv("reason", "say \"x\"\nback\\slash")}) ==
          "<6>event=a reason=\"say \\\"x\\\"\\nback\\\\slash\"");
    CHECK(line_of(log::Level::info, "a", {log::kv("empty", "")}) == "<6>event=a empty=\"\"");
    CHECK(line_of(log::Level::info, "a", {log::kv("k", "a=b")}) == "<6>event=a k=\"a=b\"");
    CHECK(line_of(log::Level::info, "a", {log::kv("k", std::string("\x01", 1))}) == "<6>event=a k=\"\\x01\"");
}

TEST_CASE("a NIK-shaped digit run or a long hex run never reaches the line") {
    CHECK(line_of(log::Level::info, "a", {log::kv("reason", "lookup of 3171014101900001 failed")}) ==
          "<6>event=a reason=\"lookup of [redacted] failed\"");
    // A 15- or 17-digit run is not a NIK's shape and stays (a count, a timestamp).
    CHECK(line_of(log::Level::info, "a", {log::kv("n", "317101410190000")}) == "<6>event=a n=317101410190000");
    CHECK(line_of(log::Level::info, "a", {log::kv("n", "12345678901234567")}) == "<6>event=a n=12345678901234567");
    const std::string template_hex(64, 'a');
    CHECK(line_of(log::Level::info, "a", {log::kv("t", "x" + template_hex)}) == "<6>event=a t=x[redacted]");
    CHECK(line_of(log::Level::info, "a", {log::kv("serial", "04A1B2C3")}) == "<6>event=a serial=04A1B2C3");
    // A bearer token as the store issues it: "ktk_" and 43 base64url characters.
    CHECK(line_of(log::Level::info, "a", {log::kv("header", "Bearer ktk_q-8Zr_2xV0aLm9Tn4Kd7Yc1Hs5Ww3Pe6Jf0Ub2Gi8Ro")}) ==
          "<6>event=a header=\"Bearer [redacted]\"");
}

TEST_CASE("the threshold drops events below it; the sink receives the rest") {
    CaptureLog capture_log;
    log::set_threshold(log::Level::warn);
    log::info("below");
    log::warn("at", {log::kv("n", 1)});
    log::error("above");
    REQUIRE(g_lines.size() == 2);
    CHECK(g_lines[0] == "<4>event=at n=1");
    CHECK(g_lines[1] == "<3>event=above");
    log::set_threshold(log::Level::trace);
    log::trace("now");
    CHECK(g_lines.size() == 3);
}

TEST_CASE("level names round-trip and unknown names are refused") {
    for (const auto level : {log::Level::trace, log::Level::debug, log::Level::info, log::Level::warn, log::Level::error})
        CHECK(log::level_from_name(log::level_name(level)) == level);
    CHECK_FALSE(log::level_from_name("warning").has_value());
    CHECK_FALSE(log::level_from_name("INFO").has_value());
}
