// RequestCancellation: a cancel reaches exactly its own request, whether it comes before begin(),
// while the request is open or after it ended; early cancels are forgotten once a later id begins.
#include "kiosk/app/request_cancellation.hpp"

#include <doctest/doctest.h>

using kiosk::app::RequestCancellation;

TEST_CASE("a cancel stops its own request's token and no other") {
    RequestCancellation book;
    const auto first = book.begin(1);
    const auto second = book.begin(2);
    CHECK_FALSE(first.stop_requested());
    book.cancel(1);
    CHECK(first.stop_requested());
    CHECK_FALSE(second.stop_requested());
    book.end(1);
    book.end(2);
    CHECK(book.open_requests() == 0);
}

TEST_CASE("a cancel that comes before begin() stops the token begin() hands out") {
    RequestCancellation book;
    book.cancel(7);
    CHECK(book.begin(7).stop_requested());
    book.end(7);
    CHECK_FALSE(book.begin(8).stop_requested());
}

TEST_CASE("a late cancel of an ended request does not reach the next one") {
    RequestCancellation book;
    (void)book.begin(3);
    book.end(3);
    const auto next = book.begin(4);
    book.cancel(3);
    CHECK_FALSE(next.stop_requested());
    book.end(4);
    // Kept as an early cancel for 3, it is forgotten when a later id begins.
    CHECK_FALSE(book.begin(5).stop_requested());
    CHECK_FALSE(book.begin(3).stop_requested());
}

TEST_CASE("early cancels are bounded: the oldest go first") {
    RequestCancellation book;
    for (kiosk::core::session::RequestId id = 100; id < 100 + RequestCancellation::kMaxEarlyCancels + 4; ++id)
        book.cancel(id);
    CHECK_FALSE(book.begin(100).stop_requested());  // dropped for room
    CHECK(book.begin(100 + RequestCancellation::kMaxEarlyCancels + 3).stop_requested());
}

TEST_CASE("cancel_all stops every open token and every later one") {
    RequestCancellation book;
    const auto open = book.begin(1);
    book.cancel_all();
    CHECK(open.stop_requested());
    CHECK(book.begin(2).stop_requested());
}
