#include "kiosk/mgmt/metrics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "kiosk/core/assert.hpp"

namespace kiosk::mgmt {
namespace {

bool valid_name(std::string_view name) {
    if (name.empty()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
    }
    return true;
}

// Prometheus floats: integers without a fraction, others with 15 significant digits (DBL_DIG: a
// unix timestamp keeps its milliseconds, a sum of 0.003 + 0.010 + 0.5 still reads 0.513), +Inf
// spelt so.
std::string number(double value) {
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    if (std::isnan(value)) return "NaN";
    std::array<char, 40> text{};
    if (value == std::floor(value) && std::fabs(value) < 1e15) {
        std::snprintf(text.data(), text.size(), "%.0f", value);
        return text.data();
    }
    std::snprintf(text.data(), text.size(), "%.15g", value);
    return text.data();
}

void append_escaped(std::string& out, std::string_view value, bool quote_too) {
    for (const char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (quote_too && c == '"') {
            out += "\\\"";
        } else {
            out.push_back(c);
        }
    }
}

std::string labels_text(const std::vector<std::string>& names, const std::vector<std::string>& values,
                        std::string_view extra_name = {}, std::string_view extra_value = {}) {
    if (names.empty() && extra_name.empty()) return {};
    std::string out = "{";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out.push_back(',');
        out += names[i];
        out += "=\"";
        append_escaped(out, values[i], true);
        out.push_back('"');
    }
    if (!extra_name.empty()) {
        if (!names.empty()) out.push_back(',');
        out += extra_name;
        out += "=\"";
        out += extra_value;
        out.push_back('"');
    }
    out.push_back('}');
    return out;
}

const char* type_name(Metrics::Type type) {
    switch (type) {
        case Metrics::Type::counter: return "counter";
        case Metrics::Type::gauge: return "gauge";
        case Metrics::Type::histogram: return "histogram";
    }
    return "untyped";
}

bool strictly_increasing(const std::vector<double>& bounds) {
    return std::is_sorted(bounds.begin(), bounds.end()) &&
           std::adjacent_find(bounds.begin(), bounds.end()) == bounds.end();
}

}  // namespace

HistogramCounts::HistogramCounts(std::vector<double> bounds) : bounds_(std::move(bounds)) {
    VERIFY_MSG(!bounds_.empty() && strictly_increasing(bounds_), "histogram bounds must increase");
    cumulative_.assign(bounds_.size(), 0);
}

void HistogramCounts::observe(double value) {
    for (std::size_t i = 0; i < bounds_.size(); ++i)
        if (value <= bounds_[i]) ++cumulative_[i];
    sum_ += value;
    ++count_;
}

void Metrics::declare(Family family) {
    VERIFY_MSG(valid_name(family.name), "metric name outside [a-zA-Z_:][a-zA-Z0-9_:]*");
    for (const auto& label : family.label_names) VERIFY_MSG(valid_name(label) && label != "le", "bad label name");
    const std::lock_guard lock(mutex_);
    for (const Family& existing : families_) VERIFY_MSG(existing.name != family.name, "metric declared twice");
    families_.push_back(std::move(family));
}

void Metrics::declare_counter(std::string name, std::string help, std::vector<std::string> label_names) {
    declare({std::move(name), std::move(help), Type::counter, std::move(label_names), {}, {}});
}

void Metrics::declare_gauge(std::string name, std::string help, std::vector<std::string> label_names) {
    declare({std::move(name), std::move(help), Type::gauge, std::move(label_names), {}, {}});
}

void Metrics::declare_histogram(std::string name, std::string help, std::vector<std::string> label_names,
                                std::vector<double> bucket_bounds) {
    VERIFY_MSG(!bucket_bounds.empty() && strictly_increasing(bucket_bounds), "histogram bounds must increase");
    declare({std::move(name), std::move(help), Type::histogram, std::move(label_names), std::move(bucket_bounds), {}});
}

Metrics::Family& Metrics::family_of(std::string_view name, Type type, const std::vector<std::string>& label_values) {
    for (Family& family : families_) {
        if (family.name != name) continue;
        VERIFY_MSG(family.type == type, "metric used as another type");
        VERIFY_MSG(family.label_names.size() == label_values.size(), "wrong number of label values");
        return family;
    }
    VERIFY_NOT_REACHED();
}

void Metrics::increment(std::string_view name, const std::vector<std::string>& label_values, double by) {
    const std::lock_guard lock(mutex_);
    Family& family = family_of(name, Type::counter, label_values);
    VERIFY_MSG(by >= 0, "a counter only goes up");
    family.series[label_values].value += by;
}

void Metrics::set(std::string_view name, const std::vector<std::string>& label_values, double value) {
    const std::lock_guard lock(mutex_);
    family_of(name, Type::gauge, label_values).series[label_values].value = value;
}

void Metrics::observe(std::string_view name, const std::vector<std::string>& label_values, double value) {
    const std::lock_guard lock(mutex_);
    Family& family = family_of(name, Type::histogram, label_values);
    Series& series = family.series[label_values];
    if (!series.histogram) series.histogram.emplace(family.bounds);
    series.histogram->observe(value);
}

void Metrics::set_total(std::string_view name, const std::vector<std::string>& label_values, double total) {
    const std::lock_guard lock(mutex_);
    Series& series = family_of(name, Type::counter, label_values).series[label_values];
    VERIFY_MSG(total >= series.value, "a counter only goes up");
    series.value = total;
}

void Metrics::set_histogram(std::string_view name, const std::vector<std::string>& label_values,
                            const HistogramCounts& counts) {
    const std::lock_guard lock(mutex_);
    Family& family = family_of(name, Type::histogram, label_values);
    VERIFY_MSG(counts.bounds() == family.bounds, "histogram mirrored with other bounds");
    family.series[label_values].histogram = counts;
}

void Metrics::clear(std::string_view name) {
    const std::lock_guard lock(mutex_);
    for (Family& family : families_) {
        if (family.name != name) continue;
        VERIFY_MSG(family.type == Type::gauge, "only a gauge's series are dropped");
        family.series.clear();
        return;
    }
    VERIFY_NOT_REACHED();
}

double Metrics::value(std::string_view name, const std::vector<std::string>& label_values) const {
    const std::lock_guard lock(mutex_);
    for (const Family& family : families_) {
        if (family.name != name) continue;
        const auto found = family.series.find(label_values);
        if (found == family.series.end()) return 0;
        const Series& series = found->second;
        return family.type == Type::histogram ? static_cast<double>(series.histogram->count()) : series.value;
    }
    return 0;
}

std::string Metrics::exposition() const {
    const std::lock_guard lock(mutex_);
    std::string out;
    for (const Family& family : families_) {
        out += "# HELP " + family.name + " ";
        append_escaped(out, family.help, false);
        out += "\n# TYPE " + family.name + " " + type_name(family.type) + "\n";
        for (const auto& [values, series] : family.series) {
            if (family.type != Type::histogram) {
                out += family.name + labels_text(family.label_names, values) + " " + number(series.value) + "\n";
                continue;
            }
            const HistogramCounts& histogram = *series.histogram;
            for (std::size_t i = 0; i < family.bounds.size(); ++i)
                out += family.name + "_bucket" + labels_text(family.label_names, values, "le", number(family.bounds[i])) +
                       " " + std::to_string(histogram.cumulative()[i]) + "\n";
            out += family.name + "_bucket" + labels_text(family.label_names, values, "le", "+Inf") + " " +
                   std::to_string(histogram.count()) + "\n";
            out += family.name + "_sum" + labels_text(family.label_names, values) + " " + number(histogram.sum()) +
                   "\n";
            out += family.name + "_count" + labels_text(family.label_names, values) + " " +
                   std::to_string(histogram.count()) + "\n";
        }
    }
    return out;
}

}  // namespace kiosk::mgmt
