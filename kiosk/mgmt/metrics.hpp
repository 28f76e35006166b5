// Metrics in the Prometheus text exposition format (version 0.0.4): counters, gauges and
// histograms, each a family with a fixed set of label names, and a series per set of label values.
//
// Families are declared once at start (declaring one twice, using an undeclared one or giving the
// wrong number of label values is a programmer error, VERIFY). Updates and exposition may come from
// any thread: the UI thread observes frame times while the server's thread counts requests.
// Label values must come from bounded sets (route labels, device names, status codes), never from
// what a client sends, so the series cannot grow without bound.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::mgmt {

class Metrics {
public:
    enum class Type { counter, gauge, histogram };

    void declare_counter(std::string name, std::string help, std::vector<std::string> label_names = {});
    void declare_gauge(std::string name, std::string help, std::vector<std::string> label_names = {});
    // `bucket_bounds` in increasing order; "+Inf" is added.
    void declare_histogram(std::string name, std::string help, std::vector<std::string> label_names,
                           std::vector<double> bucket_bounds);

    void increment(std::string_view name, const std::vector<std::string>& label_values = {}, double by = 1);
    void set(std::string_view name, const std::vector<std::string>& label_values, double value);
    void set(std::string_view name, double value) { set(name, {}, value); }
    void observe(std::string_view name, const std::vector<std::string>& label_values, double value);

    // Families in declaration order, series in label order; a counter or histogram with no series
    // yet prints only its HELP and TYPE lines.
    [[nodiscard]] std::string exposition() const;

    // A series' value (counter or gauge), or a histogram's count; 0 when it has none. For tests.
    [[nodiscard]] double value(std::string_view name, const std::vector<std::string>& label_values = {}) const;

private:
    struct Series {
        double value = 0;                   // counter, gauge
        std::vector<std::uint64_t> buckets;  // histogram: cumulative counts per bound
        double sum = 0;
        std::uint64_t count = 0;
    };
    struct Family {
        std::string name;
        std::string help;
        Type type;
        std::vector<std::string> label_names;
        std::vector<double> bounds;
        std::map<std::vector<std::string>, Series> series;
    };

    void declare(Family family);
    Family& family_of(std::string_view name, Type type, const std::vector<std::string>& label_values);

    mutable std::mutex mutex_;
    std::vector<Family> families_;
};

}  // namespace kiosk::mgmt
