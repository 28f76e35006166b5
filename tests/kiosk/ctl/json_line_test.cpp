// json_line: kioskctl's one-line JSON keeps its spaced style and insertion order, and escapes what a
// string holds, so the line always parses back to the same object.
#include "kiosk/ctl/json_line.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

using kiosk::ctl::json_line;

TEST_CASE("members in insertion order, separated by \", \" and \": \"") {
    boost::json::object object;
    object["plausible"] = true;
    object["problem"] = nullptr;
    object["serial"] = "0023";
    object["count"] = -4;
    CHECK(json_line(object) == R"({"plausible": true, "problem": null, "serial": "0023", "count": -4})");
    CHECK(json_line(boost::json::object{}) == "{}");
}

TEST_CASE("strings that need escaping come out as valid JSON holding the same text") {
    const std::string nasty = "quote \" backslash \\ newline \n tab \t bell \x07 nul-free \x1f end";
    boost::json::object object;
    object["message"] = nasty;
    object["key \"with\" quotes"] = "x";
    const std::string line = json_line(object);
    CHECK(line.find('\n') == std::string::npos);
    boost::system::error_code error;
    const boost::json::value parsed = boost::json::parse(line, error);
    REQUIRE_FALSE(error);
    REQUIRE(parsed.is_object());
    CHECK(parsed.as_object().at("message").as_string() == nasty);
    CHECK(parsed.as_object().at("key \"with\" quotes").as_string() == "x");
    CHECK(parsed.as_object() == object);
}
