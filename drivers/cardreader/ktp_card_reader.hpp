// Reads and authenticates a KTP-el card through the profile of shared/protocols/card.md:
// UID, SELECT the application, read the EFs in chunks, check the issuer's signature over the file
// hashes (forgery), then the chip's signature over a fresh random challenge (cloning).
//
// The answer says exactly why a card was refused, in words without personal data, so the caller can
// log it and tell the resident what to do. A refused card's data must never identify anyone.
//
// A tap is one exclusive hold on the card (ApduChannel::begin_exclusive, a PC/SC transaction):
// another application on the same pcscd cannot select another file or reset the card between our
// SELECT and READ BINARY, so a read never mixes its answers with another's. A card that left the
// field or was reset while held is `removed`, whatever its answers looked like.
#pragma once

#include "drivers/cardreader/biodata.hpp"
#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/pcsc_context.hpp"
#include "kiosk/clock/steady_clock.hpp"

#include <optional>
#include <string>

namespace kiosk::cardreader {

enum class Refusal {
    unreadable,           // the card answered nonsense or not at all
    removed,              // the card left the field mid-read: "hold the card still and tap again"
    not_our_application,  // not a KTP-el card (the application is missing)
    forged,               // data does not match the issuer's signature (or is not signed)
    cloned,               // the chip cannot prove it holds the key the signed data names
};

[[nodiscard]] const char* to_string(Refusal refusal);

struct CardRefused {
    Refusal reason = Refusal::unreadable;
    std::string detail;  // for the log: the step and status word, never card data

    [[nodiscard]] std::string to_string() const;
};

// An authenticated card. Personal data: never log it.
struct KtpCard {
    Bytes uid;
    Biodata biodata;
    std::optional<Bytes> template_right;  // 0102
    std::optional<Bytes> template_left;   // 0103
    Bytes chip_public_key;                // 0104
};

struct ReadOptions {
    int deadline_ms = 3000;                     // the whole tap; checked between APDUs, on `clock`
    SteadyClock* clock = &real_steady_clock();  // never null; outlives the read
    std::size_t challenge_size = 16;  // 8..32 bytes
    std::size_t max_file_size = 8192;
};

[[nodiscard]] Result<KtpCard, CardRefused> read_ktp_card(ApduChannel& channel, const EcPublicKey& issuer_key,
                                                         const ReadOptions& options = {});

// Connects to the card in `reader` and reads it; a connect failure is a refusal too (no card or
// card gone: removed; anything else: unreadable).
[[nodiscard]] Result<KtpCard, CardRefused> read_ktp_card_in(PcscContext& context, const std::string& reader,
                                                            const EcPublicKey& issuer_key,
                                                            const ReadOptions& options = {});

enum class PinOutcome { accepted, wrong, blocked, not_a_staff_card, removed, unreadable };

[[nodiscard]] const char* to_string(PinOutcome outcome);

struct PinResult {
    PinOutcome outcome = PinOutcome::unreadable;
    int tries_left = -1;  // with `wrong`: the tries the card still allows
};

// Staff PIN check (VERIFY 00 20 00 81) on a card already read on this channel; selects the
// application again first so it also works on a fresh connection. SELECT and VERIFY run under one
// hold, like a read.
[[nodiscard]] PinResult verify_staff_pin(ApduChannel& channel, std::string_view pin);

}  // namespace kiosk::cardreader
