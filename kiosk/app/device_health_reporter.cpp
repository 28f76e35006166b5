#include "kiosk/app/device_health_reporter.hpp"

namespace kiosk::app {

namespace session = core::session;

DeviceHealthReporter::DeviceHealthReporter(SessionInbox& inbox, session::Device device, InitialReport initial)
    : inbox_(inbox), device_(device), reported_(initial == InitialReport::down) {}

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
    const bool news = !reported_ || up != up_;
    reported_ = true;
    up_ = up;
    if (news) inbox_.push(session::DeviceHealth{device_, fault});
}

}  // namespace kiosk::app
