// StatusBoard: the published status follows the views, the health events and the frames it is given.
#include "kiosk/app/status_board.hpp"

#include <doctest/doctest.h>

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

TEST_CASE("snapshots from another thread while the UI thread publishes are whole") {
    StatusBoard board("k", "v", 0, {});
    std::atomic<bool> done{false};
    std::thread reader([&] {
        while (!done) {
            const auto status = board.snapshot();
            REQUIRE(status.devices.size() == 3);
        }
    });
    for (int i = 0; i < 2000; ++i) {
        board.on_event(session::DeviceHealth{session::Device::fingerprint,
                                             i % 2 ? std::optional{session::DeviceFault::hardware_fault} : std::nullopt});
        board.on_frame(i);
    }
    done = true;
    reader.join();
    CHECK(board.snapshot().last_frame_unix_ms == 1999);
}
