#include "kiosk/mgmt/slots_route.hpp"

#include "kiosk/mgmt/json_response.hpp"
#include "kiosk/mgmt/problem.hpp"
#include "kiosk/mgmt/query_parameters.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace kiosk::mgmt {
namespace {

namespace json = boost::json;

template <class T>
json::value optional_value(const std::optional<T>& value) {
    if (!value) return nullptr;
    return json::value(*value);
}

}  // namespace

Response handle_slots(const RequestContext& context, MagazineSource& source) {
    if (auto read = read_integer_parameters(context.query, {}); !read) return query_problem(context, read.error());
    auto magazine = source.magazine();
    if (!magazine)
        return problem(ProblemKind::unavailable, "the magazine could not be read: " + magazine.error().to_string(),
                       context.request.version());
    json::array slots;
    for (const MagazineSlot& slot : magazine->slots) {
        json::object entry;
        entry["slot"] = slot.slot;
        entry["state"] = slot.state;
        entry["nik_masked"] = slot.nik ? json::value(json::string(slot.nik->masked_ascii())) : json::value(nullptr);
        entry["card_serial"] = slot.card_serial ? json::value(json::string(*slot.card_serial)) : json::value(nullptr);
        entry["loaded_at_unix_s"] = optional_value(slot.loaded_at_s);
        entry["deadline_unix_s"] = optional_value(slot.deadline_s);
        entry["past_deadline"] = slot.past_deadline;
        slots.push_back(std::move(entry));
    }
    const MagazineTotals& t = magazine->totals;
    json::object body;
    body["now_unix_s"] = magazine->now_s;
    body["pickup_deadline_days"] = magazine->pickup_deadline_days;
    body["totals"] = json::object{{"capacity", t.capacity},
                                  {"used", t.used},
                                  {"free", t.free},
                                  {"fault", t.fault},
                                  {"past_deadline", t.past_deadline}};
    body["slots"] = std::move(slots);
    return json_response(context, http::status::ok, body);
}

void add_slots_routes(RouteTable& routes, MagazineSource& source) {
    routes.add({http::verb::get, "/api/v1/slots", Role::operator_, 0,
                [&source](const RequestContext& context) { return handle_slots(context, source); }});
}

}  // namespace kiosk::mgmt
