#include "kiosk/app/live_config.hpp"

#include "kiosk/log/log.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/config_overrides.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace kiosk::app {
namespace {

namespace json = boost::json;

mgmt::ConfigPatchError patch_error(const ConfigRefusal& refusal) {
    using Kind = mgmt::ConfigPatchError::Kind;
    switch (refusal.kind) {
        case ConfigRefusal::Kind::unknown_key: return {Kind::key_unknown, refusal.key, refusal.message};
        case ConfigRefusal::Kind::not_live: return {Kind::key_not_live, refusal.key, refusal.message};
        case ConfigRefusal::Kind::invalid_value: return {Kind::invalid_value, refusal.key, refusal.message};
    }
    return {Kind::invalid_value, refusal.key, refusal.message};
}

// A stored override the rules refuse now, and why (the refusal may name another key: a rule
// between keys).
struct Dropped {
    ConfigOverride override_;
    ConfigRefusal refusal;
};

// "session.idle_timeout_s=20: session.idle_warning_s: must be less than ...", for the log and audit.
std::string describe(const Dropped& dropped) {
    return describe_changes(std::vector<ConfigChange>{{dropped.override_.key, dropped.override_.value}}) + ": " +
           dropped.refusal.message;
}

// Removes refused overrides from the store, each with its audit row, in one transaction.
Status drop_overrides(store::Database& database, const std::vector<Dropped>& dropped, std::int64_t now_s) {
    constexpr const char* where = "app.live_config.open";
    auto transaction = TRY(store::Transaction::begin(database, store::TransactionKind::immediate, where));
    for (const Dropped& d : dropped) {
        TRY(store::ConfigOverrides(database).erase(d.override_.key));
        TRY(store::AuditLog(database).append("kiosk", "config.override_dropped", describe(d), now_s));
    }
    return transaction.commit();
}

// The stored overrides the rules accept over `base`, and the refusals of the others. The whole set is
// tried first, so that keys checked together (a shorter timeout with a shorter warning) stand
// together; a refused key is dropped and the rest tried again. A rule between keys that blames the
// file's own value names no override to drop: then each is added in key order while the rules hold.
Config accept_overrides(const Config& base, std::vector<ConfigOverride>& candidates, std::vector<Dropped>& dropped) {
    for (;;) {
        auto applied = apply_overrides(base, candidates);
        if (applied) return std::move(applied).value();
        const ConfigRefusal refusal = applied.error();
        const auto named = std::find_if(candidates.begin(), candidates.end(),
                                        [&](const ConfigOverride& o) { return o.key == refusal.key; });
        if (named == candidates.end()) break;
        dropped.push_back({std::move(*named), refusal});
        candidates.erase(named);
    }
    std::vector<ConfigOverride> accepted;
    Config effective = base;
    for (ConfigOverride& candidate : candidates) {
        std::vector<ConfigOverride> trial = accepted;
        trial.push_back(candidate);
        auto applied = apply_overrides(base, trial);
        if (!applied) {
            dropped.push_back({std::move(candidate), applied.error()});
            continue;
        }
        accepted = std::move(trial);
        effective = std::move(applied).value();
    }
    candidates = std::move(accepted);
    return effective;
}

}  // namespace

Result<std::unique_ptr<LiveConfig>> LiveConfig::open(Config base, store::Database& database, std::int64_t now_s) {
    std::vector<ConfigOverride> candidates;
    for (const store::StoredOverride& row : TRY(store::ConfigOverrides(database).all())) {
        json::error_code error;
        json::value value = json::parse(row.value_json, error);
        if (error) value = nullptr;  // the schema holds only JSON; were it not, it is refused as null is
        candidates.push_back({row.key, std::move(value)});
    }
    std::vector<Dropped> dropped;
    Config effective = accept_overrides(base, candidates, dropped);
    for (const Dropped& d : dropped)
        log::warn("config.override_dropped", {log::kv("key", d.override_.key), log::kv("reason", d.refusal.message)});
    if (!dropped.empty()) TRY(drop_overrides(database, dropped, now_s));
    return std::unique_ptr<LiveConfig>(new LiveConfig(std::move(base), std::move(candidates), std::move(effective)));
}

void LiveConfig::set_publisher(Publish publish) {
    publish_ = std::move(publish);
}

Config LiveConfig::effective() const {
    const std::lock_guard lock(mutex_);
    return effective_;
}

std::vector<ConfigOverride> LiveConfig::overrides() const {
    const std::lock_guard lock(mutex_);
    return overrides_;
}

Result<Config, mgmt::ConfigPatchError> LiveConfig::patch(const json::object& merge_patch, const std::string& actor,
                                                         store::Database& database, std::int64_t now_s) {
    auto changes = changes_from_merge_patch(merge_patch);
    if (!changes) return fail(patch_error(changes.error()));
    const std::lock_guard one_patch(patch_mutex_);
    if (changes->empty()) return effective();
    std::vector<ConfigOverride> overrides = with_changes(this->overrides(), *changes);
    auto applied = apply_overrides(base_, overrides);
    if (!applied) return fail(patch_error(applied.error()));

    const auto stored = [&]() -> Status {
        constexpr const char* where = "app.live_config.patch";
        auto transaction = TRY(store::Transaction::begin(database, store::TransactionKind::immediate, where));
        store::ConfigOverrides table(database);
        for (const ConfigChange& change : *changes) {
            if (change.value.is_null())
                TRY(table.erase(change.key));
            else
                TRY(table.put({change.key, json::serialize(change.value), now_s, actor}));
        }
        TRY(store::AuditLog(database).append(actor, "config.patch", describe_changes(*changes), now_s));
        return transaction.commit();
    }();
    if (!stored)
        return fail(mgmt::ConfigPatchError{mgmt::ConfigPatchError::Kind::not_stored, "", stored.error().to_string()});

    const Config published = applied.value();
    {
        const std::lock_guard lock(mutex_);
        overrides_ = std::move(overrides);
        effective_ = published;
    }
    if (publish_) publish_(published);
    return published;
}

}  // namespace kiosk::app
