#include "kiosk/mgmt/connection_gate.hpp"

#include "kiosk/core/assert.hpp"

namespace kiosk::mgmt {

ConnectionGate::Verdict ConnectionGate::admit(const std::string& client_address) {
    if (open_total_ >= total_max_) return Verdict::refused_total;
    std::size_t& from_client = open_by_client_[client_address];
    if (from_client >= per_client_max_) {
        if (from_client == 0) open_by_client_.erase(client_address);
        return Verdict::refused_client;
    }
    ++from_client;
    ++open_total_;
    return Verdict::admitted;
}

void ConnectionGate::release(const std::string& client_address) {
    const auto found = open_by_client_.find(client_address);
    VERIFY_MSG(found != open_by_client_.end() && found->second > 0 && open_total_ > 0,
               "release of a connection that was not admitted");
    --open_total_;
    if (--found->second == 0) open_by_client_.erase(found);
}

std::size_t ConnectionGate::open_from(const std::string& client_address) const {
    const auto found = open_by_client_.find(client_address);
    return found == open_by_client_.end() ? 0 : found->second;
}

}  // namespace kiosk::mgmt
