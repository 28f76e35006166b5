// Inbox: each way in keeps its promise at the capacity. push() refuses and counts; deliver() is
// never refused (answers and once-only orders); push_latest() appends while there is room and, into
// a full inbox, drops the queued message it supersedes instead, so the latest state always arrives.
// Every accepted message wakes the reader; drain() keeps the order of arrival.
#include "kiosk/app/inbox.hpp"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

using kiosk::app::Inbox;

namespace {

// A state report of `key` with its `value`, or (key "answer") something else.
using Message = std::pair<std::string, int>;

auto same_key(const std::string& key) {
    return [key](const Message& queued) { return queued.first == key; };
}

}  // namespace

TEST_CASE("push refuses a full inbox and counts it; deliver never refuses") {
    int wakes = 0;
    Inbox<int> inbox([&] { ++wakes; }, 2);
    CHECK(inbox.push(1));
    CHECK(inbox.push(2));
    CHECK_FALSE(inbox.push(3));
    CHECK(inbox.dropped() == 1);
    inbox.deliver(4);
    inbox.deliver(5);
    CHECK(wakes == 4);  // the refused push woke nobody
    CHECK(inbox.drain() == std::vector<int>{1, 2, 4, 5});
    CHECK(inbox.push(6));  // drained: room again
}

TEST_CASE("push_latest appends while there is room; into a full inbox it supersedes its queued predecessor") {
    int wakes = 0;
    Inbox<Message> inbox([&] { ++wakes; }, 3);
    inbox.push_latest({"dispenser", 1}, same_key("dispenser"));
    inbox.push_latest({"dispenser", 2}, same_key("dispenser"));  // room: both kept, in order
    inbox.deliver({"answer", 0});
    CHECK(inbox.superseded() == 0);
    inbox.push_latest({"dispenser", 3}, same_key("dispenser"));  // full: the oldest report goes
    inbox.push_latest({"sensor", 1}, same_key("sensor"));        // full, none queued: one place past it
    inbox.push_latest({"sensor", 2}, same_key("sensor"));
    CHECK(inbox.superseded() == 2);
    CHECK(inbox.dropped() == 0);
    CHECK(wakes == 6);
    const auto got = inbox.drain();
    CHECK(got == std::vector<Message>{{"dispenser", 2}, {"answer", 0}, {"dispenser", 3}, {"sensor", 2}});
}
