// DeviceWorker: one thread per device, running that device's blocking I/O one job at a time.
//
// Contract: post() never blocks the caller (the UI thread) beyond a mutex; jobs run in order on the
// worker thread; a job must bound its own blocking with device deadlines. stop() asks the worker to
// finish the running job, drops the queued ones (calling their `dropped` path is the job's business:
// jobs are plain functions), and joins. A job that throws is a programmer error and aborts: no
// exception crosses the thread.
//
// The worker's stop token is stopped by request_stop(): a job that waits on a person or a device
// hands it to its waits (a driver's interrupt, a condition_variable_any), so that stop() returns
// once the job has wound down instead of after its longest deadline.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <stop_token>
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

    // Stops taking jobs, drops the queued ones and stops stop_token(); returns at once (the running
    // job goes on, and sees its waits cut short).
    void request_stop();
    // request_stop(), then waits for the running job to finish and joins the thread.
    void stop();

    [[nodiscard]] const std::string& name() const { return name_; }
    // Stopped once request_stop() was called; any thread.
    [[nodiscard]] std::stop_token stop_token() const { return stop_source_.get_token(); }

private:
    void run();
    // Runs `job`; false (after logging which worker) when it threw.
    bool run_guarded(Job& job) const;

    std::string name_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> jobs_;
    bool stopping_ = false;
    std::stop_source stop_source_;  // thread-safe in itself
    std::thread thread_;
};

}  // namespace kiosk::app
