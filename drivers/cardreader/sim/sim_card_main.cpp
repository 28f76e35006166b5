// kiosk-sim-card: a virtual KTP-el card on a vpcd slot, steered over an optional control socket.
//
//   kiosk-sim-card --vpcd HOST:PORT --card FILE [--control SOCKET] [--removed]
//
// Control socket (Unix stream, one command per line, each answered "ok" or "error <reason>"):
//   remove | insert | card FILE | slow MS | vanish-after N | status
// "insert" puts the last loaded card back (with its live PIN counter); "card FILE" loads and inserts
// another. "status" answers "ok present|absent connected|disconnected". SIGINT/SIGTERM end it cleanly.
#include "drivers/cardreader/sim/card_image.hpp"
#include "drivers/cardreader/sim/vpcd_card.hpp"

#include <CLI/CLI.hpp>

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>

namespace {

using kiosk::cardreader::sim::CardImage;
using kiosk::cardreader::sim::VpcdCard;

std::optional<int> parse_int(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

int listen_unix(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.size() >= sizeof address.sun_path) return -1;
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    ::unlink(path.c_str());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 4) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

struct Controller {
    VpcdCard& card;
    CardImage last_card;

    std::string execute(const std::string& line) {
        const auto space = line.find(' ');
        const std::string verb = line.substr(0, space);
        const std::string argument = space == std::string::npos ? std::string() : line.substr(space + 1);
        if (verb == "remove") {
            if (auto image = card.current_image()) last_card = *image;
            card.remove();
            return "ok";
        }
        if (verb == "insert") {
            if (auto image = card.current_image()) last_card = *image;
            auto inserted = card.try_insert(last_card);
            return inserted ? "ok" : "error " + inserted.error().what;
        }
        if (verb == "card") {
            auto image = kiosk::cardreader::sim::load_card_file(argument);
            if (!image) return "error " + image.error().what;
            last_card = *image;
            auto inserted = card.try_insert(std::move(image.value()));
            return inserted ? "ok" : "error " + inserted.error().what;
        }
        if (verb == "slow") {
            const auto delay_ms = parse_int(argument);
            if (!delay_ms || *delay_ms < 0 || *delay_ms > 60000) return "error slow needs 0..60000 ms";
            card.set_delay_ms(*delay_ms);
            return "ok";
        }
        if (verb == "vanish-after") {
            const auto count = parse_int(argument);
            if (!count || *count < 0) return "error vanish-after needs a count >= 0";
            card.vanish_after(*count);
            return "ok";
        }
        if (verb == "status") {
            return std::string("ok ") + (card.current_image() ? "present" : "absent") +
                   (card.connected() ? " connected" : " disconnected");
        }
        return "error unknown command";
    }
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kiosk-sim-card: a virtual KTP-el card on a vsmartcard-vpcd slot"};
    std::string vpcd = "127.0.0.1:35963";
    std::string card_path;
    std::string control_path;
    bool start_removed = false;
    app.add_option("--vpcd", vpcd, "vpcd slot as HOST:PORT (35963 = Virtual PCD 00 00, 35964 = 00 01)");
    app.add_option("--card", card_path, "card file written by `kioskctl card make`")->required();
    app.add_option("--control", control_path, "Unix socket for control commands");
    app.add_flag("--removed", start_removed, "start with the card out of the field");
    CLI11_PARSE(app, argc, argv);

    const auto colon = vpcd.rfind(':');
    const auto port = colon == std::string::npos ? std::nullopt : parse_int(vpcd.substr(colon + 1));
    if (!port || *port <= 0 || *port > 65535) {
        std::fprintf(stderr, "kiosk-sim-card: --vpcd must be HOST:PORT\n");
        return 2;
    }
    auto image = kiosk::cardreader::sim::load_card_file(card_path);
    if (!image) {
        std::fprintf(stderr, "kiosk-sim-card: %s\n", image.error().to_string().c_str());
        return 1;
    }

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so all inherit it
    const int signal_fd = ::signalfd(-1, &signals, SFD_CLOEXEC);

    auto card = VpcdCard::start(vpcd.substr(0, colon), static_cast<std::uint16_t>(*port),
                                start_removed ? std::nullopt : std::optional<CardImage>(*image));
    if (!card) {
        std::fprintf(stderr, "kiosk-sim-card: %s\n", card.error().to_string().c_str());
        return 1;
    }
    Controller controller{**card, *image};

    const int listen_fd = control_path.empty() ? -1 : listen_unix(control_path);
    if (!control_path.empty() && listen_fd < 0) {
        std::fprintf(stderr, "kiosk-sim-card: cannot listen on %s\n", control_path.c_str());
        return 1;
    }
    std::fprintf(stderr, "kiosk-sim-card: card on vpcd %s%s%s\n", vpcd.c_str(),
                 control_path.empty() ? "" : ", control ", control_path.c_str());

    std::map<int, std::string> clients;  // fd -> partial line
    while (true) {
        std::vector<pollfd> entries{{signal_fd, POLLIN, 0}};
        if (listen_fd >= 0) entries.push_back({listen_fd, POLLIN, 0});
        for (const auto& [fd, pending] : clients) entries.push_back({fd, POLLIN, 0});
        if (::poll(entries.data(), entries.size(), -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if ((entries[0].revents & POLLIN) != 0) {
            signalfd_siginfo info{};
            [[maybe_unused]] const ssize_t got = ::read(signal_fd, &info, sizeof info);
            if (info.ssi_signo != SIGPIPE) break;
        }
        for (std::size_t i = 1; i < entries.size(); ++i) {
            if (entries[i].revents == 0) continue;
            if (entries[i].fd == listen_fd) {
                const int client = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
                if (client >= 0) clients[client] = {};
                continue;
            }
            char buffer[512];
            const ssize_t got = ::read(entries[i].fd, buffer, sizeof buffer);
            if (got <= 0) {
                ::close(entries[i].fd);
                clients.erase(entries[i].fd);
                continue;
            }
            std::string& pending = clients[entries[i].fd];
            pending.append(buffer, static_cast<std::size_t>(got));
            for (auto newline = pending.find('\n'); newline != std::string::npos; newline = pending.find('\n')) {
                std::string line = pending.substr(0, newline);
                pending.erase(0, newline + 1);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.empty()) continue;
                const std::string reply = controller.execute(line) + "\n";
                [[maybe_unused]] const ssize_t sent = ::send(entries[i].fd, reply.data(), reply.size(), MSG_NOSIGNAL);
            }
            if (pending.size() > 4096) {
                ::close(entries[i].fd);
                clients.erase(entries[i].fd);
            }
        }
    }
    for (const auto& [fd, pending] : clients) ::close(fd);
    if (listen_fd >= 0) {
        ::close(listen_fd);
        ::unlink(control_path.c_str());
    }
    return 0;
}
