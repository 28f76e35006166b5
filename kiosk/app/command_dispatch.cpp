#include "kiosk/app/command_dispatch.hpp"

#include <type_traits>

namespace kiosk::app {

namespace session = core::session;

void CommandDispatch::execute(const session::Command& command, const session::SessionMachine& machine) {
    StoreService& store = *services_.store;
    std::visit(
        [&](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, session::LookupRecord>) {
                inbox_.push(store.lookup(c));
            } else if constexpr (std::is_same_v<C, session::VerifyFingerprint>) {
                if (services_.fingerprint) services_.fingerprint->verify(c.request, store.templates_for(c.templates), c.finger_timeout);
                else inbox_.push(session::FingerprintResult{c.request, session::FingerOutcome::device_error, 0});
            } else if constexpr (std::is_same_v<C, session::CancelFingerprint>) {
                if (services_.fingerprint) services_.fingerprint->cancel(c.request);
            } else if constexpr (std::is_same_v<C, session::JournalPickupIntent>) {
                inbox_.push(store.journal_intent(c));
            } else if constexpr (std::is_same_v<C, session::FetchSlot>) {
                if (services_.dispenser) services_.dispenser->fetch(c.request, c.slot);
                else inbox_.push(session::SlotFetched{c.request, session::DispenserOutcome::fault});
            } else if constexpr (std::is_same_v<C, session::ReadChipAtReadPosition>) {
                if (services_.card) services_.card->read_at_read_position(c.request);
                else inbox_.push(session::ChipReadAtReadPosition{c.request, std::nullopt, session::ChipRefusal::unreadable});
            } else if constexpr (std::is_same_v<C, session::PresentCard>) {
                if (services_.dispenser) services_.dispenser->present(c.request, c.take_timeout);
                else inbox_.push(session::CardPresentResult{c.request, session::TakeOutcome::fault});
            } else if constexpr (std::is_same_v<C, session::CaptureCard>) {
                if (services_.dispenser) services_.dispenser->capture(c.request);
                else inbox_.push(session::CardCaptured{c.request, session::DispenserOutcome::fault});
            } else if constexpr (std::is_same_v<C, session::JournalPickupStep>) {
                store.journal_step(c);
            } else if constexpr (std::is_same_v<C, session::JournalPickupDone>) {
                store.journal_done(c);
            } else if constexpr (std::is_same_v<C, session::JournalCaptured>) {
                store.journal_captured(c);
            } else if constexpr (std::is_same_v<C, session::JournalPickupAborted>) {
                store.journal_aborted(c);
            } else if constexpr (std::is_same_v<C, session::RecordStatus>) {
                store.record_status(c);
            } else if constexpr (std::is_same_v<C, session::EmitOutboxEvent>) {
                store.emit_outbox(c);
            } else if constexpr (std::is_same_v<C, session::AlertOperator>) {
                store.alert_operator(c);
            } else if constexpr (std::is_same_v<C, session::PersistLockBook>) {
                store.persist_lock_book(machine.lock_book().entries());
            } else if constexpr (std::is_same_v<C, session::WipeSession>) {
                store.wipe();
            } else {
                static_assert(sizeof(C) == 0, "every session command needs a service");
            }
        },
        command);
}

}  // namespace kiosk::app
