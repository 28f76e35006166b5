#include "kiosk/app/card_service.hpp"

#include "drivers/cardreader/ktp_card_reader.hpp"
#include "drivers/cardreader/pcsc_context.hpp"

#include <chrono>
#include <cstdio>
#include <thread>

namespace kiosk::app {

namespace session = core::session;
using cardreader::ReaderEventKind;
using cardreader::ReaderRole;

namespace {

session::ChipRefusal refusal_of(cardreader::Refusal refusal) {
    switch (refusal) {
        case cardreader::Refusal::unreadable: return session::ChipRefusal::unreadable;
        case cardreader::Refusal::removed: return session::ChipRefusal::removed;
        case cardreader::Refusal::not_our_application: return session::ChipRefusal::not_our_application;
        case cardreader::Refusal::forged: return session::ChipRefusal::forged;
        case cardreader::Refusal::cloned: return session::ChipRefusal::cloned;
    }
    return session::ChipRefusal::unreadable;
}

// An authenticated card as the session sees it; a card whose NIK the core refuses is unreadable.
std::optional<session::AuthenticatedChip> chip_of(const cardreader::KtpCard& card) {
    auto nik = core::Nik::parse(card.biodata.nik);
    if (!nik) return std::nullopt;
    session::AuthenticatedChip chip{*nik, std::nullopt};
    if (!card.biodata.serial.empty()) chip.card_serial = card.biodata.serial;
    return chip;
}

}  // namespace

CardService::CardService(SessionInbox& inbox, cardreader::ReaderRoles roles, cardreader::EcPublicKey issuer_key,
                         int chip_read_timeout_ms)
    : inbox_(inbox), roles_(std::move(roles)), issuer_key_(std::move(issuer_key)),
      chip_read_timeout_ms_(chip_read_timeout_ms) {}

CardService::~CardService() { stop(); }

void CardService::stop() {
    if (monitor_) monitor_->stop();
    worker_.stop();
    context_.reset();  // the worker has joined: no other thread uses it
}

void CardService::start() {
    monitor_ = cardreader::ReaderMonitor::start([this](const cardreader::ReaderEvent& event) { on_reader_event(event); });
}

void CardService::on_reader_event(const cardreader::ReaderEvent& event) {
    const auto role_now = event.reader.empty() ? std::nullopt : roles_.role_of(event.reader);
    const bool front = role_now.has_value() && *role_now == ReaderRole::front;
    switch (event.kind) {
        case ReaderEventKind::service_up:
            break;
        case ReaderEventKind::service_lost:
            {
                const std::lock_guard lock(readers_mutex_);
                readers_.clear();
            }
            if (front_up_.exchange(false)) {
                inbox_.push(session::DeviceHealth{session::Device::card_reader, false, session::DeviceFault::disconnected});
            }
            break;
        case ReaderEventKind::reader_added:
            {
                const std::lock_guard lock(readers_mutex_);
                readers_.insert(event.reader);
            }
            if (front && !front_up_.exchange(true)) {
                inbox_.push(session::DeviceHealth{session::Device::card_reader, true, session::DeviceFault::disconnected});
            }
            break;
        case ReaderEventKind::reader_removed:
            {
                const std::lock_guard lock(readers_mutex_);
                readers_.erase(event.reader);
            }
            if (front && front_up_.exchange(false)) {
                inbox_.push(session::DeviceHealth{session::Device::card_reader, false, session::DeviceFault::disconnected});
            }
            break;
        case ReaderEventKind::card_inserted:
            if (front) worker_.post([this, reader = event.reader] { read_front(reader); });
            break;
        case ReaderEventKind::card_removed:
            break;
    }
}

cardreader::PcscContext* CardService::context() {
    if (!context_) {
        auto established = cardreader::PcscContext::establish();
        if (!established) return nullptr;
        context_ = std::move(established.value());
    }
    return context_.get();
}

void CardService::read_front(const std::string& reader) {
    session::CardTapped tapped{std::nullopt, session::ChipRefusal::unreadable};
    if (auto* pcsc = context()) {
        cardreader::ReadOptions options;
        options.deadline_ms = chip_read_timeout_ms_;
        auto card = cardreader::read_ktp_card_in(*pcsc, reader, issuer_key_, options);
        if (card) {
            tapped.chip = chip_of(*card);
        } else {
            std::fprintf(stderr, "kiosk: card at the front reader refused: %s\n", card.error().to_string().c_str());
            tapped.refusal = refusal_of(card.error().reason);
            if (card.error().reason == cardreader::Refusal::unreadable) context_.reset();  // start afresh next time
        }
    }
    inbox_.push(tapped);
}

std::optional<std::string> CardService::dispenser_reader() {
    const std::lock_guard lock(readers_mutex_);
    for (const auto& name : readers_) {
        if (roles_.role_of(name) == ReaderRole::dispenser) return name;
    }
    return std::nullopt;
}

void CardService::read_at_read_position(session::RequestId request) {
    worker_.post([this, request] {
        session::ChipReadAtReadPosition answer{request, std::nullopt, session::ChipRefusal::unreadable};
        // pcscd notices a card at its next presence check, so a card that has just arrived may not be
        // visible yet: retry "no card / removed" until the deadline.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(chip_read_timeout_ms_);
        for (;;) {
            auto* pcsc = context();
            auto reader = dispenser_reader();
            if (pcsc && reader) {
                cardreader::ReadOptions options;
                options.deadline_ms = chip_read_timeout_ms_;
                auto card = cardreader::read_ktp_card_in(*pcsc, *reader, issuer_key_, options);
                if (card) {
                    answer.chip = chip_of(*card);
                    break;
                }
                answer.refusal = refusal_of(card.error().reason);
                if (card.error().reason != cardreader::Refusal::removed) {
                    std::fprintf(stderr, "kiosk: card at the read position refused: %s\n",
                                 card.error().to_string().c_str());
                    break;
                }
            }
            if (std::chrono::steady_clock::now() + std::chrono::milliseconds(200) >= deadline) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        inbox_.push(answer);
    });
}

}  // namespace kiosk::app
