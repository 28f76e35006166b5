#include "drivers/cardreader/pcsc_context.hpp"

#include <winscard.h>

#include <array>
#include <cstring>

namespace kiosk::cardreader {

namespace {

CardError map_error(LONG code, const char* operation) {
    CardErrc errc = CardErrc::internal;
    switch (code) {
        case SCARD_E_NO_SERVICE:
        case SCARD_E_SERVICE_STOPPED:
        case SCARD_E_INVALID_HANDLE:  // a handle from a pcscd that has since restarted
        case SCARD_F_COMM_ERROR:      // the daemon's socket closed under us
            errc = CardErrc::no_service;
            break;
        case SCARD_E_NO_READERS_AVAILABLE: errc = CardErrc::no_readers; break;
        case SCARD_E_UNKNOWN_READER:
        case SCARD_E_READER_UNAVAILABLE:
        case SCARD_E_READER_UNSUPPORTED: errc = CardErrc::reader_unavailable; break;
        case SCARD_E_NO_SMARTCARD: errc = CardErrc::no_card; break;
        case SCARD_W_REMOVED_CARD:
        case SCARD_W_RESET_CARD: errc = CardErrc::removed; break;
        case SCARD_W_UNRESPONSIVE_CARD:
        case SCARD_W_UNPOWERED_CARD:
        case SCARD_W_UNSUPPORTED_CARD:
        case SCARD_E_NOT_TRANSACTED:
        case SCARD_E_PROTO_MISMATCH:
        case SCARD_E_COMM_DATA_LOST: errc = CardErrc::unresponsive; break;
        case SCARD_E_SHARING_VIOLATION: errc = CardErrc::sharing_violation; break;
        case SCARD_E_TIMEOUT: errc = CardErrc::timeout; break;
        case SCARD_E_CANCELLED: errc = CardErrc::cancelled; break;
        default: break;
    }
    return CardError{errc, std::string(operation) + ": " + pcsc_stringify_error(code)};
}

SCARDCONTEXT as_context(std::intptr_t handle) {
    return static_cast<SCARDCONTEXT>(handle);
}
SCARDHANDLE as_card(std::intptr_t handle) {
    return static_cast<SCARDHANDLE>(handle);
}

// What SCardStatus says of a connected card: its return code, the state bits and the ATR.
struct CardStatus {
    LONG rv = SCARD_S_SUCCESS;
    DWORD state = 0;
    Bytes atr;
};

CardStatus card_status(SCARDHANDLE card) {
    std::array<BYTE, MAX_ATR_SIZE> atr{};
    DWORD atr_length = atr.size();
    DWORD protocol = 0;
    std::array<char, 256> name{};
    DWORD name_length = name.size();
    CardStatus status;
    status.rv = SCardStatus(card, name.data(), &name_length, &status.state, &protocol, atr.data(), &atr_length);
    if (status.rv == SCARD_S_SUCCESS)
        status.atr.assign(atr.begin(), atr.begin() + static_cast<std::ptrdiff_t>(atr_length));
    return status;
}

}  // namespace

CardResult<std::unique_ptr<PcscContext>> PcscContext::establish() {
    SCARDCONTEXT context = 0;
    const LONG rv = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context);
    if (rv != SCARD_S_SUCCESS) return fail(map_error(rv, "SCardEstablishContext"));
    return std::unique_ptr<PcscContext>(new PcscContext(static_cast<std::intptr_t>(context)));
}

PcscContext::~PcscContext() {
    SCardReleaseContext(as_context(handle_));
}

void PcscContext::cancel() {
    SCardCancel(as_context(handle_));
}

CardResult<std::vector<std::string>> PcscContext::list_readers() {
    DWORD length = 0;
    LONG rv = SCardListReaders(as_context(handle_), nullptr, nullptr, &length);
    if (rv == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>{};
    if (rv != SCARD_S_SUCCESS) return fail(map_error(rv, "SCardListReaders"));
    std::string buffer(length, '\0');
    rv = SCardListReaders(as_context(handle_), nullptr, buffer.data(), &length);
    if (rv == SCARD_E_NO_READERS_AVAILABLE) return std::vector<std::string>{};
    if (rv != SCARD_S_SUCCESS) return fail(map_error(rv, "SCardListReaders"));
    // A multi-string: names separated by NUL, ended by an empty name.
    std::vector<std::string> names;
    for (std::size_t pos = 0; pos < buffer.size() && buffer[pos] != '\0';) {
        const std::size_t end = buffer.find('\0', pos);
        names.emplace_back(buffer.substr(pos, end - pos));
        pos = end + 1;
    }
    return names;
}

CardResult<void> PcscContext::wait_for_change(std::vector<ReaderWatch>& watches, std::optional<int> timeout_ms) {
    std::vector<SCARD_READERSTATE> states(watches.size());
    for (std::size_t i = 0; i < watches.size(); ++i) {
        std::memset(&states[i], 0, sizeof states[i]);
        states[i].szReader = watches[i].name.c_str();
        states[i].dwCurrentState = watches[i].known_state;
    }
    const DWORD timeout = timeout_ms ? static_cast<DWORD>(*timeout_ms) : INFINITE;
    const LONG rv =
        SCardGetStatusChange(as_context(handle_), timeout, states.data(), static_cast<DWORD>(states.size()));
    if (rv != SCARD_S_SUCCESS) return fail(map_error(rv, "SCardGetStatusChange"));
    for (std::size_t i = 0; i < watches.size(); ++i) {
        const DWORD event = states[i].dwEventState;
        ReaderWatch& watch = watches[i];
        watch.changed = (event & SCARD_STATE_CHANGED) != 0;
        watch.unavailable = (event & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE | SCARD_STATE_IGNORE)) != 0;
        watch.present = (event & SCARD_STATE_PRESENT) != 0 && (event & SCARD_STATE_MUTE) == 0 && !watch.unavailable;
        watch.event_count = static_cast<std::uint16_t>((event >> 16) & 0xFFFF);
        watch.atr.assign(states[i].rgbAtr, states[i].rgbAtr + std::min<DWORD>(states[i].cbAtr, MAX_ATR_SIZE));
        // The next wait compares against what we saw now; CHANGED itself must not be carried over.
        watch.known_state = static_cast<std::uint32_t>(event & ~static_cast<DWORD>(SCARD_STATE_CHANGED));
    }
    return {};
}

CardResult<std::unique_ptr<PcscCard>> PcscContext::connect(const std::string& reader) {
    SCARDHANDLE card = 0;
    DWORD protocol = 0;
    const LONG rv = SCardConnect(as_context(handle_), reader.c_str(), SCARD_SHARE_SHARED,
                                 SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol);
    if (rv != SCARD_S_SUCCESS) return fail(map_error(rv, "SCardConnect"));
    CardStatus status = card_status(card);
    if (status.rv != SCARD_S_SUCCESS) {
        SCardDisconnect(card, SCARD_LEAVE_CARD);
        return fail(map_error(status.rv, "SCardStatus"));
    }
    return std::unique_ptr<PcscCard>(new PcscCard(handle_, reader, static_cast<std::intptr_t>(card),
                                                  static_cast<std::uint32_t>(protocol), std::move(status.atr)));
}

PcscCard::~PcscCard() {
    SCardDisconnect(as_card(handle_), SCARD_LEAVE_CARD);
}

bool PcscCard::card_gone() {
    const CardStatus status = card_status(as_card(handle_));
    const LONG rv = status.rv;
    const DWORD state = status.state;
    if (rv == SCARD_W_REMOVED_CARD || rv == SCARD_E_NO_SMARTCARD || rv == SCARD_W_RESET_CARD) return true;
    if (rv != SCARD_S_SUCCESS) return false;
    if ((state & SCARD_PRESENT) == 0) return true;
    // pcscd still believes the card is there: wait (bounded) for its next presence check.
    SCARD_READERSTATE watch{};
    watch.szReader = reader_.c_str();
    watch.dwCurrentState = SCARD_STATE_UNAWARE;
    if (SCardGetStatusChange(as_context(context_), 0, &watch, 1) != SCARD_S_SUCCESS) return false;
    if ((watch.dwEventState & SCARD_STATE_PRESENT) == 0) return true;
    const DWORD before = watch.dwEventState & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
    watch.dwCurrentState = before;
    const LONG waited = SCardGetStatusChange(as_context(context_), kRemovalSettleMs, &watch, 1);
    if (waited != SCARD_S_SUCCESS && waited != SCARD_E_TIMEOUT) return false;
    // Decide on the state as it is now, not on the wait's verdict: libpcsclite answers a change that
    // reached a late-running client after the bound with SCARD_E_TIMEOUT, its states unread.
    watch.dwCurrentState = SCARD_STATE_UNAWARE;
    if (SCardGetStatusChange(as_context(context_), 0, &watch, 1) != SCARD_S_SUCCESS) return false;
    return (watch.dwEventState & SCARD_STATE_PRESENT) == 0 || (watch.dwEventState >> 16) != (before >> 16);
}

CardResult<void> PcscCard::begin_exclusive() {
    const LONG rv = SCardBeginTransaction(as_card(handle_));
    if (rv != SCARD_S_SUCCESS) return fail(map_error(rv, "SCardBeginTransaction"));
    return {};
}

CardResult<void> PcscCard::end_exclusive() {
    const LONG rv = SCardEndTransaction(as_card(handle_), SCARD_LEAVE_CARD);
    if (rv != SCARD_S_SUCCESS) return fail(map_error(rv, "SCardEndTransaction"));
    return {};
}

CardResult<Bytes> PcscCard::transmit(std::span<const std::uint8_t> command) {
    const SCARD_IO_REQUEST* pci = protocol_ == SCARD_PROTOCOL_T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    std::array<BYTE, 258> response{};  // 256 data bytes + SW1 SW2: the most a short APDU returns
    DWORD length = response.size();
    const LONG rv = SCardTransmit(as_card(handle_), pci, command.data(), static_cast<DWORD>(command.size()), nullptr,
                                  response.data(), &length);
    if (rv != SCARD_S_SUCCESS) {
        CardError error = map_error(rv, "SCardTransmit");
        // A card snatched from the field mid-exchange often surfaces as a transport error first.
        if (error.code == CardErrc::unresponsive && card_gone()) error.code = CardErrc::removed;
        return fail(std::move(error));
    }
    if (length < 2) {
        // Some drivers (vpcd among them) report success with no status word when the card went away.
        CardError error{CardErrc::unresponsive, "SCardTransmit: response without a status word"};
        if (card_gone()) error.code = CardErrc::removed;
        return fail(std::move(error));
    }
    return Bytes(response.begin(), response.begin() + static_cast<std::ptrdiff_t>(length));
}

}  // namespace kiosk::cardreader
