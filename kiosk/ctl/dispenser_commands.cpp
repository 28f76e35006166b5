// kioskctl dispenser ...: talk to the card dispenser directly (staff restocking, diagnosis).
// The kiosk program must not be running: the serial port has one owner.
#include "kiosk/ctl/dispenser_commands.hpp"

#include "drivers/dispenser/dispenser.hpp"

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

// Opens the dispenser, runs `body`, prints its error; sets the exit code (0 ok, 1 device error).
template <class Body>
void with_dispenser(const DispenserCtl& ctl, CtlOptions& options, Body body) {
    dispenser::DispenserSettings settings;
    settings.address = static_cast<std::uint8_t>(ctl.address);
    auto port = serial::PortSpec::parse(ctl.port);
    if (!port) {
        std::fprintf(stderr, "kioskctl: --port %s\n", port.error().to_string().c_str());
        options.exit_code = 1;
        return;
    }
    auto d = dispenser::Dispenser::open(*port, {.baud = ctl.baud}, settings);
    if (!d) {
        std::fprintf(stderr, "kioskctl: %s\n", d.error().to_string().c_str());
        options.exit_code = 1;
        return;
    }
    if (auto done = body(**d); !done) {
        std::fprintf(stderr, "kioskctl: %s\n", done.error().to_string().c_str());
        options.exit_code = 1;
    }
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
        with_dispenser(*ctl, options, [](dispenser::Dispenser& d) -> dispenser::DispenserResult<void> {
            auto s = d.status();
            if (!s) return fail(s.error());
            auto sensors = d.sensors();
            if (!sensors) return fail(sensors.error());
            auto bin = d.bin_counter();
            if (!bin) return fail(bin.error());
            auto serial = d.serial_number();
            if (!serial) return fail(serial.error());
            auto firmware = d.firmware_version();
            if (!firmware) return fail(firmware.error());
            std::printf("transport: %s\nmagazine: %s\ncapture bin: %s, counter %03d\n", transport_text(s->transport),
                        magazine_text(s->magazine), s->bin_full ? "FULL" : "not full", *bin);
            const auto& z = *sensors;
            std::printf(
                "sensors: mouth=%d read=%d transport=%d bin_entry=%d bin_full=%d door_open=%d "
                "magazine_home=%d power=%d\n",
                z.mouth, z.read_position, z.transport, z.bin_entry, z.bin_full, z.door_open, z.magazine_home, z.power);
            std::printf("serial: %s\nfirmware: %s\n", serial->c_str(), firmware->c_str());
            return {};
        });
    });
    group->add_subcommand("inventory", "Which magazine slots hold a card")->callback([ctl, &options] {
        with_dispenser(*ctl, options, [](dispenser::Dispenser& d) -> dispenser::DispenserResult<void> {
            auto inv = d.inventory();
            if (!inv) return fail(inv.error());
            int used = 0;
            for (std::size_t i = 0; i < inv->occupied.size(); ++i)
                if (inv->occupied[i]) {
                    std::printf("%04zu occupied\n", i);
                    ++used;
                }
            std::printf("%d of %zu slots occupied\n", used, inv->occupied.size());
            return {};
        });
    });
    auto capture = std::make_shared<bool>(false);
    auto* init = group->add_subcommand("initialize", "Initialize the mechanism");
    init->add_flag("--capture", *capture, "Send a card left in the transport to the capture bin");
    init->callback([ctl, capture, &options] {
        with_dispenser(*ctl, options, [capture](dispenser::Dispenser& d) {
            return d.initialize(*capture ? dispenser::InitializeMode::capture_card
                                         : dispenser::InitializeMode::keep_card);
        });
    });
    group->add_subcommand("reset-bin-counter", "Set the capture bin counter to 000 (after emptying the bin)")
        ->callback([ctl, &options] {
            with_dispenser(*ctl, options, [](dispenser::Dispenser& d) { return d.reset_bin_counter(); });
        });
}

}  // namespace kiosk::ctl
