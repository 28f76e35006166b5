#include "drivers/cardreader/reader_monitor.hpp"

#include "drivers/cardreader/pcsc_context.hpp"

#include <algorithm>
#include <map>

namespace kiosk::cardreader {

namespace {

struct KnownReader {
    bool present = false;
    std::uint16_t event_count = 0;
};

}  // namespace

const char* to_string(ReaderEventKind kind) {
    switch (kind) {
        case ReaderEventKind::service_up: return "service up";
        case ReaderEventKind::service_lost: return "service lost";
        case ReaderEventKind::reader_added: return "reader added";
        case ReaderEventKind::reader_removed: return "reader removed";
        case ReaderEventKind::card_inserted: return "card inserted";
        case ReaderEventKind::card_removed: return "card removed";
    }
    return "unknown";
}

std::unique_ptr<ReaderMonitor> ReaderMonitor::start(Callback callback, MonitorOptions options, SteadyClock& clock) {
    std::unique_ptr<ReaderMonitor> monitor(new ReaderMonitor(std::move(callback), options, clock));
    monitor->thread_ = std::thread([raw = monitor.get()] { raw->run(); });
    return monitor;
}

ReaderMonitor::~ReaderMonitor() {
    stop();
}

void ReaderMonitor::stop() {
    std::unique_lock lock(mutex_);
    stopping_.request_stop();
    wake_.notify_all();
    // SCardCancel only ends a wait that has begun; the thread may be between checking stopping_ and
    // entering SCardGetStatusChange, so cancel until it confirms it has left.
    while (!exited_) {
        if (context_ != nullptr) context_->cancel();
        wake_.wait_for(lock, std::chrono::milliseconds(20));
    }
    lock.unlock();
    if (thread_.joinable()) thread_.join();
}

void ReaderMonitor::emit(ReaderEventKind kind, const std::string& reader, Bytes atr) {
    callback_(ReaderEvent{kind, reader, std::move(atr), clock_.now()});
}

bool ReaderMonitor::sleep_ms(int duration_ms) {
    return clock_.sleep_until(clock_.now() + std::chrono::milliseconds(duration_ms), stopping_.get_token());
}

void ReaderMonitor::run() {
    int backoff_ms = options_.backoff_min_ms;
    while (true) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_.stop_requested()) break;
        }
        auto context = PcscContext::establish();
        if (!context) {
            if (!sleep_ms(backoff_ms)) break;
            backoff_ms = std::min(backoff_ms * 2, options_.backoff_max_ms);
            continue;
        }
        backoff_ms = options_.backoff_min_ms;
        {
            std::lock_guard lock(mutex_);
            if (stopping_.stop_requested()) break;
            context_ = context->get();
        }
        emit(ReaderEventKind::service_up);
        watch(**context);
        {
            std::lock_guard lock(mutex_);
            context_ = nullptr;
        }
        context->reset();
        if (!sleep_ms(backoff_ms)) break;
    }
    std::lock_guard lock(mutex_);
    exited_ = true;
    wake_.notify_all();
}

// Follows one context until the service is lost or the monitor stops; reports every change.
void ReaderMonitor::watch(PcscContext& context) {
    std::map<std::string, KnownReader> known;
    std::vector<ReaderWatch> watches(1);
    watches[0].name = kPnpNotificationReader;
    bool relist = true;
    bool service_lost = false;
    while (true) {
        if (relist) {
            auto names = context.list_readers();
            if (!names) {
                service_lost = true;
                break;
            }
            for (auto it = known.begin(); it != known.end();) {
                if (std::find(names->begin(), names->end(), it->first) != names->end()) {
                    ++it;
                    continue;
                }
                if (it->second.present) emit(ReaderEventKind::card_removed, it->first);
                emit(ReaderEventKind::reader_removed, it->first);
                std::erase_if(watches, [&](const ReaderWatch& w) { return w.name == it->first; });
                it = known.erase(it);
            }
            for (const std::string& name : *names) {
                if (known.contains(name)) continue;
                known[name] = KnownReader{};
                watches.emplace_back().name = name;
                emit(ReaderEventKind::reader_added, name);
            }
            relist = false;
        }
        auto waited = context.wait_for_change(watches, std::nullopt);
        if (!waited) {
            const CardErrc code = waited.error().code;
            if (code == CardErrc::cancelled) {
                std::lock_guard lock(mutex_);
                if (stopping_.stop_requested()) break;
                continue;
            }
            if (code == CardErrc::timeout) continue;
            if (code == CardErrc::reader_unavailable) {
                relist = true;  // a reader vanished between listing and waiting
                continue;
            }
            service_lost = true;  // no service, or a state we cannot trust: start over
            break;
        }
        for (ReaderWatch& w : watches) {
            if (!w.changed) continue;
            if (w.name == kPnpNotificationReader) {
                relist = true;
                continue;
            }
            if (w.unavailable) {
                relist = true;
                continue;
            }
            KnownReader& reader = known[w.name];
            if (w.present && reader.present && w.event_count != reader.event_count) {
                // Removed and replaced between two waits: report both halves.
                emit(ReaderEventKind::card_removed, w.name);
                emit(ReaderEventKind::card_inserted, w.name, w.atr);
            } else if (w.present != reader.present) {
                emit(w.present ? ReaderEventKind::card_inserted : ReaderEventKind::card_removed, w.name,
                     w.present ? w.atr : Bytes{});
            }
            reader.present = w.present;
            reader.event_count = w.event_count;
        }
    }
    if (!service_lost) return;
    for (const auto& [name, reader] : known) {
        if (reader.present) emit(ReaderEventKind::card_removed, name);
        emit(ReaderEventKind::reader_removed, name);
    }
    emit(ReaderEventKind::service_lost);
}

void ReaderEventQueue::push(const ReaderEvent& event) {
    {
        std::lock_guard lock(mutex_);
        events_.push_back(event);
    }
    ready_.notify_all();
}

std::optional<ReaderEvent> ReaderEventQueue::pop(int timeout_ms) {
    std::unique_lock lock(mutex_);
    if (!ready_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return !events_.empty(); }))
        return std::nullopt;
    ReaderEvent event = std::move(events_.front());
    events_.pop_front();
    return event;
}

std::optional<ReaderEvent> ReaderEventQueue::wait_for(const std::function<bool(const ReaderEvent&)>& wanted,
                                                      int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        auto event = pop(static_cast<int>(left.count()));
        if (!event) return std::nullopt;
        if (wanted(*event)) return event;
    }
}

void ReaderEventQueue::clear() {
    std::lock_guard lock(mutex_);
    events_.clear();
}

}  // namespace kiosk::cardreader
