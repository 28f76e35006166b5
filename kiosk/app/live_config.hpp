// LiveConfig: the kiosk's effective configuration while it runs: the file's (with the command line's
// changes) and, over it, the live changes operators made (PATCH /api/v1/config).
//
// Where live changes persist, and why: in the kiosk's database (store/config_overrides.hpp), not in
// a file. The appliance's /etc is read-only; the database is on the data partition already; and a
// change commits in one transaction with its audit row, so a power cut can leave neither an
// unaudited change nor an audited one that did not happen. At every start they are applied over
// kiosk.toml by the same rules that check the file (kiosk/app/config/config_overrides.hpp).
//
// A change is published to the UI thread (`publish`, a mailbox push that never waits on the UI)
// after it committed.
//
// Thread safety: open() and set_publisher() before the management server starts; then effective()
// from any thread and patch() from the server's thread, on the connection it passes.
#pragma once

#include "kiosk/app/config/config.hpp"
#include "kiosk/app/config/config_overrides.hpp"
#include "kiosk/mgmt/config_route.hpp"
#include "kiosk/store/sqlite.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace kiosk::app {

class LiveConfig {
public:
    using Publish = std::function<void(const Config& effective)>;

    // Reads the stored overrides and applies them over `base`. One the rules refuse now (kiosk.toml
    // or the program changed since it was set) is removed from the store with an audit row
    // ("config.override_dropped", its key and the refusal) and a warning in the log, and the file's
    // value stands: a remote change must never keep the kiosk from starting. Errors: the store
    // cannot be read or written.
    static Result<std::unique_ptr<LiveConfig>> open(Config base, store::Database& database, std::int64_t now_s);

    void set_publisher(Publish publish);

    [[nodiscard]] Config effective() const;
    [[nodiscard]] std::vector<ConfigOverride> overrides() const;

    // Applies the whole merge patch or none of it: its changes are checked against the file with
    // every other override, stored with one audit row ("config.patch" by `actor`, the keys and their
    // values) in one transaction on `database`, then published. A patch without keys changes
    // nothing and writes nothing. Returns the new effective configuration.
    Result<Config, mgmt::ConfigPatchError> patch(const boost::json::object& merge_patch, const std::string& actor,
                                                 store::Database& database, std::int64_t now_s);

private:
    LiveConfig(Config base, std::vector<ConfigOverride> overrides, Config effective)
        : base_(std::move(base)), overrides_(std::move(overrides)), effective_(std::move(effective)) {}

    const Config base_;
    std::mutex patch_mutex_;                 // one patch at a time, from reading the overrides to publishing
    mutable std::mutex mutex_;               // held only to copy the state, never across a database write
    std::vector<ConfigOverride> overrides_;  // guarded by mutex_
    Config effective_;                       // guarded by mutex_
    Publish publish_;
};

}  // namespace kiosk::app
