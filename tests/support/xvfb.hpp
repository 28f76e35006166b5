// Test support: an X server of our own (Xvfb, on a display it picks itself) for tests that run the
// real programs under X, and xdotool to drive them like a resident (clicks and keys through XTEST).
#pragma once

#include "kiosk/core/result.hpp"
#include "tests/support/child_process.hpp"

#include <string>
#include <vector>

namespace kiosk::testing {

class Xvfb {
public:
    // Starts Xvfb with one screen of `width`x`height` at 24 bits and waits (at most 15 s) for it to
    // report its display. Stopped when this goes out of scope.
    [[nodiscard]] static Result<Xvfb> start(int width, int height);

    // ":N".
    [[nodiscard]] const std::string& display() const { return display_; }
    // How to start an X client on this server: DISPLAY set, and SDL_VIDEODRIVER not inherited (the
    // UI tests run with SDL_VIDEODRIVER=offscreen, which would keep the client off the server).
    [[nodiscard]] SpawnOptions client_options() const;

private:
    Xvfb(ChildProcess server, std::string display) : server_(std::move(server)), display_(std::move(display)) {}

    ChildProcess server_;
    std::string display_;
};

// Runs `xdotool args...` on `display`; its exit status, or -1 when it cannot be started or does not
// finish within 10 s.
int run_xdotool(const std::string& display, const std::vector<std::string>& args);

}  // namespace kiosk::testing
