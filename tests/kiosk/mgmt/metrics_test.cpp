#include "kiosk/mgmt/metrics.hpp"

#include "tests/kiosk/mgmt/promtool.hpp"

#include <doctest/doctest.h>

#include <thread>

using kiosk::mgmt::Metrics;

namespace {
void declare_sample(Metrics& m) {
    m.declare_counter("kiosk_http_requests_total", "HTTP requests by route and code.", {"route", "code"});
    m.declare_gauge("kiosk_device_up", "1 when the device works.", {"device", "fault"});
    m.declare_histogram("kiosk_frame_render_seconds", "Time to render one frame.", {}, {0.004, 0.008, 0.0167});
    m.declare_gauge("kiosk_uptime_seconds", "Seconds since start.");
}
}  // namespace

TEST_CASE("counters, gauges and histograms print in the text format, families in declaration order") {
    Metrics m;
    declare_sample(m);
    m.increment("kiosk_http_requests_total", {"/healthz", "200"});
    m.increment("kiosk_http_requests_total", {"/healthz", "200"});
    m.increment("kiosk_http_requests_total", {"unmatched", "404"});
    m.set("kiosk_device_up", {"fingerprint", "none"}, 1);
    m.observe("kiosk_frame_render_seconds", {}, 0.003);
    m.observe("kiosk_frame_render_seconds", {}, 0.010);
    m.observe("kiosk_frame_render_seconds", {}, 0.5);
    m.set("kiosk_uptime_seconds", 12.5);
    CHECK(m.exposition() ==
          "# HELP kiosk_http_requests_total HTTP requests by route and code.\n"
          "# TYPE kiosk_http_requests_total counter\n"
          "kiosk_http_requests_total{route=\"/healthz\",code=\"200\"} 2\n"
          "kiosk_http_requests_total{route=\"unmatched\",code=\"404\"} 1\n"
          "# HELP kiosk_device_up 1 when the device works.\n"
          "# TYPE kiosk_device_up gauge\n"
          "kiosk_device_up{device=\"fingerprint\",fault=\"none\"} 1\n"
          "# HELP kiosk_frame_render_seconds Time to render one frame.\n"
          "# TYPE kiosk_frame_render_seconds histogram\n"
          "kiosk_frame_render_seconds_bucket{le=\"0.004\"} 1\n"
          "kiosk_frame_render_seconds_bucket{le=\"0.008\"} 1\n"
          "kiosk_frame_render_seconds_bucket{le=\"0.0167\"} 2\n"
          "kiosk_frame_render_seconds_bucket{le=\"+Inf\"} 3\n"
          "kiosk_frame_render_seconds_sum 0.513\n"
          "kiosk_frame_render_seconds_count 3\n"
          "# HELP kiosk_uptime_seconds Seconds since start.\n"
          "# TYPE kiosk_uptime_seconds gauge\n"
          "kiosk_uptime_seconds 12.5\n");
    CHECK(m.value("kiosk_http_requests_total", {"/healthz", "200"}) == 2);
    CHECK(m.value("kiosk_frame_render_seconds") == 3);
}

TEST_CASE("label values are escaped") {
    Metrics m;
    m.declare_gauge("g", "help with \\ and\nnewline", {"reason"});
    m.set("g", {"say \"hi\"\\\n"}, 1);
    CHECK(m.exposition() == "# HELP g help with \\\\ and\\nnewline\n# TYPE g gauge\ng{reason=\"say \\\"hi\\\"\\\\\\n\"} 1\n");
}

TEST_CASE("updates from several threads are all counted") {
    Metrics m;
    declare_sample(m);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&m] {
            for (int i = 0; i < 1000; ++i) {
                m.increment("kiosk_http_requests_total", {"/healthz", "200"});
                m.observe("kiosk_frame_render_seconds", {}, 0.001);
            }
        });
    for (auto& t : threads) t.join();
    CHECK(m.value("kiosk_http_requests_total", {"/healthz", "200"}) == 4000);
    CHECK(m.value("kiosk_frame_render_seconds") == 4000);
}

TEST_CASE("a histogram counted elsewhere is mirrored as it is, bucket for bucket") {
    kiosk::mgmt::HistogramCounts counts({0.004, 0.008, 0.0167});
    counts.observe(0.003);
    counts.observe(0.010);
    counts.observe(0.5);
    CHECK(counts.cumulative() == std::vector<std::uint64_t>{1, 1, 2});
    CHECK(counts.count() == 3);
    CHECK(counts.sum() == doctest::Approx(0.513));

    Metrics observed;
    declare_sample(observed);
    for (const double v : {0.003, 0.010, 0.5}) observed.observe("kiosk_frame_render_seconds", {}, v);
    Metrics mirrored;
    declare_sample(mirrored);
    mirrored.set_histogram("kiosk_frame_render_seconds", {}, counts);
    CHECK(mirrored.exposition() == observed.exposition());
    CHECK(mirrored.value("kiosk_frame_render_seconds") == 3);
}

TEST_CASE("a counter's total is mirrored and may stay or grow") {
    Metrics m;
    declare_sample(m);
    m.set_total("kiosk_http_requests_total", {"/metrics", "200"}, 0);
    CHECK(m.exposition().find("kiosk_http_requests_total{route=\"/metrics\",code=\"200\"} 0\n") != std::string::npos);
    m.set_total("kiosk_http_requests_total", {"/metrics", "200"}, 5);
    m.set_total("kiosk_http_requests_total", {"/metrics", "200"}, 5);
    CHECK(m.value("kiosk_http_requests_total", {"/metrics", "200"}) == 5);
}

TEST_CASE("clearing a gauge drops its series; the family's HELP and TYPE stay") {
    Metrics m;
    declare_sample(m);
    m.set("kiosk_device_up", {"fingerprint", "none"}, 1);
    m.set("kiosk_device_up", {"dispenser", "none"}, 0);
    m.clear("kiosk_device_up");
    const std::string text = m.exposition();
    CHECK(text.find("kiosk_device_up{") == std::string::npos);
    CHECK(text.find("# TYPE kiosk_device_up gauge\n") != std::string::npos);
    m.set("kiosk_device_up", {"fingerprint", "none"}, 1);
    CHECK(m.value("kiosk_device_up", {"fingerprint", "none"}) == 1);
}

TEST_CASE("promtool accepts the exposition") {
    Metrics m;
    declare_sample(m);
    m.increment("kiosk_http_requests_total", {"/api/v1/status", "200"});
    m.observe("kiosk_frame_render_seconds", {}, 0.002);
    m.set("kiosk_device_up", {"dispenser", "jam"}, 0);
    kiosk::mgmt::test::check_with_promtool(m.exposition(), "metrics_test_exposition");
}
