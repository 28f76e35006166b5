#include "kiosk/app/operator_orders.hpp"

#include "kiosk/app/maintenance_setting.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/ui/png_encoder.hpp"

namespace kiosk::app {

namespace {

mgmt::OrderError not_answering(std::chrono::milliseconds deadline, const char* what) {
    return {mgmt::OrderFailure::screen_not_answering,
            std::string("the kiosk's screen did not answer within ") + std::to_string(deadline.count()) + " ms; " + what};
}

}  // namespace

OperatorOrders::OperatorOrders(store::Database database, DeskInbox& desk, std::function<std::int64_t()> now_s,
                               std::chrono::milliseconds deadline)
    : database_(std::move(database)), desk_(desk), now_s_(std::move(now_s)), deadline_(deadline) {}

Result<std::unique_ptr<OperatorOrders>> OperatorOrders::open(const std::string& database_path, DeskInbox& desk,
                                                             std::function<std::int64_t()> now_s) {
    store::OpenOptions options;
    options.integrity = store::IntegrityCheck::none;  // the store-check worker does that, off this thread
    auto database = TRY(store::open_store(database_path, options));
    return std::make_unique<OperatorOrders>(std::move(database), desk, std::move(now_s));
}

Result<mgmt::MaintenanceStatus, mgmt::OrderError> OperatorOrders::apply(const mgmt::MaintenanceChange& change,
                                                                        const mgmt::Caller& caller) {
    // Recorded before the kiosk acts on it: what the store holds is what a restart brings back.
    if (auto recorded = record_maintenance_change(database_, change, caller, now_s_()); !recorded) {
        return fail(mgmt::OrderError{mgmt::OrderFailure::not_recorded,
                                     "the change could not be recorded, so nothing changed: " +
                                         recorded.error().to_string()});
    }
    auto reply = std::make_shared<ReplySlot<mgmt::MaintenanceStatus>>();
    if (!desk_.push(MaintenanceOrder{change, reply}))
        return fail(not_answering(deadline_, "the change is recorded and takes effect at the kiosk's next start"));
    auto status = reply->wait_for(deadline_);
    if (!status) return fail(not_answering(deadline_, "the change is recorded and takes effect once it answers"));
    return *status;
}

Result<std::string, mgmt::OrderError> OperatorOrders::capture_png() {
    auto reply = std::make_shared<ReplySlot<FrameCapture>>();
    if (!desk_.push(ScreenshotOrder{reply})) return fail(not_answering(deadline_, "no frame was captured"));
    auto frame = reply->wait_for(deadline_);
    if (!frame) return fail(not_answering(deadline_, "no frame was captured"));
    switch (frame->outcome) {
        case FrameCapture::Outcome::captured: break;
        case FrameCapture::Outcome::personal_data_on_screen:
            return fail(mgmt::OrderError{mgmt::OrderFailure::personal_data_on_screen,
                                         "a resident's session is on screen; no image is taken until it ends"});
        case FrameCapture::Outcome::failed:
            return fail(mgmt::OrderError{mgmt::OrderFailure::failed, "the frame could not be read: " + frame->failure});
    }
    auto png = ui::encode_png(*frame->pixels);
    if (!png) return fail(mgmt::OrderError{mgmt::OrderFailure::failed, png.error().to_string()});
    return std::move(png).value();
}

}  // namespace kiosk::app
