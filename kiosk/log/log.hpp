// The kiosk's log: one event per line on stderr, with a syslog priority prefix that journald turns
// into the entry's priority (STYLE.md 15), then the event name and stable key=value fields:
//
//     <4>event=fingerprint.open_failed device=fingerprint reason="no reply within 500 ms"
//
// Events and keys are lower-case words joined by '.' or '_'; they are an interface (alert rules and
// operators grep for them), so a rename is a change to announce. Values are quoted when they hold a
// space, '=', '"' or a control character.
//
// Personal data never goes in: callers log reasons, counts, device names and masked ids, never a
// NIK, a name, a template or a token. As a second line of defence, format_line() replaces any run of
// exactly 16 digits (a NIK's shape), any run of 32 or more hex digits (a template, a key) and any
// bearer token ("ktk_" and the base64url that follows) in a value with "[redacted]".
//
// Thread safety: every function may be called from any thread. A line reaches stderr with one
// write(2), so lines from two threads never interleave. set_threshold() and set_sink() are meant for
// start-up and tests; they are atomic but do not wait for writes already under way.
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kiosk::log {

// The levels of the [log] level key, least severe first.
enum class Level { trace, debug, info, warn, error };

[[nodiscard]] std::string_view level_name(Level level);           // "trace" ... "error"
[[nodiscard]] std::optional<Level> level_from_name(std::string_view name);
[[nodiscard]] int syslog_priority(Level level);                    // error 3, warn 4, info 6, debug/trace 7

struct Field {
    std::string_view key;
    std::string value;
};

// Field builders: kv("slot", 12), kv("reason", error.what), kv("ok", true).
[[nodiscard]] inline Field kv(std::string_view key, std::string_view value) { return {key, std::string(value)}; }
[[nodiscard]] inline Field kv(std::string_view key, const char* value) { return {key, std::string(value)}; }
[[nodiscard]] inline Field kv(std::string_view key, const std::string& value) { return {key, value}; }
[[nodiscard]] inline Field kv(std::string_view key, bool value) { return {key, value ? "true" : "false"}; }
template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>)
[[nodiscard]] Field kv(std::string_view key, T value) {
    return {key, std::to_string(value)};
}
[[nodiscard]] Field kv(std::string_view key, double value);

// The line for one event, with its prefix and without the newline. Pure. An event or key outside
// [a-z0-9._] is a programmer error (VERIFY).
[[nodiscard]] std::string format_line(Level level, std::string_view event, std::span<const Field> fields);

// The least severe level written; the default is info. Events below it cost one atomic load.
void set_threshold(Level level);
[[nodiscard]] Level threshold();
[[nodiscard]] bool enabled(Level level);

// Where lines go: stderr by default; a test installs a sink to read them. nullptr restores stderr.
// The sink is called with the line without its newline, from the logging thread.
using Sink = void (*)(std::string_view line);
void set_sink(Sink sink);

void write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void error(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::error, event, fields);
}
inline void warn(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::warn, event, fields);
}
inline void info(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::info, event, fields);
}
inline void debug(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::debug, event, fields);
}
inline void trace(std::string_view event, std::initializer_list<Field> fields = {}) {
    write(Level::trace, event, fields);
}

}  // namespace kiosk::log
