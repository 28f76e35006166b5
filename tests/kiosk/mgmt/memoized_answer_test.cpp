// MemoizedAnswer (kiosk/mgmt/memoized_answer.hpp) over the real status handler: equal inputs give the
// kept answer without making it again, any difference in the status or the readings (one device, one
// store figure, a store that stopped answering) makes a new one, and each answer carries its request's
// HTTP version.
#include "kiosk/mgmt/memoized_answer.hpp"

#include "kiosk/mgmt/status_routes.hpp"
#include "tests/kiosk/mgmt/kiosk_fixtures.hpp"

#include <doctest/doctest.h>

using namespace kiosk::mgmt;
using kiosk::mgmt::test::all_up;
using kiosk::mgmt::test::Call;
using kiosk::mgmt::test::healthy_readings;

namespace {

struct Inputs {
    KioskStatus status;
    Readings readings;
    friend bool operator==(const Inputs&, const Inputs&) = default;
};

Response status_of(MemoizedAnswer<Inputs>& memo, const Call& call, const Inputs& inputs) {
    return memo.answer(call.context(), inputs, [](const RequestContext& context, const Inputs& in) {
        return handle_status(context, in.status, in.readings);
    });
}

}  // namespace

TEST_CASE("equal inputs are answered from the kept answer, byte for byte") {
    MemoizedAnswer<Inputs> memo;
    const Call call;
    const Inputs inputs{all_up(), healthy_readings()};
    const Response first = status_of(memo, call, inputs);
    const Response second = status_of(memo, call, inputs);
    CHECK(memo.made() == 1);
    CHECK(second.result() == first.result());
    CHECK(second.body() == first.body());
    CHECK(second[http::field::content_type] == first[http::field::content_type]);
}

TEST_CASE("a change in the status or in the readings makes the answer again") {
    MemoizedAnswer<Inputs> memo;
    const Call call;
    Inputs inputs{all_up(), healthy_readings()};
    const std::string up = status_of(memo, call, inputs).body();

    inputs.status.devices.at(0).fault = kiosk::core::session::DeviceFault::disconnected;
    const std::string faulted = status_of(memo, call, inputs).body();
    CHECK(memo.made() == 2);
    CHECK(faulted != up);

    inputs.readings.store.value().slots_loaded += 1;
    const std::string restocked = status_of(memo, call, inputs).body();
    CHECK(memo.made() == 3);
    CHECK(restocked != faulted);

    inputs.readings.store = kiosk::fail("store", "database is locked");
    const std::string unreadable = status_of(memo, call, inputs).body();
    CHECK(memo.made() == 4);
    CHECK(unreadable != restocked);
    (void)status_of(memo, call, inputs);
    CHECK(memo.made() == 4);
}

TEST_CASE("a kept answer takes the HTTP version of the request it answers") {
    MemoizedAnswer<Inputs> memo;
    const Inputs inputs{all_up(), healthy_readings()};
    Call http11;
    Call http10;
    http10.request.version(10);
    CHECK(status_of(memo, http11, inputs).version() == 11);
    CHECK(status_of(memo, http10, inputs).version() == 10);
    CHECK(memo.made() == 1);
}

TEST_CASE("statuses that differ only in what status_as_answered clears answer alike, and the memo reuses them") {
    KioskStatus earlier = all_up();
    KioskStatus later = all_up();
    later.uptime_s = earlier.uptime_s + 3600;
    later.state_age_ms = earlier.state_age_ms + 1234;
    later.activity.input_to_frame_s.observe(0.012);
    later.activity.frame_render_s.observe(0.004);
    REQUIRE_FALSE(earlier == later);
    const Call call;
    // The handlers print none of those fields: if one comes to, status_as_answered must keep it.
    CHECK(handle_status(call.context(), earlier, healthy_readings()).body() ==
          handle_status(call.context(), later, healthy_readings()).body());
    CHECK(handle_healthz(call.context(), earlier, healthy_readings()).body() ==
          handle_healthz(call.context(), later, healthy_readings()).body());

    MemoizedAnswer<Inputs> memo;
    (void)status_of(memo, call, Inputs{status_as_answered(earlier), healthy_readings()});
    (void)status_of(memo, call, Inputs{status_as_answered(later), healthy_readings()});
    CHECK(memo.made() == 1);
    later.maintenance.state = MaintenanceState::active;  // shown: a new answer
    (void)status_of(memo, call, Inputs{status_as_answered(later), healthy_readings()});
    CHECK(memo.made() == 2);
}
