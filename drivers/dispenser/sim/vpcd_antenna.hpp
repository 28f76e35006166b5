// VpcdAntenna: the read-position antenna on vsmartcard-vpcd. The card at the read position is played
// as a virtual card on one vpcd slot (the dispenser's reader is "Virtual PCD 00 01", TCP 35964), so
// the kiosk reads its chip through real pcscd exactly as on hardware.
//
// A card file that cannot be loaded is a card whose chip does not answer: the field stays empty and
// a warning is logged (dispenser_sim.card_file_unreadable) without the path or the loader's words,
// since card files are often named after their holder.
#pragma once

#include "drivers/cardreader/sim/vpcd_card.hpp"
#include "drivers/dispenser/sim/antenna.hpp"
#include "kiosk/core/result.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace kiosk::dispenser::sim {

class VpcdAntenna final : public ReadPositionAntenna {
public:
    // `host_port` is "HOST:PORT", e.g. "127.0.0.1:35964". An unreachable vpcd is not an error: the
    // card thread keeps connecting (pcscd may start later or restart).
    static Result<std::unique_ptr<VpcdAntenna>> start(const std::string& host_port);

    void present(const std::string& card_file) override;
    void withdraw() override;
    [[nodiscard]] bool connected() const { return card_->connected(); }

private:
    explicit VpcdAntenna(std::unique_ptr<cardreader::sim::VpcdCard> card) : card_(std::move(card)) {}
    std::unique_ptr<cardreader::sim::VpcdCard> card_;
};

}  // namespace kiosk::dispenser::sim
