// ReadPositionAntenna: what the simulator does with the chip of the card at the read position.
//
// The device model calls present() when a card arrives at the read position and withdraw() when it
// leaves, always from the thread that moved the card and never with the model's lock held, so an
// implementation may block briefly (a vpcd connection). Implementations must tolerate withdraw()
// without a card and a card file that cannot be read (the chip then answers nothing).
#pragma once

#include <string>

namespace kiosk::dispenser::sim {

class ReadPositionAntenna {
public:
    virtual ~ReadPositionAntenna() = default;
    ReadPositionAntenna() = default;
    ReadPositionAntenna(const ReadPositionAntenna&) = delete;
    ReadPositionAntenna& operator=(const ReadPositionAntenna&) = delete;

    // `card_file` identifies the card (a file written by `kioskctl card make`).
    virtual void present(const std::string& card_file) = 0;
    virtual void withdraw() = 0;
};

// No antenna: the simulator moves cards but no chip can be read.
class NoAntenna final : public ReadPositionAntenna {
public:
    void present(const std::string&) override {}
    void withdraw() override {}
};

}  // namespace kiosk::dispenser::sim
