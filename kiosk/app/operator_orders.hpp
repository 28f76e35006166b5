// OperatorOrders: the management server's side of the operator routes over the kiosk's service and
// screen (kiosk/mgmt/operator_routes.hpp), on the server's thread.
//
//   maintenance: the change is recorded first, with its audit row, on this thread's own database
//     connection (so a kiosk put in maintenance stays in it after a power cut, and the UI thread
//     never waits on the store for it), then handed to the UI thread (ServiceDesk), whose answer
//     says whether it is in effect or pending. Past the deadline the answer is
//     screen_not_answering; the change stays recorded and takes effect when the desk reads it, or
//     at the next start.
//   screenshot: asks the desk for the frame and encodes the pixels it returns as PNG here, so the
//     UI thread only reads them back.
//
// Neither waits longer than the deadline. Thread safety: the server's thread only (its database
// connection belongs to that thread).
#pragma once

#include "kiosk/app/service_desk.hpp"
#include "kiosk/mgmt/operator_routes.hpp"
#include "kiosk/store/sqlite.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace kiosk::app {

inline constexpr std::chrono::milliseconds kDeskAnswerDeadline{2'000};

class OperatorOrders final : public mgmt::MaintenanceControl, public mgmt::ScreenCapture {
public:
    // `database`: a connection for the server's thread; `now_s` gives unix seconds for the audit.
    OperatorOrders(store::Database database, DeskInbox& desk, std::function<std::int64_t()> now_s,
                   std::chrono::milliseconds deadline = kDeskAnswerDeadline);
    // Opens that connection on the kiosk's database.
    [[nodiscard]] static Result<std::unique_ptr<OperatorOrders>> open(const std::string& database_path, DeskInbox& desk,
                                                                      std::function<std::int64_t()> now_s);

    Result<mgmt::MaintenanceStatus, mgmt::OrderError> apply(const mgmt::MaintenanceChange& change,
                                                            const mgmt::Caller& caller) override;
    Result<std::string, mgmt::OrderError> capture_png() override;

private:
    store::Database database_;
    DeskInbox& desk_;
    std::function<std::int64_t()> now_s_;
    std::chrono::milliseconds deadline_;
};

}  // namespace kiosk::app
