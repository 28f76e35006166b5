// DispenserService's staff-mode operations (dispenser_service.hpp, "staff mode"): loading printed
// cards, taking uncollected cards back, emptying the bin, the self-test and the inventory audit's
// reading. The card-path bookkeeping (card_out_) and failure handling (note_failure) are the
// session's, so a staff operation leaves the service exactly as a pickup would.
#include "kiosk/app/dispenser_service.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/core/assert.hpp"
#include "kiosk/log/log.hpp"

namespace kiosk::app {

namespace session = core::session;
namespace staff = core::staff;
using dispenser::DispenserErrorKind;

void DispenserService::answer_staff(staff::Event event) {
    VERIFY_MSG(staff_inbox_ != nullptr, "a staff command before set_staff_inbox()");
    staff_inbox_->deliver(std::move(event));
}

void DispenserService::begin_loading(session::RequestId request) {
    worker_.post([this, request] {
        staff::LoadingReady answer{request, false};
        if (ensure_open()) {
            if (auto opened = device_->accept_cards(); opened) answer.ok = true;
            else note_failure(opened.error());
        }
        answer_staff(answer);
    });
}

void DispenserService::await_inserted_card(session::RequestId request, session::Millis wait) {
    worker_.post([this, request, wait] {
        staff::CardInserted answer{request, staff::InsertOutcome::fault};
        if (ensure_open()) {
            auto arrived = device_->wait_for_inserted_card(static_cast<int>(wait.count()));
            if (!arrived) {
                note_failure(arrived.error());
                card_out_ = true;  // a card may be in the transport: reconciliation waits for staff mode's end
            } else if (*arrived) {
                answer.outcome = staff::InsertOutcome::arrived;
                card_out_ = true;  // at the read position until it is stored, returned or captured
            } else {
                answer.outcome = staff::InsertOutcome::none;
            }
        }
        answer_staff(answer);
    });
}

void DispenserService::stop_loading(session::RequestId request) {
    worker_.post([this, request] {
        // Answered whatever happens: a mouth that will not close is the dispenser's fault (reported
        // through its health), and staff mode must still end.
        if (ensure_open()) {
            if (auto stopped = device_->stop_accepting(); !stopped) note_failure(stopped.error());
        }
        answer_staff(staff::LoadingStopped{request});
    });
}

void DispenserService::store_card(session::RequestId request, int slot) {
    worker_.post([this, request, slot] {
        staff::CardStoredInSlot answer{request, staff::StoreMoveOutcome::fault, false};
        if (ensure_open()) {
            if (auto stored = device_->store(core::device_position(slot)); stored) {
                answer.outcome = staff::StoreMoveOutcome::ok;
                card_out_ = false;
                auto expected = occupied_;
                const auto position = static_cast<std::size_t>(core::device_position(slot));
                if (position < expected.size()) expected[position] = true;
                auto inventory = device_->inventory();
                if (inventory) {
                    answer.inventory_agrees = inventory->occupied == expected;
                    occupied_ = inventory->occupied;
                    publish_magazine();
                } else {
                    note_failure(inventory.error());  // unread: it cannot be said to agree
                }
            } else if (stored.error().kind == DispenserErrorKind::slot_occupied) {
                answer.outcome = staff::StoreMoveOutcome::slot_occupied;  // still at the read position
                note_failure(stored.error());
            } else {
                note_failure(stored.error());
            }
        }
        answer_staff(answer);
    });
}

session::TakeOutcome DispenserService::present_for_staff(session::Millis take_timeout) {
    if (!ensure_open()) return session::TakeOutcome::fault;
    auto presented = device_->present_and_wait(static_cast<int>(take_timeout.count()));
    if (!presented) {
        note_failure(presented.error());
        return session::TakeOutcome::fault;
    }
    if (*presented != dispenser::PresentOutcome::taken) return session::TakeOutcome::not_taken;
    card_out_ = false;  // in the staff member's hand
    return session::TakeOutcome::taken;
}

void DispenserService::return_to_mouth(session::RequestId request, session::Millis take_timeout) {
    worker_.post([this, request, take_timeout] {
        answer_staff(staff::CardReturnedToMouth{request, present_for_staff(take_timeout)});
    });
}

void DispenserService::present_to_staff(session::RequestId request, session::Millis take_timeout) {
    worker_.post([this, request, take_timeout] {
        answer_staff(staff::CardPresentedToStaff{request, present_for_staff(take_timeout)});
    });
}

void DispenserService::capture_for_staff(session::RequestId request) {
    worker_.post([this, request] { answer_staff(session::CardCaptured{request, capture_card()}); });
}

void DispenserService::fetch_for_return(session::RequestId request, int slot) {
    worker_.post([this, request, slot] { answer_staff(staff::FetchedForReturn{request, fetch_card(slot)}); });
}

void DispenserService::reset_bin_counter(session::RequestId request) {
    worker_.post([this, request] {
        staff::BinCounterReset answer{request, false};
        if (ensure_open()) {
            if (auto reset = device_->reset_bin_counter(); reset) {
                answer.ok = true;
                read_bin_counter();
                // The bin's full sensor is read again: an emptied bin lets pickups resume.
                (void)report_readiness();
            } else {
                note_failure(reset.error());
            }
        }
        answer_staff(answer);
    });
}

void DispenserService::self_test(std::function<void(std::optional<session::DeviceFault>)> done) {
    worker_.post([this, done = std::move(done)] {
        if (!ensure_open()) return done(session::DeviceFault::disconnected);
        if (auto init = device_->initialize(dispenser::InitializeMode::keep_card); !init) {
            note_failure(init.error());
            return done(session::DeviceFault::hardware_fault);
        }
        auto sensors = device_->sensors_at_rest(device_->settings().move_reply_timeout_ms);
        if (!sensors) {
            note_failure(sensors.error());
            return done(session::DeviceFault::hardware_fault);
        }
        done(std::nullopt);
    });
}

void DispenserService::read_inventory(std::function<void(std::optional<std::vector<bool>>)> done) {
    worker_.post([this, done = std::move(done)] {
        if (!ensure_open()) return done(std::nullopt);
        auto inventory = device_->inventory();
        if (!inventory) {
            note_failure(inventory.error());
            return done(std::nullopt);
        }
        occupied_ = inventory->occupied;
        publish_magazine();
        done(inventory->occupied);
    });
}

}  // namespace kiosk::app
