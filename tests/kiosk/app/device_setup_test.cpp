// port_spec_for: a configured device becomes the parsed port its driver opens, with no text between.
#include "kiosk/app/device_setup.hpp"

#include <doctest/doctest.h>

using namespace kiosk::app;
using kiosk::serial::PortSpec;
using kiosk::serial::UsbId;

TEST_CASE("a configured port is handed on as it was parsed") {
    auto usb = DeviceSpec::parse("usb:1a86:7523");
    REQUIRE(usb.ok());
    auto port = port_spec_for(*usb, "/dev/pts/7");
    REQUIRE(port.ok());
    REQUIRE(port->usb_id() != nullptr);
    CHECK(*port->usb_id() == UsbId{0x1A86, 0x7523});

    auto path = DeviceSpec::parse("/dev/serial/by-id/usb-dispenser");
    REQUIRE(path.ok());
    CHECK(port_spec_for(*path, "").value() == PortSpec::device_path("/dev/serial/by-id/usb-dispenser"));
}

TEST_CASE("\"sim\" is the simulator's pty, which only the demo provides") {
    const DeviceSpec sim;
    REQUIRE(sim.simulated());
    CHECK(port_spec_for(sim, "/dev/pts/7").value() == PortSpec::device_path("/dev/pts/7"));
    auto missing = port_spec_for(sim, "");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().what.find("--demo") != std::string::npos);
}
