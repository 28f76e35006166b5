#include "kiosk/app/command_dispatch.hpp"

#include <type_traits>

namespace kiosk::app {

namespace session = core::session;

namespace {

template <class T, class Variant>
struct is_alternative_of;
template <class T, class... Alternatives>
struct is_alternative_of<T, std::variant<Alternatives...>> : std::bool_constant<(std::is_same_v<T, Alternatives> || ...)> {};

}  // namespace

void CommandDispatch::execute(const session::Command& command, const session::SessionMachine& machine) {
    StoreWorker& store = *services_.store;
    std::visit(
        [&](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (is_alternative_of<C, StoreCommand>::value) {
                store.post(c);  // lookup, journal, record, outbox, alert, wipe: in order, on the store's thread
            } else if constexpr (std::is_same_v<C, session::VerifyFingerprint>) {
                if (services_.fingerprint) store.post(VerifyOnSensor{c, services_.fingerprint});
                else
                    inbox_.deliver(session::FingerprintResult{c.request, session::FingerOutcome::device_error, 0});
            } else if constexpr (std::is_same_v<C, session::PersistLockBook>) {
                store.post(PersistLockBookEntries{machine.lock_book().entries()});
            } else if constexpr (std::is_same_v<C, session::CancelFingerprint>) {
                if (services_.fingerprint) services_.fingerprint->cancel(c.request);
            } else if constexpr (std::is_same_v<C, session::FetchSlot>) {
                if (services_.dispenser) services_.dispenser->fetch(c.request, c.slot);
                else
                    inbox_.deliver(session::SlotFetched{c.request, session::DispenserOutcome::fault});
            } else if constexpr (std::is_same_v<C, session::ReadChipAtReadPosition>) {
                if (services_.card) services_.card->read_at_read_position(c.request);
                else
                    inbox_.deliver(
                        session::ChipReadAtReadPosition{c.request, std::nullopt, session::ChipRefusal::unreadable});
            } else if constexpr (std::is_same_v<C, session::PresentCard>) {
                if (services_.dispenser) services_.dispenser->present(c.request, c.take_timeout);
                else
                    inbox_.deliver(session::CardPresentResult{c.request, session::TakeOutcome::fault});
            } else if constexpr (std::is_same_v<C, session::CaptureCard>) {
                if (services_.dispenser) services_.dispenser->capture(c.request);
                else
                    inbox_.deliver(session::CardCaptured{c.request, session::DispenserOutcome::fault});
            } else {
                static_assert(sizeof(C) == 0, "every session command needs a service");
            }
        },
        command);
}

}  // namespace kiosk::app
