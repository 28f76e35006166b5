// Link faults: each one the simulator can inject, and devices that misbehave in ways it cannot
// (scripted on a raw pty), either recover or give their typed error, always in bounded time.
#include "tests/drivers/dispenser/sim_fixture.hpp"

#include "drivers/serial/pty_pair.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <array>
#include <thread>

using namespace kiosk::dispenser;
using namespace kiosk::dispenser::testing;
using kiosk::serial::Clock;
using kiosk::serial::PtyPair;
using namespace std::chrono_literals;

namespace {

void inject(SimAndDriver& t, const std::string& line) {
    const auto answer = sim::run_control_line(t.model(), line);
    REQUIRE_MESSAGE(answer.ok, answer.line());
}

// Reads one command frame from the device side of a raw pty.
Frame read_command(kiosk::serial::Link& device, StreamDecoder& decoder) {
    std::array<std::uint8_t, 64> buffer{};
    const auto deadline = Clock::now() + 2s;
    for (;;) {
        if (auto e = decoder.next()) {
            if (e->kind == StreamDecoder::EventKind::frame) return e->frame;
            continue;
        }
        auto n = device.read_some(buffer, deadline);
        REQUIRE(n.ok());
        decoder.feed(std::span<const std::uint8_t>(buffer.data(), *n));
    }
}

std::unique_ptr<kiosk::serial::Link> open_host_path(const std::string& path) {
    auto link = kiosk::serial::open_link(kiosk::serial::PortSpec::device_path(path), {});
    REQUIRE(link.ok());
    return std::move(*link);
}

std::unique_ptr<kiosk::serial::Link> open_host(const PtyPair& pty) {
    return open_host_path(pty.device_path());
}

// Whether the host left anything more on the line. Asked once the host's call has returned, so
// everything it wrote is waiting already: the read's deadline in the past waits for nothing.
bool line_quiet(kiosk::serial::Link& device) {
    std::array<std::uint8_t, 64> buffer{};
    auto n = device.read_some(buffer, Clock::now() - 1ms);
    return !n.ok() && n.error().kind == kiosk::serial::LinkErrorKind::timeout;
}

void write_bytes(kiosk::serial::Link& device, const Bytes& bytes) {
    REQUIRE(device.write(bytes, Clock::now() + 1s).ok());
}

}  // namespace

TEST_CASE("one silent exchange is recovered by a resend after the ACK window") {
    auto t = start_sim();
    inject(t, "fault silence");
    const auto start = Clock::now();
    auto s = t.dispenser->status();
    REQUIRE(s.ok());
    CHECK(Clock::now() - start >= 300ms);
}

TEST_CASE("a device silent through every resend is not answering, after four ACK windows") {
    kiosk::test::TestSteadyClock clock;
    auto t = start_sim(50, "", nullptr, clock);
    inject(t, "fault silence 4");
    const int executed = t.model().commands_executed();
    const auto start = Clock::now();
    auto s = t.dispenser->status();
    const auto took = Clock::now() - start;
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().kind == DispenserErrorKind::not_answering);
    // Four sends, each given its whole ACK window on the line (the link's clock: a lower bound is
    // the one a busy machine cannot break), and none answered.
    CHECK(s.error().what.find("4 sends, 0 refused") != std::string::npos);
    CHECK(took >= 1200ms);
    CHECK(t.model().commands_executed() == executed);
    // A query is only resent, never waited on beyond its windows: no pause on the driver's clock.
    CHECK(clock.elapsed() == 0ms);
    CHECK(t.dispenser->status().ok());  // and the next exchange works, its first send answered
    CHECK(t.model().commands_executed() == executed + 1);
}

TEST_CASE("a NAKed command is resent; a device that NAKs every send is not answering") {
    auto t = start_sim();
    inject(t, "fault nak");
    CHECK(t.dispenser->serial_number().ok());
    inject(t, "fault nak 4");
    auto s = t.dispenser->status();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().kind == DispenserErrorKind::not_answering);
    CHECK(s.error().what.find("4 refused") != std::string::npos);
    CHECK(t.dispenser->status().ok());
}

TEST_CASE("a reply with a bad BCC is NAKed and resent; four bad ones are a garbled reply") {
    auto t = start_sim();
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    load_card(t, make_card_file("f"), 2);
    inject(t, "fault bcc");
    REQUIRE(t.dispenser->fetch(2).ok());  // the move happened once, its reply came twice
    CHECK(t.dispenser->status()->transport == TransportState::at_read_position);
    inject(t, "fault bcc 4");
    auto s = t.dispenser->inventory();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().kind == DispenserErrorKind::garbled_reply);
    auto after = t.dispenser->inventory();
    REQUIRE(after.ok());
    CHECK(after->occupied.size() == 50);
}

TEST_CASE("line noise and a false STX around the ACK and the reply are skipped") {
    auto t = start_sim();
    REQUIRE(t.dispenser->initialize(InitializeMode::keep_card).ok());
    load_card(t, make_card_file("g"), 9);
    inject(t, "fault garbage 3");
    REQUIRE(t.dispenser->fetch(9).ok());
    auto s = t.dispenser->status();
    REQUIRE(s.ok());
    CHECK(s->transport == TransportState::at_read_position);
    auto inventory = t.dispenser->inventory();
    REQUIRE(inventory.ok());
    CHECK_FALSE(inventory->occupied[9]);
}

TEST_CASE("unknown fault lines are refused") {
    auto t = start_sim();
    CHECK_FALSE(sim::run_control_line(t.model(), "fault fire").ok);
    CHECK_FALSE(sim::run_control_line(t.model(), "fault nak many").ok);
    CHECK_FALSE(sim::run_control_line(t.model(), "fail 99").ok);
    CHECK_FALSE(sim::run_control_line(t.model(), "dance").ok);
    CHECK(sim::run_control_line(t.model(), "state").line().find("place=none") != std::string::npos);
}

TEST_CASE("nothing on the line at all: not answering after every resend, with an EOT at the end") {
    auto pty = PtyPair::create({});
    REQUIRE(pty.ok());
    kiosk::test::TestSteadyClock clock;
    Dispenser d(open_host(*pty), test_settings(), clock);
    const auto start = Clock::now();
    auto s = d.status();
    CHECK(Clock::now() - start >= 1200ms);  // four whole ACK windows
    CHECK(clock.elapsed() == 0ms);          // and no wait of the driver's own
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().kind == DispenserErrorKind::not_answering);
    // Four identical command frames then EOT reached the device side.
    std::array<std::uint8_t, 64> got{};
    std::size_t total = 0;
    while (total < 37) {
        auto n = pty->master().read_some(std::span(got).subspan(total), Clock::now() + 1s);
        REQUIRE(n.ok());
        total += *n;
    }
    const Bytes frame = encode_command(0, Command{commands::status, {}});
    for (std::size_t i = 0; i < 4; ++i)
        CHECK(Bytes(got.begin() + static_cast<std::ptrdiff_t>(i * 9),
                    got.begin() + static_cast<std::ptrdiff_t>(i * 9 + 9)) == frame);
    CHECK(got[36] == kEot);
    CHECK(total == 37);
    CHECK(line_quiet(pty->master()));  // and nothing after the EOT
}

TEST_CASE("a device that ACKs and never replies: not answering at the reply deadline, then EOT") {
    auto pty = PtyPair::create({});
    REQUIRE(pty.ok());
    kiosk::test::TestSteadyClock clock;
    Dispenser d(open_host(*pty), test_settings(), clock);
    std::thread device([&] {
        StreamDecoder decoder;
        read_command(pty->master(), decoder);
        write_bytes(pty->master(), {kAck});
        std::array<std::uint8_t, 1> eot{};
        REQUIRE(kiosk::serial::read_exact(pty->master(), eot, Clock::now() + 3s).ok());
        CHECK(eot[0] == kEot);
    });
    const auto start = Clock::now();
    auto s = d.fetch(3);
    const auto took = Clock::now() - start;
    device.join();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().kind == DispenserErrorKind::not_answering);
    CHECK(took >= 2000ms);  // the move reply deadline of test_settings(), on the line
    // An ACKed move is never sent again, nor probed for: after the EOT the line stays quiet, and
    // the driver kept no wait of its own.
    CHECK(line_quiet(pty->master()));
    CHECK(clock.elapsed() == 0ms);
}

TEST_CASE("a sound reply to a different command is treated as garbled") {
    auto pty = PtyPair::create({});
    REQUIRE(pty.ok());
    Dispenser d(open_host(*pty), test_settings());
    std::thread device([&] {
        StreamDecoder decoder;
        read_command(pty->master(), decoder);
        write_bytes(pty->master(), {kAck});
        for (int i = 0; i < 4; ++i) {
            write_bytes(pty->master(), encode_reply(0, PositiveReply{commands::inventory, {}, {}}));
            std::array<std::uint8_t, 1> answer{};
            REQUIRE(kiosk::serial::read_exact(pty->master(), answer, Clock::now() + 2s).ok());
            CHECK(answer[0] == (i < 3 ? kNak : kEot));
        }
    });
    auto s = d.status();
    device.join();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().kind == DispenserErrorKind::garbled_reply);
}

TEST_CASE("a long reply trickling in at 9600 baud pace is read whole, past the reply deadline") {
    auto pty = PtyPair::create({});
    REQUIRE(pty.ok());
    auto settings = test_settings();
    settings.query_reply_timeout_ms = 150;
    // The gap that ends a frame, far above the trickle's 10 ms: a device thread that a busy machine
    // holds back for a while still keeps its frame alive. What is under test is the reply deadline.
    settings.inter_byte_timeout_ms = 2000;
    Dispenser d(open_host(*pty), settings);
    Inventory inv;
    inv.occupied.assign(400, false);
    inv.occupied[123] = true;
    const Bytes reply = encode_reply(0, PositiveReply{commands::inventory, {}, encode_inventory(inv)});
    std::chrono::steady_clock::duration trickled{};
    std::thread device([&] {
        StreamDecoder decoder;
        read_command(pty->master(), decoder);
        // The ACK and the frame's first bytes in one write: the frame has begun before the reply
        // deadline starts, however late this thread runs.
        const auto began = Clock::now();
        Bytes first{kAck};
        first.insert(first.end(), reply.begin(), reply.begin() + 10);
        write_bytes(pty->master(), first);
        // The other 410 bytes in 10-byte chunks at least 10 ms apart: the frame ends >= 0.4 s after
        // it began, far past the 150 ms deadline, whatever the scheduler does.
        for (std::size_t i = 10; i < reply.size(); i += 10) {
            std::this_thread::sleep_for(10ms);  // the pace of the wire, not synchronisation
            const auto end = std::min(reply.size(), i + 10);
            write_bytes(pty->master(), Bytes(reply.begin() + static_cast<std::ptrdiff_t>(i),
                                             reply.begin() + static_cast<std::ptrdiff_t>(end)));
        }
        trickled = Clock::now() - began;
        std::array<std::uint8_t, 1> ack{};
        REQUIRE(kiosk::serial::read_exact(pty->master(), ack, Clock::now() + 5s).ok());
        CHECK(ack[0] == kAck);
    });
    auto got = d.inventory();
    device.join();
    REQUIRE(trickled > 2 * std::chrono::milliseconds(settings.query_reply_timeout_ms));  // the premise
    REQUIRE(got.ok());
    CHECK(*got == inv);
}

TEST_CASE("an unknown E1E0 from newer firmware is reported with its raw code") {
    auto pty = PtyPair::create({});
    REQUIRE(pty.ok());
    Dispenser d(open_host(*pty), test_settings());
    std::thread device([&] {
        StreamDecoder decoder;
        read_command(pty->master(), decoder);
        write_bytes(pty->master(), {kAck});
        write_bytes(pty->master(), encode_reply(0, NegativeReply{commands::status, '9', '7'}));
    });
    auto s = d.status();
    device.join();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().kind == DispenserErrorKind::unknown_device_error);
    CHECK(s.error().what.find("97") != std::string::npos);
}

TEST_CASE("EOT during a move cancels the exchange: the move completes, no reply follows") {
    sim::SimulatorOptions options;
    options.slots = 10;
    options.timings = {.move_ms = 300, .initialize_ms = 5};
    auto simulator = sim::Simulator::start(std::move(options));
    REQUIRE(simulator.ok());
    {
        Dispenser d(open_host_path((*simulator)->device_path()), test_settings());
        REQUIRE(d.initialize(InitializeMode::keep_card).ok());
        REQUIRE(d.accept_cards().ok());
        REQUIRE(sim::run_control_line((*simulator)->model(), "insert " + make_card_file("eot")).ok);
        REQUIRE(d.stop_accepting().ok());
        REQUIRE(d.store(4).ok());
    }
    auto host = open_host_path((*simulator)->device_path());
    write_bytes(*host, encode_command(0, Command{commands::fetch, encode_slot(4)}));
    std::array<std::uint8_t, 1> ack{};
    REQUIRE(kiosk::serial::read_exact(*host, ack, Clock::now() + 1s).ok());
    CHECK(ack[0] == kAck);
    write_bytes(*host, {kEot});
    // The 300 ms move ends and no reply arrives within twice its time.
    std::array<std::uint8_t, 16> buffer{};
    auto silent = host->read_some(buffer, Clock::now() + 600ms);
    REQUIRE_FALSE(silent.ok());
    CHECK(silent.error().kind == kiosk::serial::LinkErrorKind::timeout);
    Dispenser d(std::move(host), test_settings());
    auto status = d.status();
    REQUIRE(status.ok());
    CHECK(status->transport == TransportState::at_read_position);
}
