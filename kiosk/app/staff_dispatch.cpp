#include "kiosk/app/staff_dispatch.hpp"

#include "kiosk/core/assert.hpp"

#include <memory>
#include <mutex>
#include <type_traits>

namespace kiosk::app {

namespace session = core::session;
namespace staff = core::staff;

void StaffDispatch::execute(const staff::Command& command) {
    VERIFY_MSG(services_.store != nullptr && services_.dispenser != nullptr, "staff mode without its services");
    DispenserService& dispenser = *services_.dispenser;
    CardService* card = services_.card;
    std::visit(
        [&](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, staff::VerifyStaffPin>) {
                if (card) card->verify_staff_pin(c.request, c.pin);
                else inbox_.deliver(staff::StaffPinChecked{c.request, staff::PinOutcome::unreadable, std::nullopt});
            } else if constexpr (std::is_same_v<T, staff::ReadChipForLoad>) {
                if (card) card->read_for_load(c.request);
                else inbox_.deliver(staff::LoadChipRead{c.request, std::nullopt, session::ChipRefusal::unreadable});
            } else if constexpr (std::is_same_v<T, staff::ReadChipForReturn>) {
                if (card) card->read_for_return(c.request);
                else inbox_.deliver(staff::ReturnChipRead{c.request, std::nullopt, session::ChipRefusal::unreadable});
            } else if constexpr (std::is_same_v<T, staff::BeginLoading>) {
                dispenser.begin_loading(c.request);
            } else if constexpr (std::is_same_v<T, staff::AwaitInsertedCard>) {
                dispenser.await_inserted_card(c.request, c.wait);
            } else if constexpr (std::is_same_v<T, staff::StopLoading>) {
                dispenser.stop_loading(c.request);
            } else if constexpr (std::is_same_v<T, staff::StoreCardInSlot>) {
                dispenser.store_card(c.request, c.slot);
            } else if constexpr (std::is_same_v<T, staff::ReturnCardToMouth>) {
                dispenser.return_to_mouth(c.request, c.take_timeout);
            } else if constexpr (std::is_same_v<T, staff::CaptureCard>) {
                dispenser.capture_for_staff(c.request);
            } else if constexpr (std::is_same_v<T, staff::FetchForReturn>) {
                dispenser.fetch_for_return(c.request, c.slot);
            } else if constexpr (std::is_same_v<T, staff::PresentToStaff>) {
                dispenser.present_to_staff(c.request, c.take_timeout);
            } else if constexpr (std::is_same_v<T, staff::ResetBinCounter>) {
                dispenser.reset_bin_counter(c.request);
            } else if constexpr (std::is_same_v<T, staff::RunSelfTest>) {
                self_test(c.request);
            } else if constexpr (std::is_same_v<T, staff::AuditInventory>) {
                audit_inventory(c.request);
            } else if constexpr (std::is_same_v<T, staff::EndStaffMode>) {
                // The loop's: it shows the resident screens again.
            } else {
                // The store's share, in emitted order after the session's (StaffStoreService).
                services_.store->post(StaffStoreCommand{c, std::nullopt});
            }
        },
        command);
}

void StaffDispatch::self_test(session::RequestId request) {
    // Four answers from three threads; the last one in answers the machine.
    struct Gathered {
        std::mutex mutex;
        std::vector<staff::DeviceTestResult> results;
    };
    auto gathered = std::make_shared<Gathered>();
    StaffInbox& inbox = inbox_;
    auto add = [gathered, &inbox, request](staff::TestedDevice device, std::optional<session::DeviceFault> fault) {
        const std::lock_guard lock(gathered->mutex);
        gathered->results.push_back({device, fault});
        if (gathered->results.size() == staff::kAllTestedDevices.size()) {
            inbox.deliver(staff::SelfTestDone{request, gathered->results});
        }
    };
    if (CardService* card = services_.card) {
        add(staff::TestedDevice::front_reader,
            card->front_up() ? std::nullopt : std::optional(session::DeviceFault::disconnected));
        add(staff::TestedDevice::read_position_reader, card->read_position_fault());
    } else {
        add(staff::TestedDevice::front_reader, session::DeviceFault::disconnected);
        add(staff::TestedDevice::read_position_reader, session::DeviceFault::disconnected);
    }
    if (FingerprintService* sensor = services_.fingerprint) {
        sensor->self_test([add](std::optional<session::DeviceFault> fault) { add(staff::TestedDevice::fingerprint, fault); });
    } else {
        add(staff::TestedDevice::fingerprint, session::DeviceFault::disconnected);
    }
    services_.dispenser->self_test(
        [add](std::optional<session::DeviceFault> fault) { add(staff::TestedDevice::dispenser, fault); });
}

void StaffDispatch::audit_inventory(session::RequestId request) {
    StoreWorker* store = services_.store;
    services_.dispenser->read_inventory([store, request](std::optional<std::vector<bool>> inventory) {
        // On the dispenser's worker: the comparison and its repairs are the store's, in its order.
        store->post(StaffStoreCommand{staff::AuditInventory{request}, std::move(inventory)});
    });
}

}  // namespace kiosk::app
