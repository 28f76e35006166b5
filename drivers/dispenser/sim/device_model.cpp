#include "drivers/dispenser/sim/device_model.hpp"

#include "kiosk/log/log.hpp"

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <thread>

namespace kiosk::dispenser::sim {
namespace {

bool is(const Command& c, CommandCode code) {
    return c.code == code;
}

void sleep_ms(int ms) {
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

Bytes ascii(const std::string& s) {
    return Bytes(s.begin(), s.end());
}

}  // namespace

DeviceModel::DeviceModel(MechanismState initial, SimTimings timings, SimIdentity identity, std::string state_path,
                         ReadPositionAntenna& antenna)
    : state_(std::move(initial)),
      timings_(timings),
      identity_(std::move(identity)),
      state_path_(std::move(state_path)),
      antenna_(antenna) {
    // A card that was at the read position when the simulator stopped is there again.
    if (state_.place == CardPlace::read_position) antenna_.present(state_.transport_card);
    std::lock_guard lock(mutex_);
    persist_locked();
}

void DeviceModel::persist_locked() {
    if (state_path_.empty()) return;
    auto saved = save_state_atomically(state_path_, state_);
    if (!saved) {
        const auto message = saved.error().to_string();
        if (message != last_persist_error_) log::error("dispenser_sim.state_not_saved", {log::kv("reason", message)});
        last_persist_error_ = message;
    } else {
        last_persist_error_.clear();
    }
}

DeviceStatus DeviceModel::status_locked() const {
    DeviceStatus s;
    switch (state_.place) {
        case CardPlace::none:
        case CardPlace::in_transport: s.transport = TransportState::empty; break;
        case CardPlace::read_position: s.transport = TransportState::at_read_position; break;
        case CardPlace::mouth_held:
        case CardPlace::mouth_presented: s.transport = TransportState::at_mouth; break;
    }
    const auto total = static_cast<int>(state_.slots.size());
    const int used = state_.occupied_slots();
    if (used == 0)
        s.magazine = MagazineLevel::empty;
    else if (used * 20 < total || (total - used) * 20 < total)
        s.magazine = MagazineLevel::low;  // fewer than 5 % of the slots used, or fewer than 5 % free
    else
        s.magazine = MagazineLevel::ok;
    s.bin_full = state_.bin_full;
    return s;
}

Sensors DeviceModel::sensors_locked() const {
    Sensors s;
    s.mouth = state_.place == CardPlace::mouth_held || state_.place == CardPlace::mouth_presented;
    s.read_position = state_.place == CardPlace::read_position;
    s.transport = state_.place == CardPlace::in_transport;
    s.bin_entry = capturing_;
    s.bin_full = state_.bin_full;
    s.door_open = door_open_;
    s.magazine_home = !magazine_moving_;
    s.power = true;
    return s;
}

DeviceStatus DeviceModel::status() const {
    std::lock_guard lock(mutex_);
    return status_locked();
}

Sensors DeviceModel::sensors() const {
    std::lock_guard lock(mutex_);
    return sensors_locked();
}

int DeviceModel::commands_executed() const {
    std::lock_guard lock(mutex_);
    return commands_executed_;
}

int DeviceModel::moves_run() const {
    std::lock_guard lock(mutex_);
    return moves_run_;
}

MechanismState DeviceModel::snapshot() const {
    std::lock_guard lock(mutex_);
    return state_;
}

void DeviceModel::place_card(CardPlace to, std::unique_lock<std::mutex>& lock) {
    const CardPlace from = state_.place;
    const std::string card = state_.transport_card;
    state_.place = to;
    if (to == CardPlace::none) state_.transport_card.clear();
    persist_locked();
    if (from == to) return;
    if (from == CardPlace::read_position || to == CardPlace::read_position) {
        // The antenna may block (a vpcd connection); moving_ keeps other moves out meanwhile.
        lock.unlock();
        if (from == CardPlace::read_position) antenna_.withdraw();
        if (to == CardPlace::read_position) antenna_.present(card);
        lock.lock();
    }
}

Reply DeviceModel::execute(const Command& c) {
    std::unique_lock lock(mutex_);
    ++commands_executed_;
    auto positive = [&](Bytes data = {}) { return Reply{PositiveReply{c.code, status_locked(), std::move(data)}}; };
    auto negative = [&](ErrorCode e) { return Reply{make_negative(c.code, e)}; };
    const bool takes_slot = is(c, commands::fetch) || is(c, commands::store);
    if (!takes_slot && !c.data.empty()) return negative(ErrorCode::parameter_error);

    if (is(c, commands::status)) return positive();
    if (is(c, commands::sensors)) return positive(encode_sensors(sensors_locked()));
    if (is(c, commands::inventory)) {
        Inventory inv;
        for (const auto& s : state_.slots) inv.occupied.push_back(!s.empty());
        return positive(encode_inventory(inv));
    }
    if (is(c, commands::serial_number)) return positive(ascii(identity_.serial_number));
    if (is(c, commands::firmware_version)) return positive(ascii(identity_.firmware_version));
    if (is(c, commands::bin_counter)) {
        char digits[4];
        std::snprintf(digits, sizeof digits, "%03d", state_.bin_counter);
        return positive(Bytes(digits, digits + 3));
    }
    if (is(c, commands::reset_bin_counter)) {
        state_.bin_counter = 0;
        persist_locked();
        return positive();
    }
    if (is(c, commands::accept_at_mouth)) {
        if (!initialized_) return negative(ErrorCode::not_initialized);
        if (moving_) return negative(ErrorCode::sequence);
        if (state_.place != CardPlace::none) return negative(ErrorCode::card_in_transport);
        accepting_ = true;
        return positive();
    }
    if (is(c, commands::stop_accepting)) {
        accepting_ = false;
        return positive();
    }
    const CommandCode moves[] = {commands::initialize_capture,
                                 commands::initialize_keep,
                                 commands::hold_at_mouth,
                                 commands::to_read_position,
                                 commands::capture,
                                 commands::present,
                                 commands::fetch,
                                 commands::store};
    for (const auto& m : moves)
        if (c.code == m) return run_move(c, lock);
    return negative(ErrorCode::undefined_command);
}

Reply DeviceModel::run_move(const Command& c, std::unique_lock<std::mutex>& lock) {
    auto negative = [&](ErrorCode e) { return Reply{make_negative(c.code, e)}; };
    const bool initializing = is(c, commands::initialize_capture) || is(c, commands::initialize_keep);
    if (moving_) return negative(ErrorCode::sequence);
    if (!initializing && !initialized_) return negative(ErrorCode::not_initialized);

    std::size_t slot_index = 0;
    if (is(c, commands::fetch) || is(c, commands::store)) {
        auto parsed = parse_slot(c.data);
        if (!parsed || *parsed >= static_cast<int>(state_.slots.size())) return negative(ErrorCode::parameter_error);
        slot_index = static_cast<std::size_t>(*parsed);
        if (door_open_) return negative(ErrorCode::sequence);
    }

    // Where the card goes; validation per command.
    enum class Dest { none, read, slot, bin, mouth_held, mouth_presented } dest = Dest::none;
    const CardPlace at = state_.place;
    const bool at_mouth = at == CardPlace::mouth_held || at == CardPlace::mouth_presented;
    if (is(c, commands::fetch)) {
        if (at != CardPlace::none) return negative(ErrorCode::card_in_transport);
        if (state_.slots[slot_index].empty()) return negative(ErrorCode::slot_empty);
        dest = Dest::read;
    } else if (is(c, commands::store)) {
        if (at != CardPlace::read_position) return negative(ErrorCode::no_card_at_read_position);
        if (!state_.slots[slot_index].empty()) return negative(ErrorCode::slot_occupied);
        dest = Dest::slot;
    } else if (is(c, commands::to_read_position)) {
        if (at == CardPlace::none) return negative(ErrorCode::no_card_at_read_position);
        dest = Dest::read;
    } else if (is(c, commands::hold_at_mouth)) {
        if (at != CardPlace::read_position && !at_mouth) return negative(ErrorCode::no_card_at_read_position);
        dest = Dest::mouth_held;
    } else if (is(c, commands::present)) {
        if (at != CardPlace::read_position && !at_mouth) return negative(ErrorCode::no_card_at_read_position);
        dest = Dest::mouth_presented;
    } else if (is(c, commands::capture)) {
        if (at == CardPlace::none) return negative(ErrorCode::no_card_at_read_position);
        if (state_.bin_full) return negative(ErrorCode::bin_full);
        dest = Dest::bin;
    } else if (is(c, commands::initialize_capture)) {
        if (at != CardPlace::none) {
            if (state_.bin_full) return negative(ErrorCode::bin_full);
            dest = Dest::bin;
        }
    }

    if (fail_next_) {
        const ErrorCode code = *fail_next_;
        fail_next_.reset();
        if (code == ErrorCode::sensor_fault || code == ErrorCode::motor_fault || code == ErrorCode::jam)
            initialized_ = false;
        return negative(code);
    }

    if (dest == Dest::none) {  // an initialize that moves nothing
        moving_ = true;
        lock.unlock();
        sleep_ms(timings_.initialize_ms);
        lock.lock();
        moving_ = false;
        jam_next_ = false;
        initialized_ = true;
        accepting_ = false;
        return Reply{PositiveReply{c.code, status_locked(), {}}};
    }

    // The card leaves where it was and is in the transport for the length of the move.
    ++moves_run_;
    moving_ = true;
    magazine_moving_ = dest == Dest::slot || is(c, commands::fetch);
    capturing_ = dest == Dest::bin;
    if (is(c, commands::fetch)) {
        state_.transport_card = std::move(state_.slots[slot_index]);
        state_.slots[slot_index].clear();
    }
    place_card(CardPlace::in_transport, lock);
    const bool jams = jam_next_;
    jam_next_ = false;
    lock.unlock();
    sleep_ms(jams ? timings_.move_ms / 2 : timings_.move_ms);
    lock.lock();
    magazine_moving_ = false;
    capturing_ = false;
    if (jams) {
        // The card is stuck between positions; only an initialize gets the machine going again.
        moving_ = false;
        initialized_ = false;
        return negative(ErrorCode::jam);
    }
    switch (dest) {
        case Dest::read: place_card(CardPlace::read_position, lock); break;
        case Dest::mouth_held: place_card(CardPlace::mouth_held, lock); break;
        case Dest::mouth_presented: place_card(CardPlace::mouth_presented, lock); break;
        case Dest::slot:
            state_.slots[slot_index] = state_.transport_card;
            place_card(CardPlace::none, lock);
            break;
        case Dest::bin:
            state_.bin_cards.push_back(state_.transport_card);
            if (state_.bin_counter < 999) ++state_.bin_counter;
            place_card(CardPlace::none, lock);
            break;
        case Dest::none: break;
    }
    moving_ = false;
    if (initializing) {
        initialized_ = true;
        accepting_ = false;
    }
    return Reply{PositiveReply{c.code, status_locked(), {}}};
}

ControlAnswer DeviceModel::take() {
    std::unique_lock lock(mutex_);
    if (state_.place == CardPlace::mouth_held) return {false, "the card at the mouth is held, not presented"};
    if (state_.place != CardPlace::mouth_presented) return {false, "no card at the mouth"};
    state_.taken_cards.push_back(state_.transport_card);  // persisted with the move below
    place_card(CardPlace::none, lock);
    return {};
}

ControlAnswer DeviceModel::insert(const std::string& card_file) {
    std::unique_lock lock(mutex_);
    if (!storable_card_path(card_file)) return {false, "bad card file path"};
    if (::access(card_file.c_str(), R_OK) != 0) return {false, "cannot read the card file"};
    if (!accepting_) return {false, "the mouth is closed (not accepting cards)"};
    if (moving_) return {false, "the transport is moving"};
    if (state_.place != CardPlace::none) return {false, "the transport already holds a card"};
    moving_ = true;
    state_.transport_card = card_file;
    place_card(CardPlace::in_transport, lock);
    lock.unlock();
    sleep_ms(timings_.move_ms);
    lock.lock();
    place_card(CardPlace::read_position, lock);
    moving_ = false;
    return {};
}

ControlAnswer DeviceModel::jam_next_move() {
    std::lock_guard lock(mutex_);
    jam_next_ = true;
    return {};
}

ControlAnswer DeviceModel::fail_next_move(ErrorCode code) {
    std::lock_guard lock(mutex_);
    fail_next_ = code;
    return {};
}

ControlAnswer DeviceModel::set_door_open(bool open) {
    std::lock_guard lock(mutex_);
    door_open_ = open;
    return {};
}

ControlAnswer DeviceModel::set_bin_full(bool full) {
    std::lock_guard lock(mutex_);
    state_.bin_full = full;
    if (!full) state_.bin_cards.clear();  // staff emptied the bin
    persist_locked();
    return {};
}

ControlAnswer DeviceModel::inject_fault(FaultKind kind, int count) {
    if (count < 1 || count > 100) return {false, "fault count must be 1..100"};
    std::lock_guard lock(mutex_);
    faults_[static_cast<int>(kind)] = count;
    return {};
}

bool DeviceModel::consume_fault(FaultKind kind) {
    std::lock_guard lock(mutex_);
    int& left = faults_[static_cast<int>(kind)];
    if (left == 0) return false;
    --left;
    return true;
}

std::string DeviceModel::summary() const {
    std::lock_guard lock(mutex_);
    std::string s = "initialized=" + std::to_string(initialized_ ? 1 : 0);
    s += " accepting=" + std::to_string(accepting_ ? 1 : 0);
    s += std::string(" place=") + to_string(state_.place);
    s += " slots=" + std::to_string(state_.slots.size());
    s += " occupied=" + std::to_string(state_.occupied_slots());
    s += " bin_counter=" + std::to_string(state_.bin_counter);
    s += " bin_cards=" + std::to_string(state_.bin_cards.size());
    s += " taken=" + std::to_string(state_.taken_cards.size());
    s += std::string(" bin_full=") + (state_.bin_full ? "1" : "0");
    s += std::string(" door=") + (door_open_ ? "open" : "closed");
    s += std::string(" moving=") + (moving_ ? "1" : "0");
    s += " moves=" + std::to_string(moves_run_);
    return s;
}

}  // namespace kiosk::dispenser::sim
