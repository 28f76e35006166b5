// ReaderMonitor: watches pcscd from its own thread with SCardGetStatusChange (readers plus the
// \\?PnP?\Notification pseudo-reader) and reports readers appearing and vanishing and cards placed
// and removed. It never polls: the thread sleeps inside pcscd until something changes.
//
// When pcscd goes away (stopped, crashed, restarted) the monitor reports service_lost (and the
// removal of every reader and card it knew), then re-establishes its context with exponential
// backoff and reports service_up and the readers and cards it finds. stop() ends the wait with
// SCardCancel and joins the thread.
//
// Events are delivered to the callback on the monitor thread, in order. The callback must not block
// for long and must not call stop(); ReaderEventQueue is a ready-made callback target.
//
// Time: the backoff's sleeps and the events' timestamps are on the SteadyClock given to start()
// (it must outlive the monitor), so a test runs the backoff on simulated time.
#pragma once

#include "drivers/cardreader/apdu.hpp"
#include "kiosk/clock/steady_clock.hpp"
#include "kiosk/core/result.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

namespace kiosk::cardreader {

class PcscContext;

enum class ReaderEventKind { service_up, service_lost, reader_added, reader_removed, card_inserted, card_removed };

[[nodiscard]] const char* to_string(ReaderEventKind kind);

struct ReaderEvent {
    ReaderEventKind kind = ReaderEventKind::service_up;
    std::string reader;  // empty for service events
    Bytes atr;           // card_inserted only
    SteadyClock::time_point at;  // on the monitor's clock
};

struct MonitorOptions {
    int backoff_min_ms = 50;
    int backoff_max_ms = 2000;
};

class ReaderMonitor {
public:
    using Callback = std::function<void(const ReaderEvent&)>;

    [[nodiscard]] static std::unique_ptr<ReaderMonitor> start(Callback callback, MonitorOptions options = {},
                                                              SteadyClock& clock = real_steady_clock());
    ~ReaderMonitor();  // stop()
    ReaderMonitor(const ReaderMonitor&) = delete;
    ReaderMonitor& operator=(const ReaderMonitor&) = delete;

    // Cancels the wait and joins the thread; idempotent. No callback runs after it returns.
    void stop();

private:
    ReaderMonitor(Callback callback, MonitorOptions options, SteadyClock& clock)
        : callback_(std::move(callback)), options_(options), clock_(clock) {}
    void run();
    void watch(PcscContext& context);
    void emit(ReaderEventKind kind, const std::string& reader = {}, Bytes atr = {});
    bool sleep_ms(int duration_ms);  // false when stopping

    Callback callback_;
    MonitorOptions options_;
    SteadyClock& clock_;
    std::stop_source stopping_;  // stopped by stop(); ends a backoff sleep at once
    std::mutex mutex_;
    std::condition_variable wake_;
    bool exited_ = false;
    PcscContext* context_ = nullptr;  // the context the thread waits on, for cancel()
    std::thread thread_;
};

// A thread-safe FIFO of reader events with deadline-bounded waits: the usual callback target.
class ReaderEventQueue {
public:
    void push(const ReaderEvent& event);
    [[nodiscard]] std::optional<ReaderEvent> pop(int timeout_ms);
    // Pops events until one satisfies `wanted` (returned) or timeout_ms passes (nullopt). Events
    // that do not match are dropped.
    [[nodiscard]] std::optional<ReaderEvent> wait_for(const std::function<bool(const ReaderEvent&)>& wanted,
                                                      int timeout_ms);
    void clear();

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<ReaderEvent> events_;
};

}  // namespace kiosk::cardreader
