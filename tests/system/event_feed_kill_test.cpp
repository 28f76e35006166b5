// The event feed survives kill -9 at any point during a pull or an ack: 200 times, the real `kiosk`
// program is killed with SIGKILL at a chosen point of a central system's pull or ack over HTTPS
// with mutual TLS, started again on the same database, and the central system carries on.
//
//   - The kiosk runs as on an appliance, `kiosk --config FILE`: its own store, management server
//     and route table (kiosk/app/management.cpp), the TLS material from files, the devices absent
//     (no fingerprint sensor or dispenser, no card issuer key, so no PC/SC), drawing offscreen. Not
//     `kiosk --demo`: a demo insists on a new directory at each start, and would seed it again.
//   - event_feed_kill_producer enqueues events into the outbox all the while, each in one
//     transaction with its ledger row (event_feed_kill_ledger.hpp). It is killed with the kiosk,
//     at the same instant, as a power cut would kill the kiosk's own store worker.
//   - The central system (event_feed_kill_central.hpp) pulls pages with the cursor and acks them
//     as docs/api/openapi.json says, and records every delivery.
//   - Each kill lands at one of KillPoint's points, in turn at random: before a request, while the
//     kiosk handles a pull or an ack (a random delay after sending it, up to twice the usual
//     latency), after a page's header and before its body, between a pull and its ack, and after
//     an ack's answer.
// After one last run that drains the feed (event_feed_kill_checker.hpp):
//   - every committed event was received at least once, and every delivery of it carries its id,
//     cursor, kind and payload;
//   - no event was delivered again after the response to its ack had been received;
//   - nothing is left unacknowledged, and the database passes integrity_check with its audit chain.
//
// The plan (kill points, delays, page sizes, the producer's pace) comes from a seeded generator,
// printed with the figures; KIOSK_FEED_KILL_SEED=N repeats a plan (the instants themselves depend on
// the machine).
//
// The real kiosk restarts fast enough for this: from its spawn to its central listener takes 60-90 ms
// offscreen (median; the figures print it), and the 200 lives take 20 s on an idle machine, 45 s on
// two cores at a load of 9.
#include "kiosk/mgmt/demo_certificates.hpp"
#include "kiosk/mgmt/event_routes.hpp"
#include "kiosk/store/audit.hpp"
#include "kiosk/store/outbox.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/mgmt/https_client.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/output_lines.hpp"
#include "tests/support/require_ok.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/system/event_feed_kill_central.hpp"
#include "tests/system/event_feed_kill_checker.hpp"
#include "tests/system/event_feed_kill_ledger.hpp"

#include <doctest/doctest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace kiosk;
using namespace kiosk::testing::feed_kill;
using kiosk::testing::ChildProcess;
using kiosk::testing::require_ok;
using namespace std::chrono_literals;

namespace {

constexpr int kKills = 200;
constexpr int kKioskStartTimeoutMs = 30'000;
constexpr auto kRequestDeadline = 10s;
// A life whose kill point is never reached (pages stay empty) fails the test after this long.
constexpr auto kLifeDeadline = 20s;

unsigned environment_number(const char* name, unsigned otherwise) {
    const char* text = std::getenv(name);
    return text != nullptr && *text != '\0' ? static_cast<unsigned>(std::strtoul(text, nullptr, 10)) : otherwise;
}

// The kiosk's configuration: its database, the management TLS files, the devices absent.
struct KioskFiles {
    std::string config;
    std::string database;
};

KioskFiles kiosk_files(const kiosk::testing::TempDir& dir, const mgmt::DemoCertificates& certificates) {
    KioskFiles files;
    files.database = dir.file("kiosk.db");
    const std::string cert = dir.write("mgmt.crt", certificates.server.certificate_pem);
    const std::string key = dir.write("mgmt.key", certificates.server.private_key_pem);
    const std::string ca = dir.write("clients-ca.crt", certificates.ca.certificate_pem);
    std::ostringstream toml;
    toml << "[kiosk]\nid = \"kiosk-feed-kill\"\ndatabase_path = \"" << files.database << "\"\ndata_dir = \""
         << dir.path().string() << "\"\n"
         << "[display]\nfullscreen = false\n"
         << "[fingerprint]\ndevice = \"/nonexistent/tty-fingerprint\"\n"
         << "[dispenser]\ndevice = \"/nonexistent/tty-dispenser\"\n"
         // No issuer key: the kiosk runs NIK-only and never opens PC/SC.
         << "[cardreader]\nissuer_public_key = \"" << dir.file("no-issuer-key.pem") << "\"\n"
         << "[mgmt]\nlisten = \"127.0.0.1\"\ntls_cert = \"" << cert << "\"\ntls_key = \"" << key << "\"\nclient_ca = \""
         << ca << "\"\n";
    files.config = dir.write("kiosk.toml", toml.str());
    return files;
}

// One life of the kiosk: the program and the producer, started together and killed together.
struct Life {
    ChildProcess kiosk;
    std::optional<ChildProcess> producer;
    std::uint16_t central_port = 0;
    std::chrono::milliseconds start{0};  // from the spawn to the central listener's line
};

std::string stderr_of(ChildProcess& process) {
    process.send_signal(SIGKILL);
    return process.collect(10'000).err;
}

Life start_life(const KioskFiles& files, std::optional<unsigned> producer_seed) {
    const auto started = std::chrono::steady_clock::now();
    std::optional<ChildProcess> producer;
    if (producer_seed) {
        kiosk::testing::SpawnOptions options;
        options.out = kiosk::testing::Stream::discard;
        producer = require_ok(ChildProcess::spawn(
            {KIOSK_EVENT_FEED_KILL_PRODUCER, files.database, std::to_string(*producer_seed)}, options));
    }
    kiosk::testing::SpawnOptions options;
    options.env = {"SDL_VIDEODRIVER=offscreen"};
    options.out = kiosk::testing::Stream::pipe;
    options.err = kiosk::testing::Stream::pipe;  // a start logs a few lines (the absent devices); read at the kill
    ChildProcess kiosk = require_ok(
        ChildProcess::spawn({KIOSK_BIN, "--config", files.config, "--mgmt-port", "0", "--size", "1280x800"}, options));
    kiosk::testing::OutputLines lines{kiosk, {}};
    const auto central = lines.until_prefix("mgmt-central https://127.0.0.1:", kKioskStartTimeoutMs);
    if (!central)
        FAIL("the kiosk never served its central listener; stdout:\n"
             << lines.tail() << "stderr:\n"
             << stderr_of(kiosk));
    Life life{std::move(kiosk), std::move(producer), 0, {}};
    life.central_port = static_cast<std::uint16_t>(std::stoi(central->substr(central->rfind(':') + 1)));
    life.start = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    return life;
}

// The power cut: both at once.
void power_cut(Life& life) {
    life.kiosk.send_signal(SIGKILL);
    if (life.producer) life.producer->send_signal(SIGKILL);
}

// After power_cut: each ended by the kill, not by a failure of its own before it.
void bury(Life& life) {
    const auto kiosk = life.kiosk.collect(10'000);
    REQUIRE_MESSAGE(kiosk.exit_code == 128 + SIGKILL, "the kiosk ended with " << kiosk.exit_code << ":\n" << kiosk.err);
    if (life.producer) REQUIRE(life.producer->wait_exit(10'000) == 128 + SIGKILL);  // else its stderr says why
}

// Page sizes 1, 2, 4, ... 512 and the largest, 1000, equally often.
std::int64_t random_limit(std::mt19937& random) {
    const int exponent = std::uniform_int_distribution<int>(0, 10)(random);
    return std::min<std::int64_t>(mgmt::kEventPageLimitMax, std::int64_t{1} << exponent);
}

// The latency of recent pulls or acks, to spread the in-flight kills over a request's whole life
// on this machine at this moment: a fixed range would miss it on a slow one.
class Latency {
public:
    void add(std::chrono::microseconds sample) {
        samples_.push_back(sample);
        if (samples_.size() > 64) samples_.erase(samples_.begin());
    }
    [[nodiscard]] std::chrono::microseconds median() const {
        if (samples_.empty()) return 2ms;
        std::vector<std::chrono::microseconds> sorted = samples_;
        std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(sorted.size() / 2), sorted.end());
        return sorted[sorted.size() / 2];
    }

private:
    std::vector<std::chrono::microseconds> samples_;
};

// How long after sending a request an in-flight kill lands: from 10 us to twice the usual latency,
// evenly on a log scale, so that the short instants (the request not yet read, the transaction not
// yet begun) come as often as the long ones.
std::chrono::microseconds in_flight_delay(std::mt19937& random, std::chrono::microseconds usual) {
    const double longest_us = std::max(20.0, 2.0 * static_cast<double>(usual.count()));
    const double exponent = std::uniform_real_distribution<double>(std::log(10.0), std::log(longest_us))(random);
    return std::chrono::microseconds(static_cast<long>(std::exp(exponent)));
}

struct KillFigures {
    std::map<KillPoint, int> kills;
    std::map<KillPoint, int> answered_after_kill;
    int rounds = 0;
    std::vector<std::chrono::milliseconds> starts;
};

std::string describe(const KillFigures& figures) {
    std::ostringstream out;
    for (const KillPoint point : kKillPoints) {
        const auto count = [point](const std::map<KillPoint, int>& counts) {
            const auto found = counts.find(point);
            return found == counts.end() ? 0 : found->second;
        };
        out << "  " << kill_point_name(point) << ": " << count(figures.kills) << " kills, "
            << count(figures.answered_after_kill) << " with the request in flight answered anyway\n";
    }
    std::vector<std::chrono::milliseconds> starts = figures.starts;
    std::sort(starts.begin(), starts.end());
    out << "  rounds " << figures.rounds << "; kiosk start to central listener: median "
        << starts[starts.size() / 2].count() << " ms, max " << starts.back().count() << " ms";
    return out.str();
}

std::string first_faults(const FeedVerdict& verdict) {
    std::string out;
    for (std::size_t i = 0; i < verdict.faults.size() && i < 20; ++i) out += verdict.faults[i] + "\n";
    if (verdict.faults.size() > 20) out += "... and " + std::to_string(verdict.faults.size() - 20) + " more\n";
    return out;
}

ReceivedEvent received(const CommittedEvent& event) {
    return {event.id, event.cursor, std::string(store::kOutboxCardPickedUp), boost::json::parse(event.payload_json)};
}

}  // namespace

TEST_CASE("the feed's checker reports a lost event, a changed duplicate and a delivery after the ack") {
    const std::vector<CommittedEvent> committed = {
        {1, std::string(32, 'a'), 1, payload_of(1)},
        {2, std::string(32, 'b'), 2, payload_of(2)},
        {3, std::string(32, 'c'), 3, payload_of(3)},
    };
    CentralRecord record;
    // Event 2 twice (its first ack lost), then all three acknowledged.
    record.deliveries = {received(committed[0]), received(committed[1]), received(committed[1]),
                         received(committed[2])};
    for (const auto& event : committed) record.acked_at_delivery[event.id] = 4;
    const FeedVerdict clean = check_feed(committed, record);
    CHECK(clean.faults.empty());
    CHECK(clean.figures.distinct == 3);
    CHECK(clean.figures.duplicates == 1);

    SUBCASE("one event dropped from what was received") {
        CentralRecord lossy = record;
        lossy.deliveries.erase(lossy.deliveries.begin() + 3);
        const FeedVerdict verdict = check_feed(committed, lossy);
        REQUIRE(verdict.faults.size() == 1);
        CHECK(verdict.faults[0] == "event 3 (id " + committed[2].id + ", cursor 3) was committed and never received");
    }
    SUBCASE("a duplicate with another payload, another id or another cursor") {
        CentralRecord changed = record;
        changed.deliveries[2].payload.as_object()["slot"] = 2;
        CHECK(check_feed(committed, changed).faults.size() == 1);
        changed = record;
        changed.deliveries[2].id = std::string(32, 'f');
        CHECK(check_feed(committed, changed).faults.size() == 1);
        changed = record;
        changed.deliveries[2].cursor = 7;
        CHECK(check_feed(committed, changed).faults.size() == 1);
    }
    SUBCASE("an event delivered again after its ack's answer") {
        CentralRecord again = record;
        again.deliveries.push_back(received(committed[0]));
        const FeedVerdict verdict = check_feed(committed, again);
        REQUIRE(verdict.faults.size() == 1);
        CHECK(verdict.faults[0].find("after its ack's response") != std::string::npos);
    }
    SUBCASE("an event nobody committed") {
        CentralRecord phantom = record;
        phantom.deliveries.push_back(
            {std::string(32, 'e'), 9, std::string(store::kOutboxCardPickedUp), boost::json::parse(payload_of(9))});
        CHECK(check_feed(committed, phantom).faults.size() == 1);
    }
}

TEST_CASE("the event feed over HTTPS survives kill -9 of the kiosk at any point of a pull or an ack") {
    const unsigned seed = environment_number("KIOSK_FEED_KILL_SEED", std::random_device{}());
    MESSAGE("seed " << seed << " (KIOSK_FEED_KILL_SEED=" << seed << " repeats the plan)");
    // The kills' plan from one generator, the page sizes from another: the plan then repeats with the
    // seed however many rounds each life happens to take.
    std::mt19937 random(seed);
    std::mt19937 page_sizes(seed + 1);

    kiosk::testing::TempDir dir;
    const auto certificates = require_ok(mgmt::make_demo_certificates("central-dukcapil"));
    const KioskFiles files = kiosk_files(dir, certificates);
    {
        // The kiosk's schema, and the ledger next to it, before anything runs.
        auto database = require_ok(store::open_store(files.database, {}));
        REQUIRE(database.exec(kLedgerSchema, "test.ledger").ok());
    }
    mgmt::test::ClientTls tls;
    tls.trust_ca_pem = certificates.ca.certificate_pem;
    tls.certificate = certificates.client;
    CentralSystem central(mgmt::test::client_context(tls), kRequestDeadline);

    KillFigures figures;
    Latency pulls;
    Latency acks;
    for (int kill = 0; kill < kKills; ++kill) {
        INFO("kill " << kill);
        Life life = start_life(files, static_cast<unsigned>(random()));
        figures.starts.push_back(life.start);
        const KillPoint point =
            kKillPoints[std::uniform_int_distribution<std::size_t>(0, kKillPoints.size() - 1)(random)];
        const auto usual = point == KillPoint::in_ack ? acks.median() : pulls.median();
        const KillPlan plan{point, in_flight_delay(random, usual), [&life] { power_cut(life); }};
        const int rounds_before = std::uniform_int_distribution<int>(0, 3)(random);
        int acknowledged = 0;
        const auto give_up = std::chrono::steady_clock::now() + kLifeDeadline;
        for (;;) {
            const bool armed = acknowledged >= rounds_before;
            // A kill after the header wants the largest page there is, the likeliest to be still on its way.
            const std::int64_t limit =
                armed && point == KillPoint::mid_response ? mgmt::kEventPageLimitMax : random_limit(page_sizes);
            const RoundResult round = require_ok(central.round(life.central_port, limit, armed ? plan : KillPlan{}));
            ++figures.rounds;
            if (round.killed) {
                ++figures.kills[point];
                if (round.answered_after_kill) ++figures.answered_after_kill[point];
                break;
            }
            if (round.outcome == RoundOutcome::failed) {
                FAIL("a round failed while the kiosk ran (" << round.failure << "); its stderr:\n"
                                                            << stderr_of(life.kiosk));
            }
            pulls.add(round.pull_took);
            if (round.outcome == RoundOutcome::acknowledged) {
                ++acknowledged;
                acks.add(round.ack_took);
            } else {
                std::this_thread::sleep_for(2ms);  // caught up: the producer's next event comes within milliseconds
            }
            if (std::chrono::steady_clock::now() > give_up)
                FAIL("the kill point " << kill_point_name(point) << " was never reached");
        }
        bury(life);
    }
    MESSAGE("kills by point:\n"
            << describe(figures) << "\n  usual latency: pull " << pulls.median().count() << " us, ack "
            << acks.median().count() << " us");

    // The last life: no producer, no kill; the central system drains the feed and the kiosk stops.
    Life last = start_life(files, std::nullopt);
    for (;;) {
        const RoundResult round = require_ok(central.round(last.central_port, mgmt::kEventPageLimitMax, {}));
        if (round.outcome == RoundOutcome::failed) {
            FAIL("the drain failed (" << round.failure << "); the kiosk's stderr:\n" << stderr_of(last.kiosk));
        }
        if (round.outcome == RoundOutcome::caught_up && !central.feed_state().more) break;
    }
    CHECK_FALSE(central.feed_state().oldest_unacknowledged_cursor.has_value());
    last.kiosk.send_signal(SIGTERM);
    const auto stopped = last.kiosk.collect(20'000);
    CHECK_MESSAGE(stopped.exit_code == 0, stopped.err);

    store::OpenOptions open;
    open.integrity = store::IntegrityCheck::none;  // integrity_check below, which reads more than quick_check
    auto database = require_ok(store::open_store(files.database, open));
    const std::vector<CommittedEvent> committed = require_ok(read_ledger(database));
    const FeedVerdict verdict = check_feed(committed, central.record());
    const FeedFigures& counted = verdict.figures;
    MESSAGE("seed " << seed << ": " << kKills << " kills; events committed " << counted.committed << ", deliveries "
                    << counted.deliveries << ", received " << counted.distinct << ", duplicates "
                    << counted.duplicates);
    CHECK_MESSAGE(verdict.faults.empty(), first_faults(verdict));
    // Events came throughout, and every kill between a pull and its ack made the next life pull at
    // least one event of that page again.
    CHECK(counted.committed > static_cast<std::size_t>(kKills));
    CHECK(counted.duplicates >= static_cast<std::size_t>(figures.kills[KillPoint::between_pull_and_ack]));
    // Some kills at each in-flight point stopped the request (its answer never came whole): they
    // landed inside the kiosk's handling of a pull, a page's body and an ack.
    for (const KillPoint point : {KillPoint::in_pull, KillPoint::mid_response, KillPoint::in_ack}) {
        INFO(kill_point_name(point));
        CHECK(figures.answered_after_kill[point] < figures.kills[point]);
    }

    CHECK(require_ok(store::Outbox(database).pending_count()) == 0);
    auto integrity = require_ok(database.prepare("PRAGMA integrity_check", "test.integrity"));
    REQUIRE(require_ok(integrity.step()));
    CHECK(integrity.column_text(0) == "ok");
    CHECK_FALSE(require_ok(store::AuditLog(database).verify()).first_break.has_value());
}
