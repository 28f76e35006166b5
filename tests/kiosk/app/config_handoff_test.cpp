// ConfigHandoff: the UI thread's side of a live change. The notice at once, the session's limits
// only between sessions.
#include "kiosk/app/config_handoff.hpp"
#include "kiosk/app/session_setup.hpp"

#include <doctest/doctest.h>

#include <chrono>

using namespace kiosk;
using namespace kiosk::app;
namespace session = kiosk::core::session;
using namespace std::chrono_literals;

namespace {

session::Instant at(std::chrono::seconds s) {
    return session::Instant{} + s;
}

}  // namespace

TEST_CASE("the notice is handed over once per change") {
    ConfigHandoff handoff;
    CHECK_FALSE(handoff.take_notice().has_value());
    Config changed;
    changed.kiosk.notice = "Tutup 15.00";
    handoff.receive(changed);
    CHECK(handoff.take_notice() == std::optional<std::string>("Tutup 15.00"));
    CHECK_FALSE(handoff.take_notice().has_value());
    changed.kiosk.notice.clear();
    handoff.receive(changed);
    CHECK(handoff.take_notice() == std::optional<std::string>(""));  // the notice removed
}

TEST_CASE("new session limits wait for the attract screen, then take effect") {
    Config file;
    session::SessionMachine machine(session_config_from(file), {}, at(0s));
    machine.handle(at(1s), session::StartPressed{});
    REQUIRE(machine.phase() == session::Phase::identify);

    Config changed = file;
    changed.session.idle_timeout_s = 120;
    changed.session.idle_warning_s = 20;
    changed.kiosk.language = core::Language::en;
    ConfigHandoff handoff;
    handoff.receive(changed);
    CHECK_FALSE(handoff.apply_when_idle(machine));  // mid-session: nothing moves under the resident
    CHECK(handoff.waiting());
    machine.handle(at(62s), session::Tick{});  // the old 60 s idle timeout ends the session
    REQUIRE(machine.phase() == session::Phase::attract);
    CHECK(machine.language() == core::Language::id);
    CHECK(handoff.apply_when_idle(machine));
    CHECK_FALSE(handoff.waiting());
    CHECK(machine.language() == core::Language::en);

    // The next session runs on the new limits: still going at 61 s, warned at 100 s.
    machine.handle(at(70s), session::StartPressed{});
    machine.handle(at(131s), session::Tick{});
    CHECK(machine.phase() == session::Phase::identify);
    CHECK_FALSE(machine.view().idle_warning.has_value());
    machine.handle(at(170s), session::Tick{});
    CHECK(machine.view().idle_warning.has_value());
    CHECK_FALSE(handoff.apply_when_idle(machine));  // nothing waits
}

TEST_CASE("a newer change replaces one still waiting") {
    session::SessionMachine machine(session_config_from(Config{}), {}, at(0s));
    machine.handle(at(1s), session::StartPressed{});
    ConfigHandoff handoff;
    Config first;
    first.session.idle_timeout_s = 300;
    handoff.receive(first);
    Config second;
    second.session.idle_timeout_s = 30;
    handoff.receive(second);
    machine.handle(at(62s), session::Tick{});
    REQUIRE(machine.phase() == session::Phase::attract);
    REQUIRE(handoff.apply_when_idle(machine));
    machine.handle(at(100s), session::StartPressed{});
    machine.handle(at(131s), session::Tick{});
    CHECK(machine.phase() == session::Phase::attract);  // 30 s, not 300 s
}
