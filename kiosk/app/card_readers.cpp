#include "kiosk/app/card_readers.hpp"

#include "drivers/cardreader/pcsc_context.hpp"
#include "kiosk/core/assert.hpp"

namespace kiosk::app {

PcscCardReaders::PcscCardReaders(cardreader::EcPublicKey issuer_key) : issuer_key_(std::move(issuer_key)) {}

PcscCardReaders::~PcscCardReaders() { stop_watching(); }

void PcscCardReaders::watch(Callback callback) { monitor_ = cardreader::ReaderMonitor::start(std::move(callback)); }

void PcscCardReaders::stop_watching() {
    if (monitor_) monitor_->stop();
}

bool PcscCardReaders::connect() {
    if (context_) {
        // A context from a pcscd that has since died or restarted answers no_service to everything,
        // the first read after a restart included: drop it for one with the daemon that runs now.
        auto listed = context_->list_readers();
        if (!listed && listed.error().code == cardreader::CardErrc::no_service) context_.reset();
    }
    if (!context_) {
        auto established = cardreader::PcscContext::establish();
        if (!established) return false;
        context_ = std::move(established.value());
    }
    return true;
}

Result<cardreader::KtpCard, cardreader::CardRefused> PcscCardReaders::read(const std::string& reader,
                                                                           const cardreader::ReadOptions& options) {
    VERIFY_MSG(context_ != nullptr, "a card read before connect()");
    return cardreader::read_ktp_card_in(*context_, reader, issuer_key_, options);
}

cardreader::PinResult PcscCardReaders::verify_pin(const std::string& reader, std::string_view pin) {
    VERIFY_MSG(context_ != nullptr, "a PIN check before connect()");
    auto card = context_->connect(reader);
    if (!card) {
        const bool gone = card.error().code == cardreader::CardErrc::removed || card.error().code == cardreader::CardErrc::no_card;
        return {gone ? cardreader::PinOutcome::removed : cardreader::PinOutcome::unreadable, -1};
    }
    return cardreader::verify_staff_pin(**card, pin);
}

void PcscCardReaders::disconnect() { context_.reset(); }

}  // namespace kiosk::app
