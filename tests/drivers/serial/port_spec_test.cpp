// PortSpec: the one parser of device paths and "usb:VVVV:PPPP".
#include "drivers/serial/port_spec.hpp"

#include <doctest/doctest.h>

using namespace kiosk::serial;

TEST_CASE("usb:VVVV:PPPP parses as hex, four digits each, either case") {
    auto ch340 = PortSpec::parse("usb:1a86:7523");
    REQUIRE(ch340.ok());
    REQUIRE(ch340->usb_id() != nullptr);
    CHECK(ch340->path() == nullptr);
    CHECK(*ch340->usb_id() == UsbId{0x1A86, 0x7523});
    CHECK(PortSpec::parse("usb:0403:6001")->usb_id()->vendor == 0x0403);
    CHECK(PortSpec::parse("usb:0403:6001")->usb_id()->product == 0x6001);
    CHECK(*PortSpec::parse("usb:ABCD:ef01")->usb_id() == UsbId{0xABCD, 0xEF01});
    CHECK(*PortSpec::parse("usb:0000:ffff")->usb_id() == UsbId{0x0000, 0xFFFF});
}

TEST_CASE("a USB id in any other shape is refused, saying the rule") {
    // Short forms are refused, not guessed at: "usb:403:6001" is usually a digit lost in copying.
    for (const char* bad : {"usb:1:2", "usb:403:6001", "usb:0403:600", "usb:04030:6001", "usb:12345:1", "usb:0g03:6001",
                            "usb:zz:01", "usb:1a86", "usb:1a86:", "usb::", "usb:", "usb:0403-6001", "usb:0403:6001:1",
                            "usb:1a86:7523:9", "usb: 1a8:7523", "usb:+1a8:7523", "usb:0x1a:7523"}) {
        CAPTURE(bad);
        auto spec = PortSpec::parse(bad);
        REQUIRE_FALSE(spec.ok());
        CHECK(spec.error().given == bad);
        CHECK(spec.error().detail.find("4 hex digits each") != std::string::npos);
        CHECK(spec.error().to_string() ==
              std::string("must be an absolute path or \"usb:VVVV:PPPP\" (hex vendor and product id), got \"") + bad +
                  "\": the vendor and the product id are 4 hex digits each, as lsusb prints them "
                  "(\"usb:1a86:7523\")");
    }
}

TEST_CASE("an absolute path names a device file") {
    auto tty = PortSpec::parse("/dev/ttyUSB0");
    REQUIRE(tty.ok());
    REQUIRE(tty->path() != nullptr);
    CHECK(tty->usb_id() == nullptr);
    CHECK(*tty->path() == "/dev/ttyUSB0");
    CHECK(*PortSpec::parse("/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0")->path() ==
          "/dev/serial/by-id/usb-1a86_USB_Serial-if00-port0");
    for (const char* dir : {"/", "/dev/"}) {
        CAPTURE(dir);
        auto spec = PortSpec::parse(dir);
        REQUIRE_FALSE(spec.ok());
        CHECK(spec.error().detail == "a path must name a device file, not a directory");
    }
    using namespace std::string_view_literals;
    auto nul = PortSpec::parse("/dev/tty\0S0"sv);
    REQUIRE_FALSE(nul.ok());
    CHECK(nul.error().detail == "a path must not contain a NUL character");
}

TEST_CASE("a text of no known form says the forms and quotes the text") {
    for (const char* bad : {"", "COM3", "ttyUSB0", "dev/ttyUSB0", "sim", "USB:1a86:7523", " /dev/ttyS0"}) {
        CAPTURE(bad);
        auto spec = PortSpec::parse(bad);
        REQUIRE_FALSE(spec.ok());
        CHECK(spec.error().detail.empty());
    }
    const auto error = PortSpec::parse("COM3").error();
    CHECK(error.to_string() ==
          "must be an absolute path or \"usb:VVVV:PPPP\" (hex vendor and product id), got \"COM3\"");
    const kiosk::Error as_error = error;
    CHECK(as_error.where == "serial.port");
    CHECK(as_error.what == error.to_string());
}

TEST_CASE("to_string gives the form parse accepts, USB ids in lower-case four-digit hex") {
    CHECK(PortSpec::usb({0x0403, 0x6001}).to_string() == "usb:0403:6001");
    CHECK(PortSpec::parse("usb:ABCD:ef01")->to_string() == "usb:abcd:ef01");
    CHECK(PortSpec::device_path("/dev/ttyS1").to_string() == "/dev/ttyS1");
    CHECK(UsbId{0x1A86, 0x7523}.to_string() == "1a86:7523");
    CHECK(UsbId{}.to_string() == "0000:0000");
    for (const char* text : {"usb:1a86:7523", "usb:0000:0001", "/dev/ttyAMA0"}) {
        CAPTURE(text);
        CHECK(PortSpec::parse(PortSpec::parse(text)->to_string()).value() == PortSpec::parse(text).value());
        CHECK(PortSpec::parse(text)->to_string() == text);
    }
}

TEST_CASE("two specs are equal when they name the same port the same way") {
    CHECK(PortSpec::usb({1, 2}) == PortSpec::usb({1, 2}));
    CHECK_FALSE(PortSpec::usb({1, 2}) == PortSpec::usb({2, 1}));
    CHECK(PortSpec::device_path("/dev/ttyS0") == PortSpec::device_path("/dev/ttyS0"));
    CHECK_FALSE(PortSpec::device_path("/dev/ttyS0") == PortSpec::device_path("/dev/ttyS1"));
    CHECK_FALSE(PortSpec::device_path("/dev/ttyS0") == PortSpec::usb({1, 2}));
}
