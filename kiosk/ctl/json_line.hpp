// One JSON object on one line, in the spaced style kioskctl has always printed and scripts read:
//
//     {"plausible": true, "problem": null, "serial": "0023"}
//
// Members keep their insertion order (boost::json::object does). Keys and values are written by
// Boost.JSON, so every string is escaped; a nested value is written compactly.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <string>

namespace kiosk::ctl {

[[nodiscard]] inline std::string json_line(const boost::json::object& object) {
    std::string out = "{";
    for (const auto& member : object) {
        if (out.size() > 1) out += ", ";
        out += boost::json::serialize(boost::json::string(member.key()));
        out += ": ";
        out += boost::json::serialize(member.value());
    }
    return out + "}";
}

}  // namespace kiosk::ctl
