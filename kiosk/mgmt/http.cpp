#include "kiosk/mgmt/http.hpp"

namespace kiosk::mgmt {

const char* role_name(Role role) {
    switch (role) {
        case Role::anonymous: return "anonymous";
        case Role::monitor: return "monitor";
        case Role::operator_: return "operator";
        case Role::central: return "central";
    }
    return "anonymous";
}

bool role_allows(Role caller, Role required) {
    switch (required) {
        case Role::anonymous: return true;
        case Role::monitor: return caller == Role::monitor || caller == Role::operator_;
        case Role::operator_: return caller == Role::operator_;
        case Role::central: return caller == Role::central;
    }
    return false;
}

}  // namespace kiosk::mgmt
