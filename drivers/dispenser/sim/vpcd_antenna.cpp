#include "drivers/dispenser/sim/vpcd_antenna.hpp"

#include "drivers/cardreader/sim/card_image.hpp"

#include "kiosk/log/log.hpp"

#include <charconv>

namespace kiosk::dispenser::sim {

Result<std::unique_ptr<VpcdAntenna>> VpcdAntenna::start(const std::string& host_port) {
    const auto colon = host_port.rfind(':');
    unsigned port = 0;
    const char* first = host_port.data() + (colon == std::string::npos ? 0 : colon + 1);
    const char* last = host_port.data() + host_port.size();
    auto [end, ec] = std::from_chars(first, last, port);
    if (colon == std::string::npos || colon == 0 || ec != std::errc{} || end != last || port == 0 || port > 65535)
        return fail("dispenser.sim.vpcd", "expected HOST:PORT, got '" + host_port + "'");
    auto card = TRY(
        cardreader::sim::VpcdCard::start(host_port.substr(0, colon), static_cast<std::uint16_t>(port), std::nullopt));
    return std::unique_ptr<VpcdAntenna>(new VpcdAntenna(std::move(card)));
}

void VpcdAntenna::present(const std::string& card_file) {
    auto image = cardreader::sim::load_card_file(card_file);
    if (!image) {
        // The path and the loader's message may name a person (card files are often named after
        // their holder): say only that this chip stays silent.
        log::warn("dispenser_sim.card_file_unreadable", {log::kv("effect", "the chip at the read position is silent")});
        card_->remove();
        return;
    }
    if (auto inserted = card_->try_insert(std::move(*image)); !inserted) {
        log::warn("dispenser_sim.chip_silent", {log::kv("reason", inserted.error().what)});
    }
}

void VpcdAntenna::withdraw() {
    card_->remove();
}

}  // namespace kiosk::dispenser::sim
