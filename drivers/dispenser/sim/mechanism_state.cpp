#include "drivers/dispenser/sim/mechanism_state.hpp"

#include "drivers/dispenser/codec.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>

namespace kiosk::dispenser::sim {
namespace {

constexpr std::string_view kHeader = "kiosk-sim-dispenser state 1";
constexpr std::string_view kEnd = "end";

struct PlaceName {
    CardPlace place;
    std::string_view name;
};
constexpr PlaceName kPlaces[] = {{CardPlace::none, "none"},
                                 {CardPlace::in_transport, "transport"},
                                 {CardPlace::read_position, "read"},
                                 {CardPlace::mouth_held, "mouth-held"},
                                 {CardPlace::mouth_presented, "mouth-presented"}};

std::optional<int> parse_int(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

Status write_all(int fd, std::string_view bytes, const std::string& path) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("dispenser.sim.state", "write " + path + ": " + std::strerror(errno));
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

}  // namespace

const char* to_string(CardPlace place) {
    for (const auto& p : kPlaces)
        if (p.place == place) return p.name.data();
    return "?";
}

int MechanismState::occupied_slots() const {
    int n = 0;
    for (const auto& s : slots) n += s.empty() ? 0 : 1;
    return n;
}

std::vector<std::string> MechanismState::all_cards() const {
    std::vector<std::string> cards;
    for (const auto& s : slots)
        if (!s.empty()) cards.push_back(s);
    if (place != CardPlace::none) cards.push_back(transport_card);
    cards.insert(cards.end(), bin_cards.begin(), bin_cards.end());
    return cards;
}

MechanismState empty_mechanism(int slot_count) {
    MechanismState s;
    s.slots.resize(static_cast<std::size_t>(slot_count));
    return s;
}

bool storable_card_path(std::string_view path) {
    if (path.empty() || path.size() > 4096) return false;
    for (char c : path)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    return true;
}

std::string serialize_state(const MechanismState& state) {
    std::string out;
    out += kHeader;
    out += "\nslots " + std::to_string(state.slots.size()) + "\n";
    for (std::size_t i = 0; i < state.slots.size(); ++i)
        if (!state.slots[i].empty()) out += "slot " + std::to_string(i) + " " + state.slots[i] + "\n";
    out += std::string("place ") + to_string(state.place) + "\n";
    if (state.place != CardPlace::none) out += "card " + state.transport_card + "\n";
    out += "bin_counter " + std::to_string(state.bin_counter) + "\n";
    out += std::string("bin_full ") + (state.bin_full ? "1" : "0") + "\n";
    for (const auto& c : state.bin_cards) out += "bin_card " + c + "\n";
    for (const auto& c : state.taken_cards) out += "taken_card " + c + "\n";
    out += kEnd;
    out += "\n";
    return out;
}

Result<MechanismState> parse_state(std::string_view text) {
    const std::string where = "dispenser.sim.state";
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        if (nl == std::string_view::npos) return fail(where, "state file does not end with a newline");
        lines.push_back(text.substr(0, nl));
        text.remove_prefix(nl + 1);
    }
    if (lines.size() < 6 || lines.front() != kHeader || lines.back() != kEnd)
        return fail(where, "state file is incomplete or not a dispenser state");
    MechanismState s;
    bool have_slots = false, have_place = false, have_counter = false, have_full = false, have_card = false;
    for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
        const auto line = lines[i];
        const auto space = line.find(' ');
        if (space == std::string_view::npos) return fail(where, "malformed line " + std::to_string(i + 1));
        const auto key = line.substr(0, space);
        const auto value = line.substr(space + 1);
        if (key == "slots") {
            auto n = parse_int(value);
            if (have_slots || !n || *n < 1 || *n > kMaxSlots) return fail(where, "bad slot count");
            s.slots.resize(static_cast<std::size_t>(*n));
            have_slots = true;
        } else if (key == "slot") {
            const auto sep = value.find(' ');
            if (!have_slots || sep == std::string_view::npos) return fail(where, "bad slot line");
            auto index = parse_int(value.substr(0, sep));
            const auto path = value.substr(sep + 1);
            if (!index || *index < 0 || static_cast<std::size_t>(*index) >= s.slots.size() ||
                !s.slots[static_cast<std::size_t>(*index)].empty() || !storable_card_path(path))
                return fail(where, "bad slot line");
            s.slots[static_cast<std::size_t>(*index)] = std::string(path);
        } else if (key == "place") {
            bool found = false;
            for (const auto& p : kPlaces)
                if (p.name == value) {
                    s.place = p.place;
                    found = true;
                }
            if (!found || have_place) return fail(where, "bad place");
            have_place = true;
        } else if (key == "card") {
            if (have_card || !storable_card_path(value)) return fail(where, "bad transport card");
            s.transport_card = std::string(value);
            have_card = true;
        } else if (key == "bin_counter") {
            auto n = parse_int(value);
            if (have_counter || !n || *n < 0 || *n > 999) return fail(where, "bad bin counter");
            s.bin_counter = *n;
            have_counter = true;
        } else if (key == "bin_full") {
            if (have_full || (value != "0" && value != "1")) return fail(where, "bad bin_full");
            s.bin_full = value == "1";
            have_full = true;
        } else if (key == "bin_card") {
            if (!storable_card_path(value)) return fail(where, "bad bin card");
            s.bin_cards.emplace_back(value);
        } else if (key == "taken_card") {
            if (!storable_card_path(value)) return fail(where, "bad taken card");
            s.taken_cards.emplace_back(value);
        } else {
            return fail(where, "unknown key on line " + std::to_string(i + 1));
        }
    }
    if (!have_slots || !have_place || !have_counter || !have_full)
        return fail(where, "state file lacks a required line");
    if ((s.place != CardPlace::none) != have_card) return fail(where, "transport card and place disagree");
    return s;
}

Status save_state_atomically(const std::string& path, const MechanismState& state) {
    const std::string where = "dispenser.sim.state";
    const std::string temporary = path + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return fail(where, "create " + temporary + ": " + std::strerror(errno));
    auto written = write_all(fd, serialize_state(state), temporary);
    if (written && ::fsync(fd) != 0) written = fail(where, "fsync " + temporary + ": " + std::strerror(errno));
    ::close(fd);
    if (!written) return written;
    if (::rename(temporary.c_str(), path.c_str()) != 0)
        return fail(where, "rename to " + path + ": " + std::strerror(errno));
    // The rename is durable only once the directory entry is.
    const auto slash = path.rfind('/');
    const std::string directory = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) return fail(where, "open directory " + directory + ": " + std::strerror(errno));
    const int synced = ::fsync(dir_fd);
    const int err = errno;
    ::close(dir_fd);
    if (synced != 0) return fail(where, "fsync directory " + directory + ": " + std::strerror(err));
    return {};
}

Result<MechanismState> load_state(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail("dispenser.sim.state", "open " + path + ": " + std::strerror(errno));
    std::string text;
    char buffer[8192];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            return fail("dispenser.sim.state", "read " + path + ": " + std::strerror(err));
        }
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > (std::size_t{16} << 20)) {
            ::close(fd);
            return fail("dispenser.sim.state", path + " is too large to be a state file");
        }
    }
    ::close(fd);
    return parse_state(text);
}

}  // namespace kiosk::dispenser::sim
