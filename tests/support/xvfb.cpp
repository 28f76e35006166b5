#include "tests/support/xvfb.hpp"

#include <poll.h>
#include <unistd.h>

#include <cstdio>

namespace kiosk::testing {

namespace {

constexpr int kReportTimeoutMs = 15'000;
constexpr int kXdotoolTimeoutMs = 10'000;

}  // namespace

Result<Xvfb> Xvfb::start(int width, int height) {
    // Xvfb writes the display number it chose to -displayfd. No O_CLOEXEC: it must inherit the
    // write end, which is closed here right after the fork.
    int report[2];
    if (::pipe(report) != 0) return fail("test.xvfb", "pipe failed");
    auto server = ChildProcess::spawn({"Xvfb", "-displayfd", std::to_string(report[1]), "-screen", "0",
                                       std::to_string(width) + "x" + std::to_string(height) + "x24", "-nolisten",
                                       "tcp"});
    ::close(report[1]);
    if (!server) {
        ::close(report[0]);
        return fail(server.error());
    }
    std::string number;
    for (;;) {
        pollfd p{report[0], POLLIN, 0};
        if (::poll(&p, 1, kReportTimeoutMs) != 1) {
            ::close(report[0]);
            return fail("test.xvfb", "Xvfb did not report a display within 15 s");
        }
        char c = 0;
        if (::read(report[0], &c, 1) != 1 || c == '\n') break;
        number.push_back(c);
    }
    ::close(report[0]);
    if (number.empty()) return fail("test.xvfb", "Xvfb exited without reporting a display");
    return Xvfb(std::move(server.value()), ":" + number);
}

SpawnOptions Xvfb::client_options() const {
    SpawnOptions options;
    options.env = {"DISPLAY=" + display_};
    options.unset_env = {"SDL_VIDEODRIVER"};
    return options;
}

int run_xdotool(const std::string& display, const std::vector<std::string>& args) {
    std::vector<std::string> argv{"xdotool"};
    argv.insert(argv.end(), args.begin(), args.end());
    SpawnOptions options;
    options.env = {"DISPLAY=" + display};
    auto tool = ChildProcess::spawn(argv, options);
    if (!tool) {
        std::fprintf(stderr, "%s\n", tool.error().to_string().c_str());
        return -1;
    }
    return tool->wait_or_kill(kXdotoolTimeoutMs);
}

}  // namespace kiosk::testing
