// `promtool check metrics` (Debian's prometheus package) over an exposition, for the metrics tests.
// A machine without promtool fails the check rather than skipping it: install-deps installs it.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

namespace kiosk::mgmt::test {

// Checks `exposition` with promtool (files named after `name` in the working directory); fails the
// test, with promtool's words, when promtool is missing or refuses it.
inline void check_with_promtool(const std::string& exposition, const std::string& name) {
    if (std::system("command -v promtool > /dev/null 2>&1") != 0) {
        FAIL("promtool is not installed (scripts/install-deps installs the prometheus package)");
    }
    const std::string path = name + ".prom";
    const std::string log_path = name + ".promtool.log";
    std::ofstream(path) << exposition;
    const int rc = std::system(("promtool check metrics < " + path + " > " + log_path + " 2>&1").c_str());
    std::ifstream log(log_path);
    const std::string said((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    INFO(said);
    CHECK(rc == 0);
    CHECK(said.empty());  // promtool prints its lint findings even when it exits 0
}

}  // namespace kiosk::mgmt::test
