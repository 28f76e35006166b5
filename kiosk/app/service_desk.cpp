#include "kiosk/app/service_desk.hpp"

#include "kiosk/app/screen_privacy.hpp"

#include <type_traits>

namespace kiosk::app {

ServiceDesk::ServiceDesk(DeskInbox& inbox, MaintenanceSwitch maintenance, ui::SessionPresenter& presenter,
                         ui::ScreenHost& host, StatusBoard* status)
    : inbox_(inbox), maintenance_(std::move(maintenance)), presenter_(presenter), host_(host), status_(status) {
    publish();
}

void ServiceDesk::serve(const core::session::SessionMachine& machine, const Feed& feed) {
    for (auto& request : inbox_.drain()) {
        std::visit(
            [&](auto& r) {
                using T = std::decay_t<decltype(r)>;
                if constexpr (std::is_same_v<T, MaintenanceOrder>) {
                    maintenance_.order(r.change, machine.phase());
                    settle(machine, feed);
                    r.reply->put(maintenance_.status());
                } else {
                    static_assert(std::is_same_v<T, ScreenshotOrder>);
                    capture(std::move(r));
                }
            },
            request);
    }
}

void ServiceDesk::order_from_staff(const mgmt::MaintenanceChange& change,
                                   const core::session::SessionMachine& machine, const Feed& feed) {
    maintenance_.order(change, machine.phase());
    settle(machine, feed);
}

void ServiceDesk::settle(const core::session::SessionMachine& machine, const Feed& feed) {
    if (auto change = maintenance_.due(machine.phase())) feed(*change);
    publish();
}

void ServiceDesk::capture(ScreenshotOrder order) {
    // The decision is taken with the frame: the view it was drawn from is the presenter's last, and
    // nothing can change between drawing it and reading it back.
    host_.capture_next_frame([this, reply = std::move(order.reply)](const ui::Display& display, const ui::Screen&) {
        FrameCapture answer;
        if (personal_data_on_screen(presenter_.shown_view())) {
            answer.outcome = FrameCapture::Outcome::personal_data_on_screen;
        } else if (auto pixels = display.read_pixels()) {
            answer.outcome = FrameCapture::Outcome::captured;
            answer.pixels = std::move(pixels).value();
        } else {
            answer.failure = pixels.error().to_string();
        }
        reply->put(std::move(answer));
    });
}

void ServiceDesk::publish() {
    const mgmt::MaintenanceStatus now = maintenance_.status();
    if (published_ == now) return;
    published_ = now;
    presenter_.set_maintenance_reason(maintenance_.reason_on_screen());
    if (status_ != nullptr) status_->on_maintenance(now);
}

}  // namespace kiosk::app
