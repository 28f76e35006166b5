// fingerprint_verify_bench: how much time the fingerprint driver adds to the serial wire time of
// one verification at 57,600 baud. Budget (DESIGN.md): < 5 %.
//
// Method. The simulator runs in-process on its own thread behind a real pty and paces both
// directions like a UART at 57,600 baud, 10 bits per byte: it handles a command only once the
// command's bytes would have finished arriving, and hands each reply byte over no earlier than it
// would have crossed the wire. Apart from that pacing it answers instantly (capture_ms = 0, the
// finger is already on the glass), so the module's own processing time, which is not the driver's,
// is left out. One verification is DownChar + the 4 template data packets, GenImg, Img2Tz, Match.
//
//   wire time = (bytes sent + bytes received, counted by the driver) x 10 bits / 57,600 baud
//   measured  = wall time of FingerprintSensor::verify()
//   overhead  = (measured - wire) / wire
//
// The overhead therefore contains the driver's encoding, decoding and scheduling, and also the
// pty's and the simulator thread's wake-up latency (a few tens of microseconds per packet), so it
// is an upper bound on what the driver adds.
#include "drivers/fingerprint/driver.hpp"
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "drivers/fingerprint/sim/simulator.hpp"
#include "drivers/serial/pty_pair.hpp"

#include <algorithm>
#include <cstdio>
#include <thread>
#include <vector>

using namespace kiosk;
using namespace kiosk::fingerprint;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    constexpr int baud = 57600;

    auto pty = serial::PtyPair::create({.baud = baud});
    if (!pty) {
        std::fprintf(stderr, "pty: %s\n", pty.error().to_string().c_str());
        return 1;
    }
    sim::SimulatorOptions options;  // pace = true at 9600 x 6
    options.capture_ms = 0;
    sim::Simulator simulator(pty->master(), options);
    simulator.place_finger(1);
    std::thread sim_thread([&] { (void)simulator.run(); });

    auto link = serial::open_link(serial::PortSpec::device_path(pty->device_path()), {.baud = baud});
    if (!link) {
        std::fprintf(stderr, "link: %s\n", link.error().to_string().c_str());
        simulator.stop();
        sim_thread.join();
        return 1;
    }
    auto sensor = FingerprintSensor::open(std::move(*link), SensorSettings{});
    if (!sensor) {
        std::fprintf(stderr, "open: %s\n", sensor.error().to_string().c_str());
        simulator.stop();
        sim_thread.join();
        return 1;
    }
    const auto enrolled = sim::template_for_finger(1);

    std::vector<double> measured_ms;
    std::vector<double> wire_ms;
    for (int i = 0; i < runs; ++i) {
        const TrafficCounters before = (*sensor)->traffic();
        const auto start = Clock::now();
        const VerifyResult result = (*sensor)->verify(enrolled, 50, std::chrono::seconds(15));
        const auto elapsed = Clock::now() - start;
        const TrafficCounters after = (*sensor)->traffic();
        if (result.outcome != VerifyOutcome::matched) {
            std::fprintf(stderr, "run %d: %s\n", i, to_string(result.outcome));
            simulator.stop();
            sim_thread.join();
            return 1;
        }
        const auto bytes = (after.bytes_sent - before.bytes_sent) + (after.bytes_received - before.bytes_received);
        wire_ms.push_back(static_cast<double>(bytes) * 10.0 * 1000.0 / baud);
        measured_ms.push_back(std::chrono::duration<double, std::milli>(elapsed).count());
        if (i == 0)
            std::printf("bytes per verification: %llu sent + %llu received\n",
                        static_cast<unsigned long long>(after.bytes_sent - before.bytes_sent),
                        static_cast<unsigned long long>(after.bytes_received - before.bytes_received));
    }
    simulator.stop();
    sim_thread.join();

    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    };
    const double wire = median(wire_ms);
    const double measured = median(measured_ms);
    const double overhead = (measured - wire) / wire * 100.0;
    std::printf("runs: %d at %d baud\n", runs, baud);
    std::printf("wire time (median):     %.2f ms\n", wire);
    std::printf("measured time (median): %.2f ms  (min %.2f, max %.2f)\n", measured,
                *std::min_element(measured_ms.begin(), measured_ms.end()),
                *std::max_element(measured_ms.begin(), measured_ms.end()));
    std::printf("driver overhead:        %.2f %%  (budget < 5 %%): %s\n", overhead, overhead < 5.0 ? "PASS" : "FAIL");
    return overhead < 5.0 ? 0 : 2;
}
