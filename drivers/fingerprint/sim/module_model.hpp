// ModuleModel: what an R30x-family module does with each packet, without I/O or time. The
// Simulator feeds it decoded packets and sends back what it returns; tests can drive it directly.
//
// Faithful points: the acknowledge of UpChar/DownChar precedes the data packets; data packets are
// sized by the packet-size code; a non-default password must be verified first (0x21); the library,
// system parameters and password survive a restart, the char buffers, image and verification do not.
#pragma once

#include "drivers/fingerprint/codec.hpp"
#include "drivers/fingerprint/sim/finger_templates.hpp"

#include <map>
#include <optional>
#include <random>
#include <vector>

namespace kiosk::fingerprint::sim {

struct ModuleConfig {
    std::uint32_t address = default_address;
    std::uint32_t password = default_password;
    std::uint16_t packet_size_code = 2;  // R307: 128 bytes
    std::uint16_t baud_multiplier = 6;   // 57,600 baud
    std::uint16_t library_size = 1000;
    std::uint16_t security_level = 3;
    std::uint16_t system_id = 0x0009;
};

// What the simulator must do after a packet.
struct ModuleReply {
    std::vector<Packet> packets;               // to send, in order (none: stay silent)
    std::optional<std::uint16_t> new_baud_multiplier;  // switch pacing after sending
};

class ModuleModel {
public:
    explicit ModuleModel(const ModuleConfig& config);

    // A packet addressed to this module (the simulator drops other addresses before this).
    ModuleReply handle(const Packet& packet);
    // A command whose checksum was wrong: the module answers "receive error".
    ModuleReply receive_error();

    // The glass.
    void place_finger(std::uint32_t finger) { finger_ = finger; }
    void lift_finger() { finger_.reset(); }
    void next_capture_poor() { poor_next_ = true; }
    void clear_glass() {
        finger_.reset();
        poor_next_ = false;
    }
    [[nodiscard]] bool finger_present() const { return finger_.has_value(); }
    // Called when GenImg starts taking an image; GenImg fails with 03 if the finger present now is
    // gone when handle() sees the command (lifted during the capture).
    void begin_capture() { finger_at_capture_start_ = finger_; }

    // Power cycle: volatile state is lost.
    void restart();

    [[nodiscard]] const ModuleConfig& config() const { return config_; }
    [[nodiscard]] std::size_t stored_templates() const { return library_.size(); }
    [[nodiscard]] std::uint32_t address() const { return config_.address; }

private:
    ModuleReply ack(std::uint8_t code, std::span<const std::uint8_t> extra = {}) const;
    ModuleReply command(const Packet& packet);
    ModuleReply data(const Packet& packet);
    std::optional<Template>* buffer(std::uint8_t id);
    std::uint16_t threshold() const { return static_cast<std::uint16_t>(20 + 10 * config_.security_level); }

    ModuleConfig config_;
    bool password_verified_ = false;
    std::optional<Template> char_buffers_[2];
    std::map<std::uint16_t, Template> library_;
    enum class Image { none, good, poor } image_ = Image::none;
    std::uint32_t image_finger_ = 0;
    std::uint32_t captures_ = 0;
    std::optional<std::uint32_t> finger_;
    std::optional<std::uint32_t> finger_at_capture_start_;
    bool poor_next_ = false;
    // DownChar in progress: the buffer the data goes to (0 none) and what has arrived.
    std::uint8_t download_buffer_ = 0;
    DataJoiner download_{template_size};
    std::mt19937 random_{std::random_device{}()};
};

}  // namespace kiosk::fingerprint::sim
