// CardReaders: what CardService needs of PC/SC, behind a seam a test scripts (STYLE.md 13): the
// readers' and cards' comings and goings, and reading an authenticated KTP-el card in a named reader.
// PcscCardReaders is the real one: a ReaderMonitor on pcscd for the events, a PcscContext and
// read_ktp_card_in (checked against the issuer's key) for the reads.
//
// Thread safety: watch() and stop_watching() from one thread (the UI thread); connect(), read() and
// disconnect() from one other thread at a time (the card worker).
#pragma once

#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/ktp_card_reader.hpp"
#include "drivers/cardreader/reader_monitor.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace kiosk::app {

class CardReaders {
public:
    using Callback = cardreader::ReaderMonitor::Callback;

    virtual ~CardReaders() = default;

    // Starts reporting reader and card events to `callback`, in order, from a thread of its own.
    virtual void watch(Callback callback) = 0;
    // Ends the events; no callback runs after it returns. Idempotent.
    virtual void stop_watching() = 0;

    // Connects to pcscd for reading unless connected to the daemon that runs now (a connection to one
    // that has since died or restarted is replaced); false: pcscd cannot be reached.
    [[nodiscard]] virtual bool connect() = 0;
    // Reads and authenticates the card in `reader` (requires connect()).
    [[nodiscard]] virtual Result<cardreader::KtpCard, cardreader::CardRefused> read(const std::string& reader,
                                                                                    const cardreader::ReadOptions& options) = 0;
    // The staff PIN check (VERIFY) on the card in `reader`, which must be the card read there last
    // (the caller ends staff mode when that card leaves the reader). Requires connect(). The PIN is
    // personal data: it goes to the card and nowhere else.
    [[nodiscard]] virtual cardreader::PinResult verify_pin(const std::string& reader, std::string_view pin) = 0;
    // Drops the connection, so the next connect() starts afresh.
    virtual void disconnect() = 0;
};

class PcscCardReaders final : public CardReaders {
public:
    explicit PcscCardReaders(cardreader::EcPublicKey issuer_key);
    ~PcscCardReaders() override;

    void watch(Callback callback) override;
    void stop_watching() override;
    [[nodiscard]] bool connect() override;
    [[nodiscard]] Result<cardreader::KtpCard, cardreader::CardRefused> read(const std::string& reader,
                                                                            const cardreader::ReadOptions& options) override;
    [[nodiscard]] cardreader::PinResult verify_pin(const std::string& reader, std::string_view pin) override;
    void disconnect() override;

private:
    cardreader::EcPublicKey issuer_key_;
    std::unique_ptr<cardreader::ReaderMonitor> monitor_;
    std::unique_ptr<cardreader::PcscContext> context_;
};

}  // namespace kiosk::app
