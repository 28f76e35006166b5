// VpcdCard: plays one virtual contactless card on a vsmartcard-vpcd slot, from its own thread.
//
// vpcd (the pcscd driver) listens on TCP, one port per slot (35963 for "Virtual PCD 00 00", 35964
// for "Virtual PCD 00 01"), and treats the slot as holding a card while a virtual card is connected
// and answers its "get ATR" presence probes. So a card in the field = a live connection, and taking
// the card away = closing it. Frames are a 2-byte big-endian length and a payload; a 1-byte payload
// is a control message (00 power off, 01 power on, 02 reset, 04 get ATR -> reply ATR), anything else
// a command APDU to answer with the response APDU.
//
// The thread reconnects (with backoff) whenever the connection drops while a card is inserted, so it
// survives pcscd/vpcd restarts. All public methods are thread-safe and return without waiting for the
// network; ~VpcdCard disconnects and joins the thread.
#pragma once

#include "drivers/cardreader/sim/card_applet.hpp"
#include "drivers/cardreader/sim/card_image.hpp"
#include "kiosk/core/result.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace kiosk::cardreader::sim {

class VpcdCard {
public:
    // Starts the card thread. With `initial`, the card is in the field from the start. Fails when the
    // card image is unusable or the thread's wake-up descriptor cannot be made; an unreachable vpcd
    // is not an error (the thread keeps trying).
    [[nodiscard]] static Result<std::unique_ptr<VpcdCard>> start(std::string host, std::uint16_t port,
                                                                 std::optional<CardImage> initial);

    // A card is now in the field (replacing any card there: vpcd sees the old one leave first).
    // An image whose chip key does not load leaves the field empty; try_insert says why.
    void insert(CardImage card);
    [[nodiscard]] Status try_insert(CardImage card);
    void remove();                                       // no card in the field
    void set_delay_ms(int delay_ms);                     // answer every command APDU this much later
    void vanish_after(int apdu_count);                   // answer this many more APDUs, then leave the field
    [[nodiscard]] bool connected() const;                // currently connected to vpcd
    [[nodiscard]] std::uint64_t apdus_answered() const;  // command APDUs answered since start
    // The current image with its live PIN counter (for tests and the control socket).
    [[nodiscard]] std::optional<CardImage> current_image() const;

    VpcdCard(const VpcdCard&) = delete;
    VpcdCard& operator=(const VpcdCard&) = delete;
    ~VpcdCard();

private:
    VpcdCard(std::string host, std::uint16_t port, int wake_fd);
    void run();
    void wake() const;
    void drain_wake() const;
    bool serve_connection(int fd);
    bool answer(int fd, std::span<const std::uint8_t> payload);

    const std::string host_;
    const std::uint16_t port_;
    const int wake_fd_;  // eventfd: commands from other threads wake the card thread's poll()

    mutable std::mutex mutex_;
    std::optional<CardApplet> applet_;  // the card in the field; nullopt = empty field
    std::uint64_t generation_ = 0;      // bumped by every insert/remove: the thread drops the old link
    int delay_ms_ = 0;
    int vanish_after_ = -1;  // APDUs still answered before vanishing; -1 = never
    bool stopping_ = false;

    std::atomic<bool> connected_{false};
    std::atomic<std::uint64_t> apdus_answered_{0};
    std::thread thread_;
};

}  // namespace kiosk::cardreader::sim
