// MaintenanceSwitch: the one owner of the session machine's MaintenanceMode input, an operator's
// maintenance (PUT /api/v1/maintenance): it waits for the resident's session to end (never in the
// middle of a pickup, nor of someone typing their NIK), then takes the kiosk out of service with the
// operator's words on screen; "off" brings the attract screen back;
//
//        off --order on, no session--> active --order off--> off
//        off --order on, a session---> pending --session ends (attract)--> active
//        pending --order off--> off
//
// The kiosk's own reasons (a damaged database, a full disk) are not maintenance: they reach the
// machine as StoreHealth, with a reason of their own on the screen and in the status.
//
// No session runs while the machine is at the attract screen or out of service. Pure: the loop
// feeds what due() returns to the machine after every event the machine handled (so a session
// cannot start between the end of one and maintenance taking effect). UI thread only.
#pragma once

#include "kiosk/core/session/session_events.hpp"
#include "kiosk/core/session/session_machine.hpp"
#include "kiosk/mgmt/kiosk_status.hpp"
#include "kiosk/mgmt/operator_routes.hpp"

#include <optional>
#include <string>

namespace kiosk::app {

class MaintenanceSwitch {
public:
    // `persisted_reason`: the operator's maintenance as the store kept it (maintenance_setting.hpp);
    // set: in effect from the start (the machine starts out of service, see machine_flag()).
    explicit MaintenanceSwitch(std::optional<std::string> persisted_reason = std::nullopt);

    // The machine's maintenance flag at its start (core::session::DeviceHealthSnapshot::maintenance).
    [[nodiscard]] bool machine_flag() const { return in_effect_; }

    // An operator's order, with the machine in `phase`. Takes effect at once when no session runs.
    void order(const mgmt::MaintenanceChange& change, core::session::Phase phase);
    // What the machine must be told now, when it differs from what it was told last (then it counts
    // as told). Call after every event the machine handled, with its phase after it.
    [[nodiscard]] std::optional<core::session::MaintenanceMode> due(core::session::Phase phase);

    // The operator's maintenance, as GET /api/v1/status and the maintenance route report it.
    [[nodiscard]] mgmt::MaintenanceStatus status() const;
    // The operator's words while their maintenance is in effect: the maintenance screen shows them.
    [[nodiscard]] std::optional<std::string> reason_on_screen() const;

private:
    bool ordered_ = false;    // an operator asked for maintenance
    bool in_effect_ = false;  // ... and no session held it back since
    std::string reason_;
    bool told_ = false;  // what the machine was last told
};

}  // namespace kiosk::app
