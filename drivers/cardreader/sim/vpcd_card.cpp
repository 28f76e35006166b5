#include "drivers/cardreader/sim/vpcd_card.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace kiosk::cardreader::sim {

namespace {

constexpr int kBackoffMinMs = 50;
constexpr int kBackoffMaxMs = 500;
constexpr int kFrameBodyTimeoutMs = 2000;  // once a length arrived, the payload must follow promptly

int connect_tcp(const std::string& host, std::uint16_t port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
    int fd = -1;
    for (addrinfo* candidate = found; candidate != nullptr; candidate = candidate->ai_next) {
        fd = ::socket(candidate->ai_family, candidate->ai_socktype | SOCK_CLOEXEC, candidate->ai_protocol);
        if (fd < 0) continue;
        if (::connect(fd, candidate->ai_addr, candidate->ai_addrlen) == 0) break;
        ::close(fd);
        fd = -1;
    }
    freeaddrinfo(found);
    if (fd >= 0) {
        // vpcd exchanges many tiny frames; Nagle would add tens of milliseconds to each.
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    return fd;
}

// Reads exactly `size` bytes within timeout_ms; false on EOF, error or timeout.
bool read_exact(int fd, std::uint8_t* data, std::size_t size, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    std::size_t done = 0;
    while (done < size) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd entry{fd, POLLIN, 0};
        const int ready = ::poll(&entry, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        // vpcd writes a frame's length and payload in two send()s; with Nagle on its side, our delayed
        // ACK would stall the payload ~40 ms. Quick ACKs are not sticky on Linux, so re-arm each read.
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
        const ssize_t got = ::recv(fd, data + done, size - done, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return false;
        done += static_cast<std::size_t>(got);
    }
    return true;
}

bool send_frame(int fd, std::span<const std::uint8_t> payload) {
    Bytes frame{static_cast<std::uint8_t>(payload.size() >> 8), static_cast<std::uint8_t>(payload.size() & 0xFF)};
    frame.insert(frame.end(), payload.begin(), payload.end());
    std::size_t done = 0;
    while (done < frame.size()) {
        const ssize_t sent = ::send(fd, frame.data() + done, frame.size() - done, MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) continue;
        if (sent <= 0) return false;
        done += static_cast<std::size_t>(sent);
    }
    return true;
}

}  // namespace

Result<std::unique_ptr<VpcdCard>> VpcdCard::start(std::string host, std::uint16_t port,
                                                  std::optional<CardImage> initial) {
    const int wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd < 0) return fail("card.sim", std::string("eventfd: ") + std::strerror(errno));
    std::unique_ptr<VpcdCard> card(new VpcdCard(std::move(host), port, wake_fd));
    if (initial) {
        TRY(card->try_insert(std::move(*initial)));
    }
    card->thread_ = std::thread([raw = card.get()] { raw->run(); });
    return card;
}

VpcdCard::VpcdCard(std::string host, std::uint16_t port, int wake_fd)
    : host_(std::move(host)), port_(port), wake_fd_(wake_fd) {}

VpcdCard::~VpcdCard() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake();
    if (thread_.joinable()) thread_.join();
    ::close(wake_fd_);
}

void VpcdCard::insert(CardImage card) {
    (void)try_insert(std::move(card));
}

Status VpcdCard::try_insert(CardImage card) {
    auto applet = CardApplet::create(std::move(card));
    std::lock_guard lock(mutex_);
    ++generation_;
    vanish_after_ = -1;
    if (!applet) {
        applet_.reset();
        wake();
        return fail(applet.error());
    }
    applet_.emplace(std::move(applet.value()));
    wake();
    return {};
}

void VpcdCard::remove() {
    std::lock_guard lock(mutex_);
    ++generation_;
    applet_.reset();
    wake();
}

void VpcdCard::set_delay_ms(int delay_ms) {
    std::lock_guard lock(mutex_);
    delay_ms_ = std::max(0, delay_ms);
    wake();
}

void VpcdCard::vanish_after(int apdu_count) {
    std::lock_guard lock(mutex_);
    vanish_after_ = std::max(-1, apdu_count);
}

bool VpcdCard::connected() const {
    return connected_.load();
}

std::uint64_t VpcdCard::apdus_answered() const {
    return apdus_answered_.load();
}

std::optional<CardImage> VpcdCard::current_image() const {
    std::lock_guard lock(mutex_);
    if (!applet_) return std::nullopt;
    return applet_->image();
}

void VpcdCard::wake() const {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t written = ::write(wake_fd_, &one, sizeof one);
}

void VpcdCard::drain_wake() const {
    std::uint64_t count = 0;
    [[maybe_unused]] const ssize_t got = ::read(wake_fd_, &count, sizeof count);
}

void VpcdCard::run() {
    int backoff_ms = kBackoffMinMs;
    while (true) {
        bool have_card = false;
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
            have_card = applet_.has_value();
        }
        if (!have_card) {
            pollfd entry{wake_fd_, POLLIN, 0};
            ::poll(&entry, 1, -1);
            drain_wake();
            continue;
        }
        const int fd = connect_tcp(host_, port_);
        if (fd < 0) {
            // vpcd not listening (pcscd stopped or restarting): retry, but wake at once for commands.
            pollfd entry{wake_fd_, POLLIN, 0};
            if (::poll(&entry, 1, backoff_ms) > 0) drain_wake();
            backoff_ms = std::min(backoff_ms * 2, kBackoffMaxMs);
            continue;
        }
        backoff_ms = kBackoffMinMs;
        connected_ = true;
        serve_connection(fd);
        connected_ = false;
        ::close(fd);
    }
}

// Serves frames until the peer closes, an error occurs, the card changes or the card stops.
bool VpcdCard::serve_connection(int fd) {
    std::uint64_t generation = 0;
    {
        std::lock_guard lock(mutex_);
        generation = generation_;
    }
    while (true) {
        std::array<pollfd, 2> entries{pollfd{fd, POLLIN, 0}, pollfd{wake_fd_, POLLIN, 0}};
        const int ready = ::poll(entries.data(), entries.size(), -1);
        if (ready < 0 && errno == EINTR) continue;
        if (ready < 0) return false;
        if ((entries[1].revents & POLLIN) != 0) {
            drain_wake();
            std::lock_guard lock(mutex_);
            if (stopping_ || generation_ != generation) return false;
        }
        if (entries[0].revents == 0) continue;
        std::array<std::uint8_t, 2> header{};
        if (!read_exact(fd, header.data(), header.size(), kFrameBodyTimeoutMs)) return false;
        Bytes payload(static_cast<std::size_t>((header[0] << 8) | header[1]));
        if (!payload.empty() && !read_exact(fd, payload.data(), payload.size(), kFrameBodyTimeoutMs)) return false;
        if (!answer(fd, payload)) return false;
    }
}

bool VpcdCard::answer(int fd, std::span<const std::uint8_t> payload) {
    std::uint64_t generation = 0;
    int delay_ms = 0;
    {
        std::lock_guard lock(mutex_);
        if (!applet_) return false;
        generation = generation_;
        delay_ms = delay_ms_;
        if (payload.size() == 1) {
            switch (payload[0]) {
                case 0x00:
                case 0x01:
                case 0x02: applet_->reset(); return true;  // power off / on / reset: no reply
                case 0x04: {
                    const Bytes atr = applet_->image().atr;
                    return send_frame(fd, atr);
                }
                default: return true;  // unknown control message: vpcd expects no reply
            }
        }
    }
    // A slow card: wait, but leave at once when the card is taken away meanwhile.
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms);
    while (delay_ms > 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd entry{wake_fd_, POLLIN, 0};
        if (::poll(&entry, 1, static_cast<int>(left.count())) > 0) {
            drain_wake();
            std::lock_guard lock(mutex_);
            if (stopping_ || generation_ != generation) return false;
        }
    }
    Bytes response;
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || generation_ != generation || !applet_) return false;
        if (vanish_after_ == 0) {
            // The card leaves the field instead of answering.
            vanish_after_ = -1;
            applet_.reset();
            ++generation_;
            return false;
        }
        if (vanish_after_ > 0) --vanish_after_;
        response = applet_->process(payload);
    }
    const bool sent = send_frame(fd, response);
    if (sent) ++apdus_answered_;
    return sent;
}

}  // namespace kiosk::cardreader::sim
