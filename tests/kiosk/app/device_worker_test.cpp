#include "kiosk/app/device_worker.hpp"
#include "kiosk/app/inbox.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

using namespace kiosk::app;
using namespace std::chrono_literals;

TEST_CASE("jobs run in order on the worker's own thread") {
    DeviceWorker worker("test-worker");
    std::vector<int> order;
    std::promise<std::thread::id> ran_on;
    auto ran_on_future = ran_on.get_future();
    std::promise<void> done;
    for (int i = 0; i < 5; ++i) REQUIRE(worker.post([&order, i] { order.push_back(i); }));
    REQUIRE(worker.post([&] {
        ran_on.set_value(std::this_thread::get_id());
        done.set_value();
    }));
    REQUIRE(done.get_future().wait_for(5s) == std::future_status::ready);
    CHECK(order == std::vector<int>{0, 1, 2, 3, 4});
    CHECK(ran_on_future.get() != std::this_thread::get_id());
}

TEST_CASE("stop waits for the running job, drops the queued ones, refuses new ones") {
    DeviceWorker worker("test-stop");
    std::mutex mutex;
    std::condition_variable cv;
    bool started = false;
    bool release = false;
    std::atomic<int> ran{0};
    REQUIRE(worker.post([&] {
        {
            std::unique_lock lock(mutex);
            started = true;
            cv.notify_all();
            cv.wait(lock, [&] { return release; });
        }
        ++ran;
    }));
    for (int i = 0; i < 3; ++i) REQUIRE(worker.post([&] { ++ran; }));
    {
        std::unique_lock lock(mutex);
        REQUIRE(cv.wait_for(lock, 5s, [&] { return started; }));
    }
    CHECK(worker.queued() == 3);
    worker.request_stop();
    CHECK(worker.queued() == 0);
    {
        const std::lock_guard lock(mutex);
        release = true;
    }
    cv.notify_all();
    worker.stop();
    CHECK(ran == 1);
    CHECK_FALSE(worker.post([&] { ++ran; }));
}

TEST_CASE("stop cuts short a running job that waits on the worker's stop token") {
    DeviceWorker worker("test-token");
    std::promise<void> waiting;
    std::atomic<bool> woke_by_stop{false};
    REQUIRE(worker.post([&] {
        // A job waiting on a person (a card at the mouth) for far longer than stop may take.
        std::mutex mutex;
        std::condition_variable_any wake;
        std::unique_lock lock(mutex);
        waiting.set_value();
        (void)wake.wait_for(lock, worker.stop_token(), 60s, [] { return false; });
        woke_by_stop = worker.stop_token().stop_requested();
    }));
    REQUIRE(waiting.get_future().wait_for(5s) == std::future_status::ready);
    CHECK_FALSE(worker.stop_token().stop_requested());
    const auto stopping = std::chrono::steady_clock::now();
    worker.stop();                                             // returns only once the job returned
    CHECK(std::chrono::steady_clock::now() - stopping < 10s);  // a guard far below the job's 60 s
    CHECK(woke_by_stop);
}

TEST_CASE("the inbox wakes its reader on every push and drains in order") {
    std::atomic<int> wakes{0};
    Inbox<int> inbox([&] { ++wakes; }, 3);
    std::thread producer([&] {
        for (int i = 0; i < 3; ++i) CHECK(inbox.push(i));
    });
    producer.join();
    CHECK(wakes == 3);
    CHECK_FALSE(inbox.push(99));  // full: refused and counted, never grows
    CHECK(inbox.dropped() == 1);
    CHECK(inbox.drain() == std::vector<int>{0, 1, 2});
    CHECK(inbox.drain().empty());
    CHECK(inbox.push(4));
}
