// DeviceWorker: one thread per device, running that device's blocking I/O one job at a time.
//
// Contract: post() never blocks the caller (the UI thread) beyond a mutex; jobs run in order on the
// worker thread; a job must bound its own blocking with device deadlines. stop() asks the worker to
// finish the running job, drops the queued ones (calling their `dropped` path is the job's business:
// jobs are plain functions), and joins. A job that throws is a programmer error and aborts: no
// exception crosses the thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace kiosk::app {

class DeviceWorker {
public:
    using Job = std::function<void()>;

    explicit DeviceWorker(std::string name);
    ~DeviceWorker();  // stop()
    DeviceWorker(const DeviceWorker&) = delete;
    DeviceWorker& operator=(const DeviceWorker&) = delete;

    // Queues a job; returns false once stopping (the job is not run).
    bool post(Job job);

    // Jobs waiting (not counting the running one).
    [[nodiscard]] std::size_t queued() const;

    // Stops taking jobs and drops the queued ones; returns at once (the running job goes on).
    void request_stop();
    // request_stop(), then waits for the running job to finish and joins the thread.
    void stop();

    [[nodiscard]] const std::string& name() const { return name_; }

private:
    void run();
    // Runs `job`; false (after logging which worker) when it threw.
    bool run_guarded(Job& job) const;

    std::string name_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace kiosk::app
