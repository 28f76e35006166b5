// DispenserService: owns the card dispenser's driver on its own DeviceWorker and executes the
// session's FetchSlot / PresentCard / CaptureCard commands, answering each with exactly one event
// (SlotFetched / CardPresentResult / CardCaptured) in the SessionInbox, plus DeviceHealth when the
// dispenser goes down or comes back.
//
// Slots: `slot` is the store's number (1-based); the service maps it to the device's position.
//
// Thread safety: public members from the UI thread; the driver lives on the worker.
#pragma once

#include "drivers/dispenser/dispenser.hpp"
#include "kiosk/app/config.hpp"
#include "kiosk/app/device_worker.hpp"
#include "kiosk/app/session_inbox.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace kiosk::app {

class DispenserService {
public:
    DispenserService(SessionInbox& inbox, const DispenserSection& config, std::string port_spec);
    ~DispenserService();
    DispenserService(const DispenserService&) = delete;
    DispenserService& operator=(const DispenserService&) = delete;

    // Opens the device on the worker and initialises it without moving a card (keep_card), so that
    // start-up reconciliation sees the card path exactly as a power cut left it. Then runs
    // `after_open` on the worker with the open driver (reconciliation), if given.
    void connect(std::function<void(dispenser::Dispenser&)> after_open = {});
    void fetch(core::session::RequestId request, int slot);
    void present(core::session::RequestId request, core::session::Millis take_timeout);
    void capture(core::session::RequestId request);
    [[nodiscard]] bool up() const { return up_; }
    void stop();

private:
    bool ensure_open();
    void set_health(bool up, core::session::DeviceFault fault);
    void note_failure(const dispenser::DispenserError& error);

    SessionInbox& inbox_;
    DispenserSection config_;
    std::string port_spec_;
    std::unique_ptr<dispenser::Dispenser> device_;  // worker thread only
    std::atomic<bool> up_{false};
    std::atomic<bool> health_reported_{false};
    DeviceWorker worker_{"dispenser"};
};

}  // namespace kiosk::app
