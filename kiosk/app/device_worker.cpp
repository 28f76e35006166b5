#include "kiosk/app/device_worker.hpp"

#include "kiosk/core/assert.hpp"
#include "kiosk/log/log.hpp"

#include <exception>
#include <pthread.h>

namespace kiosk::app {

DeviceWorker::DeviceWorker(std::string name) : name_(std::move(name)), thread_([this] { run(); }) {}

DeviceWorker::~DeviceWorker() { stop(); }

bool DeviceWorker::post(Job job) {
    {
        const std::lock_guard lock(mutex_);
        if (stopping_) return false;
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
}

std::size_t DeviceWorker::queued() const {
    const std::lock_guard lock(mutex_);
    return jobs_.size();
}

void DeviceWorker::request_stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    stop_source_.request_stop();
    wake_.notify_one();
}

void DeviceWorker::stop() {
    request_stop();
    if (thread_.joinable()) thread_.join();
}

bool DeviceWorker::run_guarded(Job& job) const {
    try {
        job();
        return true;
    } catch (const std::exception& e) {
        log::error("worker.job_threw", {log::kv("worker", name_), log::kv("what", e.what())});
    } catch (...) {
        log::error("worker.job_threw", {log::kv("worker", name_)});
    }
    return false;
}

void DeviceWorker::run() {
    // Thread names show in top/gdb; Linux limits them to 15 characters.
    ::pthread_setname_np(::pthread_self(), name_.substr(0, 15).c_str());
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        const bool returned = run_guarded(job);
        VERIFY_MSG(returned, "a device worker's job threw: no exception may cross the thread");
    }
}

}  // namespace kiosk::app
