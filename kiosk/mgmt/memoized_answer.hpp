// An answer that is a pure function of its inputs, kept with the inputs it was made from and given
// again while they are equal. Pollers (Prometheus, the operator's console, a fleet's dashboards) ask
// for the status and the health far more often than either changes, and building and serializing
// the JSON was the largest part of a status request's CPU time (22 %, bench/mgmt_status_bench.sh).
// The kept answer is copied for each request, with the request's HTTP version.
//
// Inputs must be copyable and equality-comparable; equal inputs must make the same answer (no
// clock reads, no randomness inside `make`). Thread safety: one thread (the server's).
#pragma once

#include "kiosk/mgmt/route_table.hpp"

#include <optional>
#include <utility>

namespace kiosk::mgmt {

template <class Inputs>
class MemoizedAnswer {
public:
    // make(context, inputs) -> Response, called only when the inputs differ from the kept ones.
    template <class Make>
    Response answer(const RequestContext& context, Inputs inputs, Make&& make) {
        if (!kept_ || !(kept_->first == inputs)) {
            Response made = std::forward<Make>(make)(context, std::as_const(inputs));
            kept_.emplace(std::move(inputs), made);
            ++made_;
            return made;
        }
        Response response = kept_->second;
        response.version(context.request.version());
        return response;
    }

    // Answers made rather than copied, for tests.
    [[nodiscard]] long made() const { return made_; }

private:
    std::optional<std::pair<Inputs, Response>> kept_;
    long made_ = 0;
};

}  // namespace kiosk::mgmt
