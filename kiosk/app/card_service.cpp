#include "kiosk/app/card_service.hpp"

#include "kiosk/core/assert.hpp"
#include "kiosk/log/log.hpp"

#include <chrono>

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

// The card's answer to VERIFY as the staff machine names it. A card that is no staff card cannot
// be presented as one (its role is read first), so not_a_staff_card means a broken card: unreadable.
core::staff::PinOutcome pin_outcome_of(cardreader::PinOutcome outcome) {
    switch (outcome) {
        case cardreader::PinOutcome::accepted: return core::staff::PinOutcome::accepted;
        case cardreader::PinOutcome::wrong: return core::staff::PinOutcome::wrong;
        case cardreader::PinOutcome::blocked: return core::staff::PinOutcome::blocked;
        case cardreader::PinOutcome::removed: return core::staff::PinOutcome::removed;
        case cardreader::PinOutcome::not_a_staff_card:
        case cardreader::PinOutcome::unreadable: return core::staff::PinOutcome::unreadable;
    }
    return core::staff::PinOutcome::unreadable;
}

// A card that fails its signature or its chip's challenge may be a fake: worth an operator's look.
// Anything else is a resident's everyday mistake (a bank card, a card moved too soon).
void log_refused(const char* position, const cardreader::CardRefused& refused) {
    const bool suspicious =
        refused.reason == cardreader::Refusal::forged || refused.reason == cardreader::Refusal::cloned;
    log::write(suspicious ? log::Level::warn : log::Level::info, "card.refused",
               {log::kv("position", position), log::kv("refusal", cardreader::to_string(refused.reason)),
                log::kv("detail", refused.detail)});
}

}  // namespace

CardService::CardService(SessionInbox& inbox, std::unique_ptr<CardReaders> readers, cardreader::ReaderRoles roles,
                         int chip_read_timeout_ms, SteadyClock& clock)
    : inbox_(inbox), readers_(std::move(readers)), roles_(std::move(roles)), chip_read_timeout_ms_(chip_read_timeout_ms),
      clock_(clock), health_(inbox, session::Device::card_reader, InitialReport::down) {}

CardService::~CardService() { stop(); }

void CardService::stop() {
    readers_->stop_watching();
    worker_.stop();
    readers_->disconnect();  // the worker has joined: no other thread reads
}

void CardService::start() {
    readers_->watch([this](const cardreader::ReaderEvent& event) { on_reader_event(event); });
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
                readers_present_.clear();
            }
            health_.report_down(session::DeviceFault::disconnected);
            break;
        case ReaderEventKind::reader_added:
            {
                const std::lock_guard lock(readers_mutex_);
                readers_present_.insert(event.reader);
            }
            if (front) health_.report_up();
            break;
        case ReaderEventKind::reader_removed:
            {
                const std::lock_guard lock(readers_mutex_);
                readers_present_.erase(event.reader);
            }
            if (front) health_.report_down(session::DeviceFault::disconnected);
            break;
        case ReaderEventKind::card_inserted:
            if (front) worker_.post([this, reader = event.reader] { read_front(reader); });
            break;
        case ReaderEventKind::card_removed:
            if (front && staff_inbox_) {
                bool was_staff = false;
                {
                    const std::lock_guard lock(readers_mutex_);
                    was_staff = staff_card_reader_ == event.reader;
                    if (was_staff) staff_card_reader_.clear();
                }
                if (was_staff) staff_inbox_->deliver(core::staff::StaffCardRemoved{});  // ends staff mode: never lost
            }
            break;
    }
}

void CardService::read_front(const std::string& reader) {
    session::CardTapped tapped{std::nullopt, session::ChipRefusal::unreadable};
    if (readers_->connect()) {
        cardreader::ReadOptions options;
        options.deadline_ms = chip_read_timeout_ms_;
        options.clock = &clock_;
        auto card = readers_->read(reader, options);
        if (card && card->biodata.role == cardreader::CardRole::staff) {
            auto chip = chip_of(*card);
            if (staff_inbox_ && chip) {
                {
                    const std::lock_guard lock(readers_mutex_);
                    staff_card_reader_ = reader;
                }
                // Said once per tap; the machine decides whether staff mode may start now.
                staff_inbox_->deliver(core::staff::StaffCardPresented{*chip});
                return;
            }
            tapped.refusal = session::ChipRefusal::not_our_application;  // never a resident's NIK
        } else if (card) {
            tapped.chip = chip_of(*card);
        } else {
            log_refused("front", card.error());
            tapped.refusal = refusal_of(card.error().reason);
            if (card.error().reason == cardreader::Refusal::unreadable) readers_->disconnect();  // start afresh next time
        }
    }
    // A tap is the resident's input, as a key press is: a full inbox (the UI thread stopped draining
    // it, and the watchdog restarts the kiosk) drops it like SDL's full queue drops a key, and the
    // resident taps again. Said, with the count, never silent.
    if (!inbox_.push(tapped)) {
        log::warn("card.tap_dropped", {log::kv("reason", "inbox full"), log::kv("dropped", inbox_.dropped())});
    }
}

std::optional<std::string> CardService::dispenser_reader() {
    const std::lock_guard lock(readers_mutex_);
    for (const auto& name : readers_present_) {
        if (roles_.role_of(name) == ReaderRole::dispenser) return name;
    }
    return std::nullopt;
}

std::optional<session::DeviceFault> CardService::read_position_fault() {
    if (dispenser_reader()) return std::nullopt;
    return session::DeviceFault::disconnected;
}

void CardService::read_at_read_position(session::RequestId request) {
    worker_.post([this, request] {
        auto read = read_position_chip();
        inbox_.deliver(session::ChipReadAtReadPosition{request, std::move(read.chip), read.refusal});
    });
}

void CardService::read_for_load(session::RequestId request) {
    worker_.post([this, request] {
        auto read = read_position_chip();
        VERIFY_MSG(staff_inbox_ != nullptr, "a staff command before set_staff_inbox()");
        staff_inbox_->deliver(core::staff::LoadChipRead{request, std::move(read.chip), read.refusal});
    });
}

void CardService::read_for_return(session::RequestId request) {
    worker_.post([this, request] {
        auto read = read_position_chip();
        VERIFY_MSG(staff_inbox_ != nullptr, "a staff command before set_staff_inbox()");
        staff_inbox_->deliver(core::staff::ReturnChipRead{request, std::move(read.chip), read.refusal});
    });
}

void CardService::verify_staff_pin(session::RequestId request, std::string pin) {
    worker_.post([this, request, pin = std::move(pin)] {
        VERIFY_MSG(staff_inbox_ != nullptr, "a staff command before set_staff_inbox()");
        core::staff::StaffPinChecked answer{request, core::staff::PinOutcome::unreadable, std::nullopt};
        std::string reader;
        {
            const std::lock_guard lock(readers_mutex_);
            reader = staff_card_reader_;
        }
        if (reader.empty()) {
            answer.outcome = core::staff::PinOutcome::removed;
        } else if (readers_->connect()) {
            const auto checked = readers_->verify_pin(reader, pin);
            answer.outcome = pin_outcome_of(checked.outcome);
            if (checked.tries_left >= 0) answer.tries_left = checked.tries_left;
            log::info("staff.pin_checked", {log::kv("outcome", cardreader::to_string(checked.outcome))});
        }
        staff_inbox_->deliver(answer);
    });
}

CardService::ChipAnswer CardService::read_position_chip() {
    ChipAnswer answer;
    const std::chrono::milliseconds retry(kReadPositionRetryMs);
    const auto deadline = clock_.now() + std::chrono::milliseconds(chip_read_timeout_ms_);
    for (;;) {
        const bool connected = readers_->connect();
        auto reader = dispenser_reader();
        if (connected && reader) {
            cardreader::ReadOptions options;
            options.deadline_ms = chip_read_timeout_ms_;
            options.clock = &clock_;
            auto card = readers_->read(*reader, options);
            if (card) {
                answer.chip = chip_of(*card);
                break;
            }
            answer.refusal = refusal_of(card.error().reason);
            if (card.error().reason != cardreader::Refusal::removed) {
                log_refused("read_position", card.error());
                break;
            }
        }
        if (clock_.now() + retry >= deadline) break;
        clock_.sleep_for(retry);
    }
    return answer;
}

}  // namespace kiosk::app
