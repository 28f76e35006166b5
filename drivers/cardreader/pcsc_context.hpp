// The one wrapper around libpcsclite: every SCard* call of the project lives in pcsc_context.cpp,
// where PC/SC return codes become CardError values.
//
// Thread safety: a PcscContext and the PcscCards it opened belong to one thread, except cancel(),
// which another thread may call to end a wait_for_change() (that is what SCardCancel is for).
#pragma once

#include "drivers/cardreader/apdu.hpp"
#include "drivers/cardreader/card_error.hpp"
#include "kiosk/core/result.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kiosk::cardreader {

template <class T>
using CardResult = Result<T, CardError>;

// The pseudo-reader whose state changes when readers appear or vanish.
inline constexpr const char* kPnpNotificationReader = "\\\\?PnP?\\Notification";

// One entry of a status-change wait. Set `name`; keep `known_state` as the previous call left it
// (0 = unaware) so that the wait returns only on a real change.
struct ReaderWatch {
    std::string name;
    std::uint32_t known_state = 0;  // opaque PC/SC state word; updated by wait_for_change
    // Filled by wait_for_change:
    bool changed = false;
    bool present = false;           // a card is in the field and answered (not mute)
    bool unavailable = false;       // the reader is gone or unknown
    std::uint16_t event_count = 0;  // pcscd counts card events per reader: a quick swap still shows
    Bytes atr;
};

// Something that carries command APDUs to a card and brings back the response (status word included).
class ApduChannel {
public:
    virtual ~ApduChannel() = default;
    [[nodiscard]] virtual CardResult<Bytes> transmit(std::span<const std::uint8_t> command) = 0;
    // Holds the card for this channel alone until end_exclusive(): meanwhile no other application's
    // APDU reaches the card, so a sequence that relies on the card's state (SELECT, then READ BINARY)
    // sees only its own effects. A channel that is its card's only user (a test double, the fuzzer's
    // hostile card) has nothing to hold: hence these defaults.
    [[nodiscard]] virtual CardResult<void> begin_exclusive() { return {}; }
    // Ends the hold. Fails (removed) when the card left the field or was reset since the connection
    // was made: the answers gathered under the hold may then come from more than one card session.
    [[nodiscard]] virtual CardResult<void> end_exclusive() { return {}; }
};

class PcscCard;

class PcscContext {
public:
    // Fails with no_service when pcscd is not running.
    [[nodiscard]] static CardResult<std::unique_ptr<PcscContext>> establish();
    ~PcscContext();
    PcscContext(const PcscContext&) = delete;
    PcscContext& operator=(const PcscContext&) = delete;

    // The readers pcscd lists now; empty (not an error) when there are none.
    [[nodiscard]] CardResult<std::vector<std::string>> list_readers();
    // Blocks until a watched state differs from its known_state, the timeout passes (timeout), or
    // cancel() is called (cancelled). timeout_ms = nullopt waits without limit.
    [[nodiscard]] CardResult<void> wait_for_change(std::vector<ReaderWatch>& watches, std::optional<int> timeout_ms);
    // Ends a wait_for_change() in progress on another thread. Safe to call at any time.
    void cancel();
    // Connects to the card in `reader` (shared mode, T=0 or T=1).
    [[nodiscard]] CardResult<std::unique_ptr<PcscCard>> connect(const std::string& reader);

private:
    explicit PcscContext(std::intptr_t handle) : handle_(handle) {}
    std::intptr_t handle_;
};

// How long a failed exchange waits for pcscd to report the card gone. pcscd checks presence every
// 400 ms on readers without card-event support (vpcd among them), but its thread runs late on a
// loaded machine: on two busy cores it saw a card go 0.6 s after the card left. Only a card that
// stays in the field and does not answer waits the whole bound; a card that left ends the wait when
// pcscd sees it go.
inline constexpr int kRemovalSettleMs = 2000;

// A connection to the card in one reader. Disconnects (leaving the card powered) when destroyed.
class PcscCard final : public ApduChannel {
public:
    ~PcscCard() override;
    PcscCard(const PcscCard&) = delete;
    PcscCard& operator=(const PcscCard&) = delete;

    // A failed exchange is reported as `removed` when the card has left the field meanwhile, so
    // callers can tell "tap again" from a card that cannot be read. pcscd learns of a removal only at
    // its next presence check, so after a transport error this waits up to kRemovalSettleMs for it.
    [[nodiscard]] CardResult<Bytes> transmit(std::span<const std::uint8_t> command) override;
    // A PC/SC transaction (SCardBeginTransaction): other handles' commands to this card wait (libpcsclite
    // retries them every 100 ms) until end_exclusive() or the disconnect. Blocks, the same way and
    // without a limit, while another handle holds the card.
    [[nodiscard]] CardResult<void> begin_exclusive() override;
    // SCardEndTransaction, leaving the card as it is. When it fails the hold lasts until the disconnect.
    [[nodiscard]] CardResult<void> end_exclusive() override;
    [[nodiscard]] const Bytes& atr() const { return atr_; }

private:
    friend class PcscContext;
    PcscCard(std::intptr_t context, std::string reader, std::intptr_t handle, std::uint32_t protocol, Bytes atr)
        : context_(context), reader_(std::move(reader)), handle_(handle), protocol_(protocol), atr_(std::move(atr)) {}
    [[nodiscard]] bool card_gone();
    std::intptr_t context_;
    std::string reader_;
    std::intptr_t handle_;
    std::uint32_t protocol_;
    Bytes atr_;
};

}  // namespace kiosk::cardreader
