// kioskctl dispenser ...: talk to the card dispenser directly (staff restocking, diagnosis).
// The kiosk program must not be running: the serial port has one owner.
#include "drivers/dispenser/dispenser.hpp"
#include "drivers/serial/port_spec.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/command_result.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace kiosk::ctl {
namespace {

struct DispenserCtl {
    std::string port = "/dev/ttyUSB0";
    int baud = 9600;
    int address = 0;
};

const char* transport_text(dispenser::TransportState s) {
    switch (s) {
        case dispenser::TransportState::empty: return "empty";
        case dispenser::TransportState::at_mouth: return "card at the mouth";
        case dispenser::TransportState::at_read_position: return "card at the read position";
    }
    return "?";
}

const char* magazine_text(dispenser::MagazineLevel m) {
    switch (m) {
        case dispenser::MagazineLevel::empty: return "empty";
        case dispenser::MagazineLevel::low: return "low";
        case dispenser::MagazineLevel::ok: return "ok";
    }
    return "?";
}

// Opens the dispenser and runs `body` on it; a device error from either is the command's failure.
template <class Body>
CommandResult with_dispenser(const DispenserCtl& ctl, Body body) {
    dispenser::DispenserSettings settings;
    settings.address = static_cast<std::uint8_t>(ctl.address);
    auto port = serial::PortSpec::parse(ctl.port);
    if (!port) return failed("--port " + port.error().to_string());
    const auto device = TRY(dispenser::Dispenser::open(*port, {.baud = ctl.baud}, settings));
    TRY(body(*device));
    return kExitSuccess;
}

dispenser::DispenserResult<void> print_status(dispenser::Dispenser& d) {
    const auto s = TRY(d.status());
    const auto z = TRY(d.sensors());
    const int bin = TRY(d.bin_counter());
    const std::string serial = TRY(d.serial_number());
    const std::string firmware = TRY(d.firmware_version());
    std::printf("transport: %s\nmagazine: %s\ncapture bin: %s, counter %03d\n", transport_text(s.transport),
                magazine_text(s.magazine), s.bin_full ? "FULL" : "not full", bin);
    std::printf(
        "sensors: mouth=%d read=%d transport=%d bin_entry=%d bin_full=%d door_open=%d "
        "magazine_home=%d power=%d\n",
        z.mouth, z.read_position, z.transport, z.bin_entry, z.bin_full, z.door_open, z.magazine_home, z.power);
    std::printf("serial: %s\nfirmware: %s\n", serial.c_str(), firmware.c_str());
    return {};
}

// Slots as a person counts them, from 1 (kiosk/core/slot_number.hpp): the numbers the store, the
// staff screens and the management API use, not the wire's positions from 0.
dispenser::DispenserResult<void> print_inventory(dispenser::Dispenser& d) {
    const auto inventory = TRY(d.inventory());
    int used = 0;
    for (std::size_t position = 0; position < inventory.occupied.size(); ++position) {
        if (inventory.occupied[position]) {
            std::printf("slot %d occupied\n", core::slot_of_position(static_cast<int>(position)));
            ++used;
        }
    }
    std::printf("%d of %zu slots occupied\n", used, inventory.occupied.size());
    return {};
}

}  // namespace

void add_dispenser_commands(CLI::App& app, CtlOptions& options) {
    auto ctl = std::make_shared<DispenserCtl>();
    auto* group = app.add_subcommand("dispenser", "Talk to the card dispenser (M1 protocol)");
    group->require_subcommand(1);
    group->add_option("--port", ctl->port, "Serial port (path or usb:VID:PID)")->capture_default_str();
    group->add_option("--baud", ctl->baud, "Baud rate")->capture_default_str();
    group->add_option("--address", ctl->address, "Device address 0..15")->check(CLI::Range(0, 15));

    group->add_subcommand("status", "Transport, magazine, bin, sensors, counters, identity")->callback([ctl, &options] {
        options.exit_code = finish(with_dispenser(*ctl, print_status));
    });
    group
        ->add_subcommand(
            "inventory",
            "Which magazine slots hold a card (slots numbered from 1, as the store and the staff screens count them)")
        ->callback([ctl, &options] { options.exit_code = finish(with_dispenser(*ctl, print_inventory)); });
    auto capture = std::make_shared<bool>(false);
    auto* init = group->add_subcommand("initialize", "Initialize the mechanism");
    init->add_flag("--capture", *capture, "Send a card left in the transport to the capture bin");
    init->callback([ctl, capture, &options] {
        options.exit_code = finish(with_dispenser(*ctl, [capture](dispenser::Dispenser& d) {
            return d.initialize(*capture ? dispenser::InitializeMode::capture_card
                                         : dispenser::InitializeMode::keep_card);
        }));
    });
    group->add_subcommand("reset-bin-counter", "Set the capture bin counter to 000 (after emptying the bin)")
        ->callback([ctl, &options] {
            options.exit_code =
                finish(with_dispenser(*ctl, [](dispenser::Dispenser& d) { return d.reset_bin_counter(); }));
        });
}

}  // namespace kiosk::ctl
