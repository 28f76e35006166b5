#include "kiosk/log/log.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>

#include "kiosk/core/assert.hpp"

namespace kiosk::log {
namespace {

std::atomic<Level> g_threshold{Level::info};
std::atomic<Sink> g_sink{nullptr};

constexpr std::array kLevelNames = {std::string_view("trace"), std::string_view("debug"), std::string_view("info"),
                                    std::string_view("warn"), std::string_view("error")};

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'; }

void verify_name(std::string_view name) {
    VERIFY_MSG(!name.empty(), "empty log event or key");
    for (const char c : name) VERIFY_MSG(is_name_char(c), "log event or key outside [a-z0-9._]");
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_base64url(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
}

// Replaces NIK-shaped digit runs (exactly 16), long hex runs (32 or more) and bearer tokens
// ("ktk_" and what follows it) with "[redacted]".
std::string redacted(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    std::size_t i = 0;
    while (i < value.size()) {
        if (value.substr(i, 4) == "ktk_") {
            std::size_t end = i + 4;
            while (end < value.size() && is_base64url(value[end])) ++end;
            out += "[redacted]";
            i = end;
            continue;
        }
        if (!is_hex(value[i])) {
            out.push_back(value[i++]);
            continue;
        }
        std::size_t end = i;
        bool all_digits = true;
        while (end < value.size() && is_hex(value[end])) {
            all_digits = all_digits && is_digit(value[end]);
            ++end;
        }
        const std::size_t run = end - i;
        if ((all_digits && run == 16) || run >= 32) {
            out += "[redacted]";
        } else {
            out.append(value.substr(i, run));
        }
        i = end;
    }
    return out;
}

bool needs_quotes(std::string_view value) {
    if (value.empty()) return true;
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ' ' || c == '=' || c == '"' || c == '\\' || u < 0x20 || u == 0x7F) return true;
    }
    return false;
}

void append_value(std::string& line, std::string_view raw) {
    const std::string value = redacted(raw);
    if (!needs_quotes(value)) {
        line += value;
        return;
    }
    line.push_back('"');
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': line += "\\\""; break;
            case '\\': line += "\\\\"; break;
            case '\n': line += "\\n"; break;
            case '\r': line += "\\r"; break;
            case '\t': line += "\\t"; break;
            default:
                if (u < 0x20 || u == 0x7F) {
                    std::array<char, 5> hex{};
                    std::snprintf(hex.data(), hex.size(), "\\x%02x", u);
                    line += hex.data();
                } else {
                    line.push_back(c);
                }
        }
    }
    line.push_back('"');
}

void write_stderr(std::string_view line) {
    std::string with_newline;
    with_newline.reserve(line.size() + 1);
    with_newline.append(line);
    with_newline.push_back('\n');
    const char* data = with_newline.data();
    std::size_t left = with_newline.size();
    // A log write that fails (stderr closed, a full pipe that errors) has nowhere to be reported; the
    // event is dropped rather than stalling the caller. EINTR is retried.
    while (left > 0) {
        const ssize_t n = ::write(STDERR_FILENO, data, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        data += n;
        left -= static_cast<std::size_t>(n);
    }
}

}  // namespace

std::string_view level_name(Level level) { return kLevelNames.at(static_cast<std::size_t>(level)); }

std::optional<Level> level_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kLevelNames.size(); ++i)
        if (kLevelNames[i] == name) return static_cast<Level>(i);
    return std::nullopt;
}

int syslog_priority(Level level) {
    switch (level) {
        case Level::error: return 3;
        case Level::warn: return 4;
        case Level::info: return 6;
        case Level::debug:
        case Level::trace: return 7;
    }
    VERIFY_NOT_REACHED();
}

Field kv(std::string_view key, double value) {
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%.6g", value);
    return {key, text.data()};
}

std::string format_line(Level level, std::string_view event, std::span<const Field> fields) {
    verify_name(event);
    std::string line = "<" + std::to_string(syslog_priority(level)) + ">event=";
    line += event;
    for (const Field& field : fields) {
        verify_name(field.key);
        line.push_back(' ');
        line += field.key;
        line.push_back('=');
        append_value(line, field.value);
    }
    return line;
}

void set_threshold(Level level) { g_threshold.store(level, std::memory_order_relaxed); }
Level threshold() { return g_threshold.load(std::memory_order_relaxed); }
bool enabled(Level level) { return static_cast<int>(level) >= static_cast<int>(threshold()); }
void set_sink(Sink sink) { g_sink.store(sink, std::memory_order_release); }

void write(Level level, std::string_view event, std::initializer_list<Field> fields) {
    if (!enabled(level)) return;
    const std::string line = format_line(level, event, std::span<const Field>(fields.begin(), fields.size()));
    if (const Sink sink = g_sink.load(std::memory_order_acquire)) {
        sink(line);
    } else {
        write_stderr(line);
    }
}

}  // namespace kiosk::log
