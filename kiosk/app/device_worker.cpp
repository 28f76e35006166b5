#include "kiosk/app/device_worker.hpp"

#include <cstdio>
#include <cstdlib>
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
    wake_.notify_one();
}

void DeviceWorker::stop() {
    request_stop();
    if (thread_.joinable()) thread_.join();
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
        try {
            job();
        } catch (const std::exception& e) {
            std::fprintf(stderr, "kiosk: worker %s: job threw: %s\n", name_.c_str(), e.what());
            std::abort();
        } catch (...) {
            std::fprintf(stderr, "kiosk: worker %s: job threw\n", name_.c_str());
            std::abort();
        }
    }
}

}  // namespace kiosk::app
