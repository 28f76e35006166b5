#include "kiosk/mgmt/operator_checks_route.hpp"

#include "kiosk/mgmt/json_response.hpp"
#include "kiosk/mgmt/problem.hpp"
#include "kiosk/mgmt/query_parameters.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace kiosk::mgmt {

namespace json = boost::json;

Response handle_operator_checks(const RequestContext& context, OperatorCheckSource& source) {
    if (auto read = read_integer_parameters(context.query, {}); !read) return query_problem(context, read.error());
    auto found = source.operator_checks();
    if (!found)
        return problem(ProblemKind::unavailable, "the pickup journal could not be read: " + found.error().to_string(),
                       context.request.version());
    json::array checks;
    for (const OperatorCheck& check : found->checks) {
        json::object entry;
        entry["journal_id"] = check.journal_id;
        entry["slot"] = check.slot;
        entry["nik_masked"] = check.nik.masked_ascii();
        entry["card_serial"] = check.card_serial ? json::value(json::string(*check.card_serial)) : json::value(nullptr);
        entry["reason"] = check.reason;
        entry["began_unix_s"] = check.began_at_s;
        entry["decided_unix_s"] = check.decided_at_s;
        entry["bin_counter_at_begin"] =
            check.bin_counter_at_begin ? json::value(*check.bin_counter_at_begin) : json::value(nullptr);
        checks.push_back(std::move(entry));
    }
    return json_response(context, http::status::ok, json::object{{"now_unix_s", found->now_s}, {"checks", std::move(checks)}});
}

void add_operator_checks_routes(RouteTable& routes, OperatorCheckSource& source) {
    routes.add({http::verb::get, "/api/v1/operator-checks", Role::operator_, 0,
                [&source](const RequestContext& context) { return handle_operator_checks(context, source); }});
}

}  // namespace kiosk::mgmt
