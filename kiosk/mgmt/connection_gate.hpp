// Connection caps: at most `total_max` connections at once, and at most `per_client_max` from one
// client address, so one misbehaving host cannot take every slot. The server asks the gate before
// it starts a TLS handshake; a refused connection is closed at once, before any TLS work.
//
// Thread safety: none; the server uses it from its one I/O thread.
#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace kiosk::mgmt {

class ConnectionGate {
public:
    ConnectionGate(std::size_t total_max, std::size_t per_client_max)
        : total_max_(total_max), per_client_max_(per_client_max) {}

    enum class Verdict { admitted, refused_total, refused_client };

    // Admits and counts the connection, or refuses it without counting.
    [[nodiscard]] Verdict admit(const std::string& client_address);
    // Ends a connection that admit() counted.
    void release(const std::string& client_address);

    [[nodiscard]] std::size_t open_total() const { return open_total_; }
    [[nodiscard]] std::size_t open_from(const std::string& client_address) const;

private:
    std::size_t total_max_;
    std::size_t per_client_max_;
    std::size_t open_total_ = 0;
    std::map<std::string, std::size_t> open_by_client_;
};

}  // namespace kiosk::mgmt
