// Runs the built kioskctl binary (its path comes from the KIOSKCTL compile definition) with arguments,
// and returns its exit status, stdout and stderr. Bounded: a run that outlives its deadline is killed
// and reported as exit status -1.
#pragma once

#include "tests/support/child_process.hpp"
#include "tests/support/require_ok.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace kiosk::test {

inline kiosk::testing::ProcessOutput run_kioskctl(const std::vector<std::string>& args,
                                                  std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
    std::vector<std::string> argv{KIOSKCTL};
    argv.insert(argv.end(), args.begin(), args.end());
    return kiosk::testing::require_ok(kiosk::testing::run(argv, {}, static_cast<int>(deadline.count())));
}

}  // namespace kiosk::test
