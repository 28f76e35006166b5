// Metrics in the Prometheus text exposition format (version 0.0.4): counters, gauges and
// histograms, each a family with a fixed set of label names, and a series per set of label values.
//
// Families are declared once at start (declaring one twice, using an undeclared one or giving the
// wrong number of label values is a programmer error, VERIFY). Updates and exposition may come from
// any thread: the UI thread observes frame times while the server's thread counts requests.
// Label values must come from bounded sets (route labels, device names, status codes), never from
// what a client sends, so the series cannot grow without bound.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::mgmt {

// One histogram's observations: a count per bucket bound (cumulative, as the exposition prints
// them), their sum and their count. A registry keeps one per series; a thread that must not wait on
// the registry's lock (the UI thread) keeps its own under a lock of its own and the registry copies
// it in at scrape time (Metrics::set_histogram). Not thread-safe by itself.
class HistogramCounts {
public:
    // `bounds` in strictly increasing order (VERIFY); "+Inf" is implied.
    explicit HistogramCounts(std::vector<double> bounds);

    void observe(double value);

    [[nodiscard]] const std::vector<double>& bounds() const { return bounds_; }
    // cumulative()[i]: observations <= bounds()[i].
    [[nodiscard]] const std::vector<std::uint64_t>& cumulative() const { return cumulative_; }
    [[nodiscard]] double sum() const { return sum_; }
    [[nodiscard]] std::uint64_t count() const { return count_; }
    friend bool operator==(const HistogramCounts&, const HistogramCounts&) = default;

private:
    std::vector<double> bounds_;
    std::vector<std::uint64_t> cumulative_;
    double sum_ = 0;
    std::uint64_t count_ = 0;
};

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

    // Mirrors of values counted elsewhere, copied in at scrape time. A counter's total never goes
    // down (VERIFY); a histogram's bounds are the family's (VERIFY).
    void set_total(std::string_view name, const std::vector<std::string>& label_values, double total);
    void set_histogram(std::string_view name, const std::vector<std::string>& label_values,
                       const HistogramCounts& counts);
    // Drops every series of a gauge family: a value that cannot be read now is absent from the
    // exposition rather than left at its last reading.
    void clear(std::string_view name);

    // Families in declaration order, series in label order; a counter or histogram with no series
    // yet prints only its HELP and TYPE lines.
    [[nodiscard]] std::string exposition() const;

    // A series' value (counter or gauge), or a histogram's count; 0 when it has none. For tests.
    [[nodiscard]] double value(std::string_view name, const std::vector<std::string>& label_values = {}) const;

private:
    struct Series {
        double value = 0;                         // counter, gauge
        std::optional<HistogramCounts> histogram;  // histogram
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
