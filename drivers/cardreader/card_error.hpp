// Errors of the contactless card path: PC/SC transport failures, typed so that callers can tell a
// card that left the field (ask the resident to tap again) from a daemon that is gone (recover).
#pragma once

#include <string>

namespace kiosk::cardreader {

enum class CardErrc {
    no_service,          // pcscd is not running or was stopped (SCARD_E_NO_SERVICE, ..._STOPPED)
    no_readers,          // pcscd runs but lists no reader
    reader_unavailable,  // the reader is unknown or went away (SCARD_E_UNKNOWN_READER, ...)
    no_card,             // no card in the field (SCARD_E_NO_SMARTCARD)
    removed,             // the card left the field during the exchange (SCARD_W_REMOVED_CARD)
    unresponsive,        // the card did not answer (SCARD_W_UNRESPONSIVE_CARD, ..._NOT_TRANSACTED)
    sharing_violation,   // another process holds the card exclusively
    timeout,             // the wait ended without a change (SCARD_E_TIMEOUT)
    cancelled,           // SCardCancel ended the wait (shutdown)
    protocol,            // malformed answer or status word the profile does not allow
    internal,            // anything else; the what() says which PC/SC code
};

[[nodiscard]] const char* to_string(CardErrc code);

// An error value of the card path. `what` names the operation and the PC/SC code, never card data.
struct CardError {
    CardErrc code = CardErrc::internal;
    std::string what;

    [[nodiscard]] std::string to_string() const;
};

}  // namespace kiosk::cardreader
