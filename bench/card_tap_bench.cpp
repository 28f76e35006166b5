// card_tap_bench [TAPS]: a tap read and authenticated end to end through real pcscd + vpcd.
//
// Each tap: the virtual card enters the field -> the ReaderMonitor reports card_inserted -> the
// full profile read (UID, SELECT, five EFs in 0xDF chunks) with the issuer signature check and the
// chip challenge -> the card leaves. Prints median and p95 of
//   tap  = monitor event -> authenticated card (what the kiosk's code adds; target < 300 ms)
//   seen = card in the field -> monitor event   (pcscd's presence detection for the reader)
// Starts pcscd itself when none runs (and stops it after).
#include "drivers/cardreader/ktp_card_reader.hpp"
#include "drivers/cardreader/reader_monitor.hpp"
#include "drivers/cardreader/sim/card_factory.hpp"
#include "drivers/cardreader/sim/vpcd_card.hpp"
#include "tests/support/pcscd_fixture.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using namespace kiosk::cardreader;
using Clock = std::chrono::steady_clock;

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
    return values[index];
}

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

}  // namespace

int main(int argc, char** argv) {
    const int taps = argc > 1 ? std::atoi(argv[1]) : 30;
    if (taps < 1) return 2;
    kiosk::testing::PcscdFixture pcscd;
    if (auto running = pcscd.ensure_running(); !running) {
        std::fprintf(stderr, "card_tap_bench: %s\n", running.error().to_string().c_str());
        return 1;
    }
    auto issuer = EcPrivateKey::generate();
    sim::CardSpec spec;
    spec.biodata.nik = "3171014101900001";
    spec.biodata.name = "WARGA UJI BENCH";
    spec.biodata.serial = "SIM0000009";
    auto image = sim::make_card(spec, *issuer);
    if (!issuer || !image) return 1;
    const EcPublicKey issuer_public = issuer->public_key();

    ReaderEventQueue events;
    auto monitor = ReaderMonitor::start([&](const ReaderEvent& e) { events.push(e); });
    auto card = sim::VpcdCard::start("127.0.0.1", kiosk::testing::kVpcdPort0, std::nullopt);
    auto context = PcscContext::establish();
    if (!card || !context) return 1;
    const auto on_front = [](ReaderEventKind kind) {
        return [kind](const ReaderEvent& e) { return e.kind == kind && e.reader == kiosk::testing::kVpcdReader0; };
    };
    if (!events.wait_for(on_front(ReaderEventKind::reader_added), 5000)) return 1;

    std::vector<double> tap_ms, seen_ms;
    for (int i = 0; i < taps; ++i) {
        const auto placed = Clock::now();
        if (!(*card)->try_insert(*image)) return 1;
        auto inserted = events.wait_for(on_front(ReaderEventKind::card_inserted), 5000);
        if (!inserted) {
            std::fprintf(stderr, "tap %d: no card_inserted event\n", i);
            return 1;
        }
        auto read = read_ktp_card_in(**context, kiosk::testing::kVpcdReader0, issuer_public);
        const auto done = Clock::now();
        if (!read) {
            std::fprintf(stderr, "tap %d: refused: %s\n", i, read.error().to_string().c_str());
            return 1;
        }
        tap_ms.push_back(ms_between(inserted->at, done));
        seen_ms.push_back(ms_between(placed, inserted->at));
        (*card)->remove();
        if (!events.wait_for(on_front(ReaderEventKind::card_removed), 5000)) return 1;
    }
    monitor->stop();
    std::printf("card_tap_bench: %d taps through pcscd + vpcd\n", taps);
    std::printf("  tap  (event -> authenticated): median %.1f ms, p95 %.1f ms  (target < 300 ms)\n",
                percentile(tap_ms, 0.5), percentile(tap_ms, 0.95));
    std::printf("  seen (in field -> event):      median %.1f ms, p95 %.1f ms  (pcscd presence detection)\n",
                percentile(seen_ms, 0.5), percentile(seen_ms, 0.95));
    return 0;
}
