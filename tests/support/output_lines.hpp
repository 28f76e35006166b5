// Test support: a child program's stdout read line by line, every line remembered (for the
// failure message), until the line a test waits for or a deadline. For the kiosk's --trace lines.
#pragma once

#include "tests/support/child_process.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::testing {

struct OutputLines {
    ChildProcess& process;  // its stdout piped (Stream::pipe)
    std::vector<std::string> lines;

    // The first line from now on that satisfies `wanted`, within timeout_ms in total.
    std::optional<std::string> until(const std::function<bool(const std::string&)>& wanted, int timeout_ms) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
        for (;;) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return std::nullopt;
            auto line = process.read_line(static_cast<int>(left.count()));
            if (!line) return std::nullopt;
            lines.push_back(*line);
            if (wanted(*line)) return line;
        }
    }
    std::optional<std::string> until_prefix(const std::string& prefix, int timeout_ms) {
        return until([&](const std::string& l) { return l.rfind(prefix, 0) == 0; }, timeout_ms);
    }
    // Whether the line `wanted` came within timeout_ms.
    bool until_line(const std::string& wanted, int timeout_ms) {
        return until([&](const std::string& l) { return l == wanted; }, timeout_ms).has_value();
    }
    // The first line read so far that starts with `prefix`, else the next one within timeout_ms.
    std::optional<std::string> seen_or_next(const std::string& prefix, int timeout_ms) {
        for (const auto& line : lines)
            if (line.rfind(prefix, 0) == 0) return line;
        return until_prefix(prefix, timeout_ms);
    }
    // Reads whatever comes for `ms`, so that lines already printed are in `lines`.
    void drain(int ms) { (void)until([](const std::string&) { return false; }, ms); }
    [[nodiscard]] std::string tail() const {
        std::string out;
        const std::size_t from = lines.size() > 40 ? lines.size() - 40 : 0;
        for (std::size_t i = from; i < lines.size(); ++i) out += lines[i] + "\n";
        return out;
    }
};

}  // namespace kiosk::testing
