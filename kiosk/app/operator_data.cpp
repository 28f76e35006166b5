#include "kiosk/app/operator_data.hpp"

#include "kiosk/app/config/config_json.hpp"
#include "kiosk/store/audit_pages.hpp"
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"

namespace kiosk::app {

std::string audit_actor(const mgmt::Caller& caller) {
    return std::string(mgmt::role_name(caller.role)) + ":" + caller.name;
}

Result<std::unique_ptr<OperatorData>> OperatorData::open(const std::string& database_path, LiveConfig& config,
                                                         std::function<std::int64_t()> now_s) {
    store::OpenOptions options;
    options.integrity = store::IntegrityCheck::none;  // the store-check worker does that
    auto database = TRY(store::open_store(database_path, options));
    return std::unique_ptr<OperatorData>(new OperatorData(std::move(database), config, std::move(now_s)));
}

void OperatorData::add_routes(mgmt::RouteTable& routes) {
    mgmt::add_slots_routes(routes, *this);
    mgmt::add_audit_routes(routes, *this);
    mgmt::add_config_routes(routes, *this);
    mgmt::add_operator_checks_routes(routes, *this);
}

Result<mgmt::OperatorChecks> OperatorData::operator_checks() {
    const auto entries = TRY(store::PickupJournal(database_).awaiting_operator());
    mgmt::OperatorChecks found;
    found.now_s = now_s_();
    for (const store::PickupEntry& entry : entries)
        found.checks.push_back({entry.id, entry.slot, entry.nik, entry.card_serial, entry.reason.value_or(""),
                                entry.created_at_s, entry.updated_at_s, entry.bin_counter_at_begin});
    return found;
}

Result<mgmt::Magazine> OperatorData::magazine() {
    const auto slots = TRY(store::Slots(database_).all());
    mgmt::Magazine magazine;
    magazine.pickup_deadline_days = config_.effective().session.pickup_deadline_days;
    magazine.now_s = now_s_();
    for (const store::Slot& slot : slots) {
        const auto deadline = store::pickup_deadline_of(slot, magazine.pickup_deadline_days, magazine.now_s);
        mgmt::MagazineSlot entry{slot.slot,
                                 store::wire_code(slot.state),
                                 slot.nik,
                                 slot.card_serial,
                                 slot.loaded_at_s,
                                 deadline ? std::optional(deadline->deadline_s) : std::nullopt,
                                 deadline && deadline->past};
        mgmt::MagazineTotals& totals = magazine.totals;
        ++totals.capacity;
        switch (slot.state) {
            case store::SlotState::loaded: ++totals.used; break;
            case store::SlotState::empty: ++totals.free; break;
            case store::SlotState::fault: ++totals.fault; break;
        }
        if (entry.past_deadline) ++totals.past_deadline;
        magazine.slots.push_back(std::move(entry));
    }
    return magazine;
}

Result<mgmt::AuditChainCheck> OperatorData::check_chain() {
    const std::int64_t now_s = now_s_();
    store::AuditCheckpoint from;
    if (verified_ && now_s - whole_chain_checked_at_s_ < kFullAuditCheckInterval_s &&
        now_s >= whole_chain_checked_at_s_)
        from = *verified_;
    else
        whole_chain_checked_at_s_ = now_s;
    const auto verdict = TRY(store::AuditLog(database_).verify_after(from));
    verified_ = verdict.intact_through;

    mgmt::AuditChainCheck chain;
    chain.rows = verdict.rows;
    if (verdict.first_break) {
        chain.first_break_id = verdict.first_break->row_id;
        chain.first_break_reason = verdict.first_break->reason;
    }
    return chain;
}

Result<mgmt::AuditChainCheck> OperatorData::audit_chain() {
    auto snapshot =
        TRY(store::Transaction::begin(database_, store::TransactionKind::deferred, "app.operator_data.audit_chain"));
    return check_chain();
}

Result<mgmt::AuditRows> OperatorData::rows_after(std::int64_t after_id, std::int64_t limit) {
    // One read transaction: the page and the chain's check see the same rows.
    auto snapshot =
        TRY(store::Transaction::begin(database_, store::TransactionKind::deferred, "app.operator_data.audit"));
    const auto page = TRY(store::audit_page_after(database_, after_id, limit));
    mgmt::AuditRows rows;
    rows.chain = TRY(check_chain());
    rows.more = page.more;
    for (const store::AuditEntry& entry : page.entries)
        rows.rows.push_back({entry.id, entry.at_s, entry.actor, entry.action, entry.detail});
    return rows;
}

boost::json::object OperatorData::effective() {
    return config_to_json(config_.effective());
}

Result<boost::json::object, mgmt::ConfigPatchError> OperatorData::patch(const boost::json::object& merge_patch,
                                                                        const mgmt::Caller& caller) {
    const Config patched = TRY(config_.patch(merge_patch, audit_actor(caller), database_, now_s_()));
    return config_to_json(patched);
}

}  // namespace kiosk::app
