#include "drivers/fingerprint/sim/control.hpp"

#include "kiosk/core/hex.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <vector>

namespace kiosk::fingerprint::sim {
namespace {

std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    while (!line.empty()) {
        const auto start = line.find_first_not_of(" \t\r");
        if (start == std::string_view::npos) break;
        line.remove_prefix(start);
        const auto end = line.find_first_of(" \t\r");
        out.push_back(line.substr(0, end));
        if (end == std::string_view::npos) break;
        line.remove_prefix(end);
    }
    return out;
}

}  // namespace

std::optional<Instruction> parse_instruction(std::string_view name) {
    static const std::map<std::string_view, Instruction> names = {
        {"genimg", Instruction::gen_img},       {"img2tz", Instruction::img2tz},
        {"match", Instruction::match},          {"search", Instruction::search},
        {"regmodel", Instruction::reg_model},   {"store", Instruction::store},
        {"loadchar", Instruction::load_char},   {"upchar", Instruction::up_char},
        {"downchar", Instruction::down_char},   {"deletchar", Instruction::delet_char},
        {"empty", Instruction::empty},          {"setsyspara", Instruction::set_sys_para},
        {"readsyspara", Instruction::read_sys_para}, {"setpwd", Instruction::set_pwd},
        {"vfypwd", Instruction::vfy_pwd},       {"getrandomcode", Instruction::get_random_code},
        {"templatenum", Instruction::template_num}, {"readindextable", Instruction::read_index_table},
    };
    if (const auto it = names.find(name); it != names.end()) return it->second;
    if (name.starts_with("0x")) {
        if (const auto code = core::parse_hex<std::uint8_t>(name.substr(2))) return static_cast<Instruction>(*code);
    }
    return std::nullopt;
}

std::string apply_control_line(Simulator& simulator, std::string_view line) {
    const auto w = words(line);
    if (w.empty()) return "error empty command";
    const std::string_view verb = w[0];
    if (verb == "place") {
        std::uint32_t finger = 0;
        if (w.size() != 2) return "error usage: place N";
        const auto [end, ec] = std::from_chars(w[1].data(), w[1].data() + w[1].size(), finger);
        if (ec != std::errc{} || end != w[1].data() + w[1].size()) return "error finger must be a number";
        simulator.place_finger(finger);
        return "ok";
    }
    if (verb == "lift" && w.size() == 1) {
        simulator.lift_finger();
        return "ok";
    }
    if (verb == "poor" && w.size() == 1) {
        simulator.next_capture_poor();
        return "ok";
    }
    if (verb == "clear" && w.size() == 1) {
        simulator.clear();
        return "ok";
    }
    if (verb == "fault") {
        if (w.size() < 2 || w.size() > 3) return "error usage: fault silence|garbage|checksum|cut|reboot|address [instruction]";
        const auto fault = parse_fault(w[1]);
        if (!fault) return "error unknown fault " + std::string(w[1]);
        std::optional<Instruction> instruction;
        if (w.size() == 3) {
            instruction = parse_instruction(w[2]);
            if (!instruction) return "error unknown instruction " + std::string(w[2]);
        }
        simulator.inject_fault(*fault, instruction);
        return "ok";
    }
    return "error unknown command " + std::string(verb);
}

Result<std::unique_ptr<ControlServer>> ControlServer::start(const std::string& path, Simulator& simulator) {
    const std::string where = "sim.control " + path;
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) return fail(where, "socket path too long");
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(where, std::strerror(errno));
    ::unlink(path.c_str());
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 4) != 0) {
        const int err = errno;
        ::close(fd);
        return fail(where, std::strerror(err));
    }
    int wake[2];
    if (::pipe2(wake, O_CLOEXEC) != 0) {
        const int err = errno;
        ::close(fd);
        return fail(where, std::strerror(err));
    }
    return std::unique_ptr<ControlServer>(new ControlServer(fd, wake[0], wake[1], path, simulator));
}

ControlServer::ControlServer(int listen_fd, int wake_read_fd, int wake_write_fd, std::string path, Simulator& simulator)
    : listen_fd_(listen_fd),
      wake_read_fd_(wake_read_fd),
      wake_write_fd_(wake_write_fd),
      path_(std::move(path)),
      simulator_(simulator),
      thread_([this] { serve(); }) {}

ControlServer::~ControlServer() {
    const std::uint8_t wake = 1;
    [[maybe_unused]] const auto ignored = ::write(wake_write_fd_, &wake, 1);
    thread_.join();
    ::close(listen_fd_);
    ::close(wake_read_fd_);
    ::close(wake_write_fd_);
    ::unlink(path_.c_str());
}

// One thread serves every client with poll(): a control client is a test or the demo, never many.
void ControlServer::serve() {
    struct Client {
        int fd;
        std::string pending;
    };
    std::vector<Client> clients;
    for (;;) {
        std::vector<pollfd> fds{{wake_read_fd_, POLLIN, 0}, {listen_fd_, POLLIN, 0}};
        for (const auto& c : clients) fds.push_back({c.fd, POLLIN, 0});
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[0].revents) break;
        const std::size_t polled = clients.size();
        if (fds[1].revents & POLLIN) {
            const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0) clients.push_back({fd, {}});
        }
        for (std::size_t i = 0; i < polled; ++i) {
            if (!(fds[i + 2].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buffer[256];
            const ssize_t n = ::read(clients[i].fd, buffer, sizeof buffer);
            bool drop = n <= 0;
            if (n > 0) {
                clients[i].pending.append(buffer, static_cast<std::size_t>(n));
                std::size_t newline;
                while (!drop && (newline = clients[i].pending.find('\n')) != std::string::npos) {
                    const std::string answer = apply_control_line(simulator_, std::string_view(clients[i].pending).substr(0, newline)) + "\n";
                    clients[i].pending.erase(0, newline + 1);
                    drop = ::send(clients[i].fd, answer.data(), answer.size(), MSG_NOSIGNAL) < 0;
                }
                if (clients[i].pending.size() > 4096) drop = true;  // no line is this long
            }
            if (drop) {
                ::close(clients[i].fd);
                clients[i].fd = -1;
            }
        }
        std::erase_if(clients, [](const Client& c) { return c.fd < 0; });
    }
    for (const auto& c : clients) ::close(c.fd);
}

}  // namespace kiosk::fingerprint::sim
