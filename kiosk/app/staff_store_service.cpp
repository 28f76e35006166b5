#include "kiosk/app/staff_store_service.hpp"

#include "kiosk/app/maintenance_setting.hpp"
#include "kiosk/core/slot_number.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/capture_bin.hpp"
#include "kiosk/store/load_journal.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/staff.hpp"

#include <chrono>
#include <type_traits>

namespace kiosk::app {

namespace session = core::session;
namespace staff = core::staff;

namespace {

store::PickupState pickup_state_of(session::PickupStep step) {
    switch (step) {
        case session::PickupStep::fetched: return store::PickupState::fetched;
        case session::PickupStep::chip_verified: return store::PickupState::chip_verified;
        case session::PickupStep::presenting: return store::PickupState::presenting;
    }
    return store::PickupState::fetched;
}

}  // namespace

std::string service_reason_words(staff::ServiceReason reason) {
    switch (reason) {
        case staff::ServiceReason::maintenance: return "Perawatan / Maintenance";
        case staff::ServiceReason::cleaning: return "Pembersihan / Cleaning";
        case staff::ServiceReason::hardware: return "Perbaikan perangkat / Hardware repair";
        case staff::ServiceReason::stock: return "Pengisian kartu / Restocking";
    }
    return "Perawatan / Maintenance";
}

StaffStoreService::StaffStoreService(store::Database& database, StoreService& session_store,
                                     std::function<int()> pickup_deadline_days,
                                     std::function<mgmt::DispenserReading()> dispenser,
                                     std::function<std::int64_t()> now_s)
    : database_(database),
      session_store_(session_store),
      pickup_deadline_days_(std::move(pickup_deadline_days)),
      dispenser_(std::move(dispenser)),
      now_s_(std::move(now_s)) {}

std::int64_t StaffStoreService::now() const {
    if (now_s_) return now_s_();
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool StaffStoreService::ok(const Status& status, const char* event) {
    if (status) return true;
    session_store_.report_failure(event, status.error());
    return false;
}

int StaffStoreService::bin_count() const {
    const auto reading = dispenser_ ? dispenser_() : mgmt::DispenserReading{};
    return reading.bin ? static_cast<int>(reading.bin->count) : 0;
}

std::optional<staff::Event> StaffStoreService::execute(const StaffStoreCommand& command) {
    return std::visit(
        [&](const auto& c) -> std::optional<staff::Event> {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, staff::LookupStaff>) return lookup(c);
            else if constexpr (std::is_same_v<T, staff::AuditStaff>) {
                audit(c);
                return std::nullopt;
            } else if constexpr (std::is_same_v<T, staff::ReadStaffOverview>) return overview(c);
            else if constexpr (std::is_same_v<T, staff::CheckLoadable>) return loadable(c);
            else if constexpr (std::is_same_v<T, staff::JournalLoadIntent>) return load_intent(c);
            else if constexpr (std::is_same_v<T, staff::JournalLoadStored>) return load_stored(c);
            else if constexpr (std::is_same_v<T, staff::JournalLoadDone>) return load_done(c);
            else if constexpr (std::is_same_v<T, staff::JournalLoadAborted>) return load_aborted(c);
            else if constexpr (std::is_same_v<T, staff::MarkSlotFault>) return slot_fault(c);
            else if constexpr (std::is_same_v<T, staff::ListUncollected>) return uncollected(c);
            else if constexpr (std::is_same_v<T, staff::JournalReturnIntent>) return return_intent(c);
            else if constexpr (std::is_same_v<T, staff::JournalReturnStep>) return return_step(c);
            else if constexpr (std::is_same_v<T, staff::JournalReturned>) return returned(c);
            else if constexpr (std::is_same_v<T, staff::JournalReturnCaptured>) return return_captured(c);
            else if constexpr (std::is_same_v<T, staff::JournalReturnAborted>) return return_aborted(c);
            else if constexpr (std::is_same_v<T, staff::ListBin>) return bin(c);
            else if constexpr (std::is_same_v<T, staff::RecordBinEmptied>) return bin_emptied(c);
            else if constexpr (std::is_same_v<T, staff::ListChecks>) return checks(c);
            else if constexpr (std::is_same_v<T, staff::Resolve>) return resolve(c);
            else if constexpr (std::is_same_v<T, staff::SetInService>) return service(c);
            else if constexpr (std::is_same_v<T, staff::AuditInventory>) return audit_inventory(c, command.inventory);
            else if constexpr (requires { c.request; }) {
                // A device command never reaches the store (StaffDispatch); answer it as failed all the same.
                return staff::StoreRequestFailed{c.request};
            } else {
                return std::nullopt;
            }
        },
        command.command);
}

void StaffStoreService::audit(const staff::AuditStaff& c) {
    if (!c.captured) {
        auto appended = store::AuditLog(database_).append(store::staff_actor(c.staff_id),
                                                          std::string(staff::staff_action_code(c.action)), c.detail, now());
        (void)ok(appended, "staff.audit_failed");
        return;
    }
    // A capture no journal entry records: the bin's list gains the card with its audit row, or neither.
    auto written = [&]() -> Status {
        const std::int64_t at = now();
        auto transaction = TRY(store::Transaction::begin(database_, store::TransactionKind::immediate, "staff.capture"));
        TRY(store::CaptureBin(database_).record(c.captured->card_serial, c.captured->nik, c.captured->reason, at));
        TRY(store::AuditLog(database_).append(store::staff_actor(c.staff_id),
                                              std::string(staff::staff_action_code(c.action)), c.detail, at));
        return transaction.commit();
    }();
    (void)ok(written, "staff.audit_failed");
}

staff::Event StaffStoreService::lookup(const staff::LookupStaff& c) {
    auto found = store::Staff(database_).find_active_by_card(c.card_serial);
    if (!ok(found, "staff.lookup_failed")) return staff::StoreRequestFailed{c.request};
    staff::StaffLookedUp answer{c.request, std::nullopt};
    if (*found) answer.staff = staff::StaffIdentity{(*found)->staff_id, (*found)->name, (*found)->role};
    return answer;
}

staff::Event StaffStoreService::overview(const staff::ReadStaffOverview& c) {
    auto slots = store::Slots(database_).all();
    auto late = store::Slots(database_).uncollected(pickup_deadline_days_(), now());
    auto pickup_checks = store::PickupJournal(database_).awaiting_operator();
    auto load_checks = store::LoadJournal(database_).awaiting_operator();
    auto maintenance = load_maintenance_reason(database_);
    if (!ok(slots, "staff.overview_failed") || !ok(late, "staff.overview_failed") ||
        !ok(pickup_checks, "staff.overview_failed") || !ok(load_checks, "staff.overview_failed") ||
        !ok(maintenance, "staff.overview_failed")) {
        return staff::StoreRequestFailed{c.request};
    }
    staff::OverviewFigures figures;
    figures.slots_total = static_cast<int>(slots->size());
    for (const auto& slot : *slots) {
        if (slot.state == store::SlotState::loaded) ++figures.slots_loaded;
        else if (slot.state == store::SlotState::empty) ++figures.slots_free;
        else ++figures.slots_fault;
    }
    figures.uncollected = static_cast<int>(late->size());
    figures.bin_count = bin_count();
    figures.bin_capacity = kBinCapacityCards;
    figures.checks = static_cast<int>(pickup_checks->size() + load_checks->size());
    figures.in_service = !maintenance->has_value();
    return staff::StaffOverview{c.request, figures};
}

staff::Event StaffStoreService::loadable(const staff::CheckLoadable& c) {
    auto verdict = store::LoadJournal(database_).load_verdict(c.nik, c.card_serial);
    if (!ok(verdict, "staff.load_check_failed")) return staff::StoreRequestFailed{c.request};
    staff::LoadChecked answer{c.request, std::nullopt, verdict->refusal};
    if (verdict->slot) answer.slot = static_cast<int>(*verdict->slot);
    return answer;
}

staff::Event StaffStoreService::load_intent(const staff::JournalLoadIntent& c) {
    auto id = store::LoadJournal(database_).begin(c.nik, c.card_serial, c.slot, c.staff_id, now());
    if (!ok(id, "staff.load_intent_failed")) return staff::LoadJournaled{c.request, false};
    loads_.clear();  // one load at a time: an older one's writes are over
    loads_[c.request] = *id;
    return staff::LoadJournaled{c.request, true};
}

staff::Event StaffStoreService::load_stored(const staff::JournalLoadStored& c) {
    const auto entry = loads_.find(c.load);
    if (entry == loads_.end()) return staff::LoadJournaled{c.request, false};
    return staff::LoadJournaled{c.request, ok(store::LoadJournal(database_).stored(entry->second, now()), "staff.load_stored_failed")};
}

staff::Event StaffStoreService::load_done(const staff::JournalLoadDone& c) {
    const auto entry = loads_.find(c.load);
    if (entry == loads_.end()) return staff::LoadJournaled{c.request, false};
    return staff::LoadJournaled{c.request, ok(store::LoadJournal(database_).done(entry->second, now()), "staff.load_done_failed")};
}

staff::Event StaffStoreService::load_aborted(const staff::JournalLoadAborted& c) {
    const auto entry = loads_.find(c.load);
    if (entry == loads_.end()) return staff::LoadJournaled{c.request, false};
    store::LoadJournal journal(database_);
    const std::string reason(staff::load_abort_reason_code(c.reason));
    Status closed;
    switch (c.reason) {
        case staff::LoadAbortReason::returned:
            closed = journal.aborted(entry->second, reason, store::AbortedLoadCard::returned, now());
            break;
        case staff::LoadAbortReason::captured:
            closed = journal.aborted(entry->second, reason, store::AbortedLoadCard::captured, now());
            break;
    }
    return staff::LoadJournaled{c.request, ok(closed, "staff.load_aborted_failed")};
}

staff::Event StaffStoreService::slot_fault(const staff::MarkSlotFault& c) {
    store::LoadJournal journal(database_);
    auto open = journal.open_entry_for_slot(c.slot);
    if (!ok(open, "staff.slot_fault_failed")) return staff::SlotFaultMarked{c.request, false};
    const std::string reason(staff::slot_fault_reason_code(c.reason));
    // An open load of the slot becomes the operator's check (which marks the slot FAULT with it).
    Status marked = *open ? journal.operator_check((*open)->id, reason, now()) : store::Slots(database_).mark_fault(c.slot);
    return staff::SlotFaultMarked{c.request, ok(marked, "staff.slot_fault_failed")};
}

staff::Event StaffStoreService::uncollected(const staff::ListUncollected& c) {
    auto late = store::Slots(database_).uncollected(pickup_deadline_days_(), now());
    if (!ok(late, "staff.uncollected_failed")) return staff::StoreRequestFailed{c.request};
    staff::UncollectedListed answer{c.request, {}};
    for (const auto& card : *late) {
        if (!card.slot.nik) continue;  // LOADED always has its resident (the schema's rule)
        answer.items.push_back(
            staff::UncollectedCard{*card.slot.nik, static_cast<int>(card.slot.slot), card.slot.card_serial, card.deadline_s});
    }
    return answer;
}

staff::Event StaffStoreService::return_intent(const staff::JournalReturnIntent& c) {
    const auto counter = dispenser_ ? dispenser_().bin : std::nullopt;
    auto id = store::PickupJournal(database_).begin_return(
        c.nik, c.slot, c.staff_id, now(), counter ? std::optional<std::int64_t>(counter->count) : std::nullopt);
    if (!ok(id, "staff.return_intent_failed")) return staff::ReturnJournaled{c.request, false};
    returns_.clear();
    returns_[c.request] = *id;
    return staff::ReturnJournaled{c.request, true};
}

staff::Event StaffStoreService::return_step(const staff::JournalReturnStep& c) {
    const auto entry = returns_.find(c.ret);
    if (entry == returns_.end()) return staff::ReturnJournaled{c.request, false};
    auto stepped = store::PickupJournal(database_).step(entry->second, pickup_state_of(c.step), now());
    return staff::ReturnJournaled{c.request, ok(stepped, "staff.return_step_failed")};
}

staff::Event StaffStoreService::returned(const staff::JournalReturned& c) {
    const auto entry = returns_.find(c.ret);
    if (entry == returns_.end()) return staff::ReturnJournaled{c.request, false};
    return staff::ReturnJournaled{c.request, ok(store::PickupJournal(database_).done(entry->second, now()), "staff.returned_failed")};
}

staff::Event StaffStoreService::return_captured(const staff::JournalReturnCaptured& c) {
    const auto entry = returns_.find(c.ret);
    if (entry == returns_.end()) return staff::ReturnJournaled{c.request, false};
    auto closed = store::PickupJournal(database_).captured(entry->second, session::capture_reason_code(c.reason), now());
    return staff::ReturnJournaled{c.request, ok(closed, "staff.return_captured_failed")};
}

staff::Event StaffStoreService::return_aborted(const staff::JournalReturnAborted& c) {
    const auto entry = returns_.find(c.ret);
    if (entry == returns_.end()) return staff::ReturnJournaled{c.request, false};
    return staff::ReturnJournaled{c.request, ok(store::PickupJournal(database_).aborted(entry->second, now()), "staff.return_aborted_failed")};
}

staff::Event StaffStoreService::bin(const staff::ListBin& c) {
    auto cards = store::CaptureBin(database_).in_bin();
    if (!ok(cards, "staff.bin_failed")) return staff::StoreRequestFailed{c.request};
    staff::BinListed answer{c.request, bin_count(), kBinCapacityCards, {}};
    for (const auto& card : *cards) answer.items.push_back(staff::BinCard{card.card_serial, card.nik, card.reason, card.captured_at_s});
    return answer;
}

staff::Event StaffStoreService::bin_emptied(const staff::RecordBinEmptied& c) {
    auto emptied = store::CaptureBin(database_).emptied(c.staff_id, c.count, now());
    return staff::BinEmptiedRecorded{c.request, ok(emptied, "staff.bin_emptied_failed")};
}

staff::Event StaffStoreService::checks(const staff::ListChecks& c) {
    auto pickups = store::PickupJournal(database_).awaiting_operator();
    auto loads = store::LoadJournal(database_).awaiting_operator();
    if (!ok(pickups, "staff.checks_failed") || !ok(loads, "staff.checks_failed")) return staff::StoreRequestFailed{c.request};
    staff::ChecksListed answer{c.request, {}};
    for (const auto& e : *pickups) {
        answer.items.push_back(staff::OperatorCheck{e.id, staff::CheckJournal::pickup, static_cast<int>(e.slot), e.nik,
                                                    std::string(store::wire_code(e.state)), e.reason.value_or(""),
                                                    e.updated_at_s, std::nullopt});
    }
    for (const auto& e : *loads) {
        answer.items.push_back(staff::OperatorCheck{e.id, staff::CheckJournal::load, static_cast<int>(e.slot), e.nik,
                                                    std::string(store::wire_code(e.state)), e.reason.value_or(""),
                                                    e.updated_at_s, std::nullopt});
    }
    return answer;
}

staff::Event StaffStoreService::resolve(const staff::Resolve& c) {
    const Status resolved = c.journal == staff::CheckJournal::load
                                ? store::LoadJournal(database_).resolve(c.entry_id, c.resolution, c.staff_id, now())
                                : store::PickupJournal(database_).resolve(c.entry_id, c.resolution, c.staff_id, now());
    return staff::Resolved{c.request, ok(resolved, "staff.resolve_failed")};
}

staff::Event StaffStoreService::service(const staff::SetInService& c) {
    mgmt::MaintenanceChange change;
    change.on = !c.in_service;
    if (c.reason) change.reason = service_reason_words(*c.reason);
    const Status recorded = record_maintenance_change(database_, change, store::staff_actor(c.staff_id), now());
    return staff::InServiceSet{c.request, ok(recorded, "staff.service_failed")};
}

staff::Event StaffStoreService::audit_inventory(const staff::AuditInventory& c,
                                                const std::optional<std::vector<bool>>& inventory) {
    if (!inventory) return staff::InventoryAudited{c.request, false, 0, 0};
    auto slots = store::Slots(database_).all();
    if (!ok(slots, "staff.inventory_audit_failed")) return staff::InventoryAudited{c.request, false, 0, 0};
    staff::InventoryAudited answer{c.request, true, 0, 0};
    auto transaction = store::Transaction::begin(database_, store::TransactionKind::immediate, "staff.inventory_audit");
    if (!ok(transaction, "staff.inventory_audit_failed")) return staff::InventoryAudited{c.request, false, 0, 0};
    store::Slots writer(database_);
    for (const auto& slot : *slots) {
        const auto position = static_cast<std::size_t>(core::device_position(static_cast<int>(slot.slot)));
        const std::optional<bool> occupied =
            position < inventory->size() ? std::optional<bool>((*inventory)[position]) : std::nullopt;
        if (!occupied) continue;
        if (slot.state == store::SlotState::loaded && !*occupied) {
            // The store names a card the magazine does not hold: blocked for an operator's look.
            ++answer.mismatches;
            if (!ok(writer.mark_fault(slot.slot), "staff.inventory_audit_failed")) answer.ok = false;
        } else if (slot.state == store::SlotState::empty && *occupied) {
            // A card the store knows nothing of: blocked, never handed to anyone.
            ++answer.mismatches;
            if (!ok(writer.mark_fault(slot.slot), "staff.inventory_audit_failed")) answer.ok = false;
        } else if (slot.state == store::SlotState::fault && !*occupied && !slot.nik) {
            // A blocked slot that holds nothing and names no resident: free again (the drift repaired).
            ++answer.mismatches;
            ++answer.repaired;
            if (!ok(writer.clear(slot.slot), "staff.inventory_audit_failed")) answer.ok = false;
        }
    }
    if (answer.ok) answer.ok = ok((*transaction).commit(), "staff.inventory_audit_failed");
    return answer;
}

}  // namespace kiosk::app
