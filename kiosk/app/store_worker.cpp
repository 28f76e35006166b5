#include "kiosk/app/store_worker.hpp"

#include "kiosk/core/assert.hpp"
#include "kiosk/log/log.hpp"

#include <future>
#include <type_traits>

namespace kiosk::app {

namespace session = core::session;

StoreWorker::StoreWorker(StoreService& service, SessionInbox& inbox) : service_(service), inbox_(inbox) {}

StoreWorker::~StoreWorker() { stop(); }

void StoreWorker::post(StoreCommand command) {
    const std::lock_guard lock(mutex_);
    if (stopping_) {
        refuse(command);
        return;
    }
    // Under the mutex, so that every command posted before stop() is queued before its drain marker
    // (and the DeviceWorker, stopped only after stopping_ is set, always takes it).
    const bool queued = worker_.post([this, command = std::move(command)] { execute(command); });
    VERIFY_MSG(queued, "the store's worker stopped before the store worker did");
}

void StoreWorker::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    // Jobs run in order: once the marker ran, everything posted before it has.
    std::promise<void> drained;
    auto done = drained.get_future();
    if (worker_.post([&drained] { drained.set_value(); })) done.wait();
    worker_.stop();
}

void StoreWorker::answer(session::Event event) {
    // Every answer arrives (inbox.hpp, deliver): the machine's deadline for the command is for a
    // store that does not answer, not for an answer thrown away.
    inbox_.deliver(std::move(event));
}

void StoreWorker::refuse_staff(const StaffStoreCommand& command) {
    if (staff_inbox_ == nullptr) return;
    std::visit(
        [&](const auto& c) {
            if constexpr (requires { c.request; }) staff_inbox_->deliver(core::staff::StoreRequestFailed{c.request});
        },
        command.command);
}

void StoreWorker::refuse(const StoreCommand& command) {
    std::visit(
        [&](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, StaffStoreCommand>) {
                refuse_staff(c);
            } else if constexpr (std::is_same_v<C, session::LookupRecord>) {
                answer(session::LookupFailed{c.request});
            } else if constexpr (std::is_same_v<C, VerifyOnSensor>) {
                answer(session::FingerprintResult{c.command.request, session::FingerOutcome::device_error, 0});
            } else if constexpr (std::is_same_v<C, session::JournalPickupIntent>) {
                answer(session::PickupIntentJournaled{c.request, false});
            } else if constexpr (std::is_same_v<C, session::JournalPickupStep> ||
                                 std::is_same_v<C, session::JournalPickupDone> ||
                                 std::is_same_v<C, session::JournalCaptured> ||
                                 std::is_same_v<C, session::JournalPickupAborted>) {
                answer(session::PickupStepJournaled{c.request, false});
            } else {
                // No answer expected (record, outbox, alert, lock book, wipe): only the kiosk's shutdown
                // refuses commands, and start-up reconciliation covers a pickup it cut short.
                log::warn("store.command_dropped", {log::kv("reason", "store worker stopped")});
            }
        },
        command);
}

void StoreWorker::execute(const StoreCommand& command) {
    std::visit(
        [&](const auto& c) {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, session::LookupRecord>) {
                answer(service_.lookup(c));
            } else if constexpr (std::is_same_v<C, VerifyOnSensor>) {
                c.sensor->verify(c.command.request, service_.templates_for(c.command.templates),
                                 c.command.finger_timeout);
            } else if constexpr (std::is_same_v<C, session::JournalPickupIntent>) {
                answer(service_.journal_intent(c));
            } else if constexpr (std::is_same_v<C, session::JournalPickupStep>) {
                answer(service_.journal_step(c));
            } else if constexpr (std::is_same_v<C, session::JournalPickupDone>) {
                answer(service_.journal_done(c));
            } else if constexpr (std::is_same_v<C, session::JournalCaptured>) {
                answer(service_.journal_captured(c));
            } else if constexpr (std::is_same_v<C, session::JournalPickupAborted>) {
                answer(service_.journal_aborted(c));
            } else if constexpr (std::is_same_v<C, session::RecordStatus>) {
                service_.record_status(c);
            } else if constexpr (std::is_same_v<C, session::EmitOutboxEvent>) {
                service_.emit_outbox(c);
            } else if constexpr (std::is_same_v<C, session::AlertOperator>) {
                service_.alert_operator(c);
            } else if constexpr (std::is_same_v<C, PersistLockBookEntries>) {
                service_.persist_lock_book(c.entries);
            } else if constexpr (std::is_same_v<C, session::WipeSession>) {
                service_.wipe();
            } else if constexpr (std::is_same_v<C, ProbeStore>) {
                service_.probe_write();
            } else if constexpr (std::is_same_v<C, StaffStoreCommand>) {
                if (staff_store_ == nullptr || staff_inbox_ == nullptr) refuse_staff(c);
                else if (auto reply = staff_store_->execute(c)) staff_inbox_->deliver(std::move(*reply));
            } else {
                static_assert(sizeof(C) == 0, "every store command needs its execution");
            }
        },
        command);
    if (auto health = service_.health_change()) answer(*health);
}

}  // namespace kiosk::app
