// OperatorData: what the operator routes read and change (GET /api/v1/slots, GET /api/v1/audit,
// GET and PATCH /api/v1/config, GET /api/v1/operator-checks), over a database connection of its own for the management server's
// thread (one connection per thread, DESIGN.md; WAL lets it read while the UI thread writes).
//
// The audit chain's check: verifying the whole chain costs about 11 ms per 1,000 rows on this
// machine (1.1 s at 100,000), too long for a request on the server's one thread. So the verified
// prefix is cached: each request checks only the rows after the last one found intact (and that
// this row still holds its hash), and the whole chain again when the last whole check is older
// than kFullAuditCheckInterval_s. An edit deep inside the chain that leaves the newest verified row
// alone is therefore reported within that interval, not at once; truncation and new rows are
// reported at once. The audit route and the readings (audit_chain(), for /metrics) share the cache.
//
// Thread safety: open() on any thread; everything else on the server's thread.
#pragma once

#include "kiosk/app/live_config.hpp"
#include "kiosk/mgmt/audit_route.hpp"
#include "kiosk/mgmt/config_route.hpp"
#include "kiosk/mgmt/operator_checks_route.hpp"
#include "kiosk/mgmt/slots_route.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace kiosk::app {

inline constexpr std::int64_t kFullAuditCheckInterval_s = 600;

// The audit log's actor for a management caller: "operator:ops-laptop".
[[nodiscard]] std::string audit_actor(const mgmt::Caller& caller);

class OperatorData final : public mgmt::MagazineSource,
                           public mgmt::AuditSource,
                           public mgmt::ConfigSource,
                           public mgmt::OperatorCheckSource {
public:
    // `now_s`: unix seconds (deadlines, audit rows, the chain check's interval).
    static Result<std::unique_ptr<OperatorData>> open(const std::string& database_path, LiveConfig& config,
                                                      std::function<std::int64_t()> now_s);

    // The slots, audit and config routes over this object, which must outlive the table's server.
    void add_routes(mgmt::RouteTable& routes);

    Result<mgmt::Magazine> magazine() override;
    Result<mgmt::AuditRows> rows_after(std::int64_t after_id, std::int64_t limit) override;
    // The chain's check alone (for /metrics and /healthz's readings), from the same verified prefix
    // as the audit route's, in a read transaction of its own. Errors: the store cannot be read.
    Result<mgmt::AuditChainCheck> audit_chain();
    [[nodiscard]] boost::json::object effective() override;
    Result<boost::json::object, mgmt::ConfigPatchError> patch(const boost::json::object& merge_patch,
                                                              const mgmt::Caller& caller) override;
    Result<mgmt::OperatorChecks> operator_checks() override;

private:
    OperatorData(store::Database database, LiveConfig& config, std::function<std::int64_t()> now_s)
        : database_(std::move(database)), config_(config), now_s_(std::move(now_s)) {}

    // The chain from the cached verified prefix (above); inside the caller's read transaction.
    Result<mgmt::AuditChainCheck> check_chain();

    store::Database database_;
    LiveConfig& config_;
    std::function<std::int64_t()> now_s_;
    std::optional<store::AuditCheckpoint> verified_;  // the newest row found intact
    std::int64_t whole_chain_checked_at_s_ = 0;
};

}  // namespace kiosk::app
