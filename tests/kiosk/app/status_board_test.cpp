// StatusBoard: the published status follows the views, the health events and the frames it is given.
#include "kiosk/app/status_board.hpp"

#include "tests/kiosk/app/test_clock.hpp"

#include <doctest/doctest.h>

#include <atomic>

#include <thread>

using namespace kiosk;
using namespace kiosk::app;
namespace session = kiosk::core::session;
using mgmt::ApplicationState;
using mgmt::StateReason;

namespace {
session::SessionView view_of(session::Screen screen) {
    session::SessionView view;
    view.screen = std::move(screen);
    return view;
}
}  // namespace

TEST_CASE("views map to CUSS states: attract available, a session active, out of service with its reason") {
    CHECK(cuss_state_of(view_of(session::AttractScreen{})) == std::pair{ApplicationState::available, StateReason::none});
    CHECK(cuss_state_of(view_of(session::IdentifyScreen{})) == std::pair{ApplicationState::active, StateReason::none});
    CHECK(cuss_state_of(view_of(session::OutOfServiceScreen{true, std::nullopt})) ==
          std::pair{ApplicationState::unavailable, StateReason::maintenance});
    CHECK(cuss_state_of(view_of(session::OutOfServiceScreen{
              false, session::DeviceDown{session::Device::fingerprint, session::DeviceFault::not_responding}})) ==
          std::pair{ApplicationState::unavailable, StateReason::out_of_service_hardware});
    CHECK(cuss_state_of(view_of(session::OutOfServiceScreen{
              false, session::DeviceDown{session::Device::dispenser, session::DeviceFault::capture_bin_full}})) ==
          std::pair{ApplicationState::unavailable, StateReason::out_of_service_consumables});
    CHECK(cuss_state_of(view_of(session::OutOfServiceScreen{false, std::nullopt})) ==
          std::pair{ApplicationState::unavailable, StateReason::out_of_service_internal});
}

TEST_CASE("the board starts from the machine's health snapshot and follows health events") {
    session::DeviceHealthSnapshot initial;
    initial.card_reader = session::DeviceFault::disconnected;
    StatusBoard board("kiosk-3", "1.2.3", 1000, initial);
    auto status = board.snapshot();
    CHECK(status.kiosk_id == "kiosk-3");
    CHECK(status.state == ApplicationState::unavailable);  // nothing shown yet
    REQUIRE(status.devices.size() == 3);
    CHECK(status.devices[0] == mgmt::DeviceStatus{session::Device::card_reader, session::DeviceFault::disconnected});
    CHECK_FALSE(status.devices[1].fault.has_value());
    CHECK_FALSE(status.last_frame_unix_ms.has_value());

    board.on_event(session::DeviceHealth{session::Device::card_reader, std::nullopt});
    board.on_event(session::DeviceHealth{session::Device::dispenser, session::DeviceFault::magazine_empty});
    board.on_event(session::Tick{});
    board.on_view(view_of(session::AttractScreen{}));
    board.on_frame(1'767'225'600'123);
    status = board.snapshot();
    CHECK_FALSE(status.devices[0].fault.has_value());
    CHECK(status.devices[2].fault == session::DeviceFault::magazine_empty);
    CHECK(status.state == ApplicationState::available);
    CHECK(status.last_frame_unix_ms == 1'767'225'600'123);
}

TEST_CASE("once stopping, the board says STOPPED whatever is still shown") {
    StatusBoard board("k", "v", 0, {});
    board.on_view(view_of(session::AttractScreen{}));
    board.on_stopping();
    board.on_view(view_of(session::AttractScreen{}));
    CHECK(board.snapshot().state == ApplicationState::stopped);
}

TEST_CASE("uptime runs on the monotonic clock from the board's start") {
    app::test::TestSteadyClock clock;
    StatusBoard board("k", "v", 1'767'225'600, {}, clock);
    CHECK(board.snapshot().uptime_s == 0);
    clock.advance(std::chrono::seconds(90));
    CHECK(board.snapshot().uptime_s == 90);
    CHECK(board.snapshot().started_unix_s == 1'767'225'600);
}

TEST_CASE("a reader on another thread never sees the published frame time go back") {
    StatusBoard board("k", "v", 0, {});
    std::atomic<bool> done{false};
    std::atomic<bool> went_back{false};
    std::thread reader([&] {
        std::int64_t seen = -1;
        while (!done) {
            const auto frame = board.snapshot().last_frame_unix_ms.value_or(-1);
            if (frame < seen) went_back = true;
            seen = frame;
        }
    });
    for (int i = 0; i < 20000; ++i) board.on_frame(i);
    done = true;
    reader.join();
    CHECK_FALSE(went_back.load());
    CHECK(board.snapshot().last_frame_unix_ms == 19999);
}
