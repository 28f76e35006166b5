#include "kiosk/mgmt/kiosk_status.hpp"

namespace kiosk::mgmt {

std::string_view state_code(ApplicationState state) {
    switch (state) {
        case ApplicationState::available: return "AVAILABLE";
        case ApplicationState::active: return "ACTIVE";
        case ApplicationState::unavailable: return "UNAVAILABLE";
        case ApplicationState::stopped: return "STOPPED";
    }
    return "UNAVAILABLE";
}

std::string_view reason_code(StateReason reason) {
    switch (reason) {
        case StateReason::none: return "";
        case StateReason::out_of_service_hardware: return "OUT_OF_SERVICE_HARDWARE";
        case StateReason::out_of_service_consumables: return "OUT_OF_SERVICE_CONSUMABLES";
        case StateReason::out_of_service_internal: return "OUT_OF_SERVICE_INTERNAL";
        case StateReason::maintenance: return "MAINTENANCE";
    }
    return "OUT_OF_SERVICE_INTERNAL";
}

std::string_view maintenance_state_code(MaintenanceState state) {
    switch (state) {
        case MaintenanceState::off: return "off";
        case MaintenanceState::pending: return "pending";
        case MaintenanceState::active: return "active";
    }
    return "off";
}

}  // namespace kiosk::mgmt
