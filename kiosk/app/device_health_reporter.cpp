#include "kiosk/app/device_health_reporter.hpp"

namespace kiosk::app {

namespace session = core::session;

DeviceHealthReporter::DeviceHealthReporter(SessionInbox& inbox, session::Device device, InitialReport initial)
    : inbox_(inbox),
      device_(device),
      reported_(initial == InitialReport::down),
      fault_known_(initial != InitialReport::down) {}

void DeviceHealthReporter::report_up() { report(std::nullopt); }

void DeviceHealthReporter::report_down(session::DeviceFault fault) { report(fault); }

bool DeviceHealthReporter::up() const {
    const std::lock_guard lock(mutex_);
    return up_;
}

void DeviceHealthReporter::report(std::optional<session::DeviceFault> fault) {
    const bool up = !fault.has_value();
    // Pushed under the lock, so two threads' reports cannot reach the inbox out of order.
    const std::lock_guard lock(mutex_);
    const bool news = !reported_ || up != up_ || (fault_known_ && fault != fault_);
    reported_ = true;
    up_ = up;
    fault_ = fault;
    fault_known_ = true;
    if (!news) return;
    // The latest state supersedes a report of this device still queued (inbox.hpp, push_latest).
    inbox_.push_latest(session::DeviceHealth{device_, fault}, [device = device_](const session::Event& queued) {
        const auto* health = std::get_if<session::DeviceHealth>(&queued);
        return health != nullptr && health->device == device;
    });
}

}  // namespace kiosk::app
