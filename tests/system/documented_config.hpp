// The documented configuration (assets/config/kiosk.toml, KIOSK_DOCUMENTED_CONFIG) with some of its
// lines replaced, for system tests that start the kiosk on a database and devices of their own.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace kiosk::testing {

// Writes `out`: the documented file with each `key = ...` line of `values` set to the TOML string
// given, and its `device = ...` lines (the fingerprint sensor's, then the dispenser's) set to
// `devices` in order.
inline void write_documented_config(const std::filesystem::path& out, const std::map<std::string, std::string>& values,
                                    const std::vector<std::string>& devices) {
    std::ifstream in(KIOSK_DOCUMENTED_CONFIG);
    REQUIRE(in.good());
    std::ostringstream text;
    std::string line;
    std::size_t device = 0;
    while (std::getline(in, line)) {
        for (const auto& [key, value] : values)
            if (line.rfind(key + " = ", 0) == 0) line = key + " = \"" + value + "\"";
        if (line.rfind("device = ", 0) == 0) {
            REQUIRE(device < devices.size());
            line = "device = \"" + devices[device++] + "\"";
        }
        text << line << '\n';
    }
    REQUIRE(device == devices.size());
    std::ofstream(out) << text.str();
}

}  // namespace kiosk::testing
