#include "kiosk/ctl/command_result.hpp"

#include <cstdio>

namespace kiosk::ctl {

int finish(const CommandResult& result, std::string_view command) {
    if (result) return *result;
    // One write, so the line is whole even when stderr is shared with another process.
    const std::string line = std::string(command) + ": " + result.error().message + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    return result.error().exit_code;
}

}  // namespace kiosk::ctl
