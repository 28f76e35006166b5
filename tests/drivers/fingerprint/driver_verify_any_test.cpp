// verify_any against the in-process simulator over a pty: a list of templates, one capture, and the
// same wire work for an empty list as for a list whose templates do not match (no timing oracle on
// whether a NIK exists).
//
// Equal timing is asserted as equal work, not by the clock: the host's commands (the sequence of
// instructions) and the bytes in both directions must be identical. Wire time is bytes / baud, and a
// module's processing time depends on the instruction, not on the template's content (Match compares
// two fixed-size character files), so identical sequences take the same time up to the module's
// own jitter, which is the same for a real and a decoy comparison. A wall-clock check would only
// add scheduler noise on a shared CI machine.
#include "drivers/fingerprint/sim/finger_templates.hpp"
#include "tests/drivers/fingerprint/sim_rig.hpp"

#include <vector>

using namespace kiosk::fingerprint;
using namespace kiosk::fingerprint::test;

namespace {

constexpr std::uint16_t score_min = 50;

// Passes everything through and keeps what the host wrote, decoded into packets.
class RecordingLink final : public kiosk::serial::Link {
public:
    explicit RecordingLink(std::unique_ptr<kiosk::serial::Link> inner, std::vector<Packet>& written)
        : inner_(std::move(inner)), written_(&written), decoder_(default_address, true) {}

    kiosk::serial::LinkResult<void> write(std::span<const std::uint8_t> bytes,
                                          kiosk::serial::Clock::time_point deadline) override {
        decoder_.push(bytes);
        while (auto next = decoder_.next()) {
            if (const auto* packet = std::get_if<Packet>(&*next)) written_->push_back(*packet);
        }
        return inner_->write(bytes, deadline);
    }
    kiosk::serial::LinkResult<std::size_t> read_some(std::span<std::uint8_t> buffer,
                                                     kiosk::serial::Clock::time_point deadline) override {
        return inner_->read_some(buffer, deadline);
    }
    kiosk::serial::LinkResult<void> flush_input() override { return inner_->flush_input(); }
    kiosk::serial::LinkResult<void> drain() override { return inner_->drain(); }
    void close() override { inner_->close(); }
    [[nodiscard]] std::string describe() const override { return inner_->describe(); }

private:
    std::unique_ptr<kiosk::serial::Link> inner_;
    std::vector<Packet>* written_;
    Decoder decoder_;
};

// What one verification put on the wire.
struct Work {
    std::vector<Instruction> commands;  // in order
    std::size_t data_packets = 0;
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;
    friend bool operator==(const Work&, const Work&) = default;
};

struct Recorded {
    SimRig rig;
    std::vector<Packet> written;
    std::unique_ptr<FingerprintSensor> sensor;
    std::chrono::milliseconds finger_wait = kFingerWait;  // for every verification it runs

    explicit Recorded(const SensorSettings& settings = fast_settings()) {
        rig.start();
        auto raw = kiosk::serial::open_link(kiosk::serial::PortSpec::device_path(rig.path()), {.baud = 57600});
        REQUIRE(raw.ok());
        auto opened = FingerprintSensor::open(std::make_unique<RecordingLink>(std::move(*raw), written), settings);
        REQUIRE(opened.ok());
        sensor = std::move(*opened);
    }

    // Runs one verification and returns it with the work it did.
    std::pair<VerifyResult, Work> verify(std::span<const Template> templates) {
        written.clear();
        const TrafficCounters before = sensor->traffic();
        const VerifyResult result = sensor->verify_any(templates, score_min, finger_wait);
        Work work;
        for (const Packet& packet : written) {
            if (packet.pid == PacketId::command && !packet.content.empty()) {
                work.commands.push_back(static_cast<Instruction>(packet.content[0]));
            } else {
                ++work.data_packets;
            }
        }
        work.bytes_sent = sensor->traffic().bytes_sent - before.bytes_sent;
        work.bytes_received = sensor->traffic().bytes_received - before.bytes_received;
        return {result, work};
    }
};

std::size_t count(const std::vector<Instruction>& commands, Instruction instruction) {
    return static_cast<std::size_t>(std::count(commands.begin(), commands.end(), instruction));
}

}  // namespace

TEST_CASE("two templates where the second matches: matched, after one capture") {
    Recorded recorded;
    recorded.rig.sim().place_finger(7);
    const std::vector<Template> templates = {sim::template_for_finger(3), sim::template_for_finger(7)};
    const auto [result, work] = recorded.verify(templates);
    CHECK(result.outcome == VerifyOutcome::matched);
    CHECK(result.score >= 100);
    CHECK(work.commands == std::vector<Instruction>{Instruction::gen_img, Instruction::img2tz, Instruction::down_char,
                                                    Instruction::match, Instruction::down_char, Instruction::match});
}

TEST_CASE("the first template matching stops there") {
    Recorded recorded;
    recorded.rig.sim().place_finger(7);
    const std::vector<Template> templates = {sim::template_for_finger(7), sim::template_for_finger(3)};
    const auto [result, work] = recorded.verify(templates);
    CHECK(result.outcome == VerifyOutcome::matched);
    CHECK(count(work.commands, Instruction::match) == 1);
}

TEST_CASE("an empty list waits for the finger, captures it, does the wire work of a wrong finger, no_match") {
    Recorded recorded;
    recorded.rig.sim().place_finger(7);
    const auto [empty_result, empty_work] = recorded.verify({});
    CHECK(empty_result.outcome == VerifyOutcome::no_match);
    CHECK(empty_result.score == 0);
    // The simulator saw a capture, and DownChar + data + Match for the decoys.
    CHECK(count(empty_work.commands, Instruction::gen_img) == 1);
    CHECK(count(empty_work.commands, Instruction::img2tz) == 1);
    CHECK(count(empty_work.commands, Instruction::down_char) == 2);
    CHECK(count(empty_work.commands, Instruction::match) == 2);
    CHECK(empty_work.data_packets > 0);

    // A known resident with one enrolled finger, and with two, presenting the wrong finger.
    const std::vector<Template> one = {sim::template_for_finger(3)};
    const auto [one_result, one_work] = recorded.verify(one);
    CHECK(one_result.outcome == VerifyOutcome::no_match);
    const std::vector<Template> two = {sim::template_for_finger(3), sim::template_for_finger(4)};
    const auto [two_result, two_work] = recorded.verify(two);
    CHECK(two_result.outcome == VerifyOutcome::no_match);

    CHECK(empty_work == one_work);
    CHECK(empty_work == two_work);
    CHECK(empty_work.bytes_sent > 2 * template_size);
}

TEST_CASE("with comparisons_min 1, an empty list costs exactly a one-template no_match") {
    auto settings = fast_settings();
    settings.comparisons_min = 1;
    Recorded recorded(settings);
    recorded.rig.sim().place_finger(7);
    const auto [empty_result, empty_work] = recorded.verify({});
    const std::vector<Template> one = {sim::template_for_finger(3)};
    const auto [one_result, one_work] = recorded.verify(one);
    CHECK(empty_result.outcome == VerifyOutcome::no_match);
    CHECK(one_result.outcome == VerifyOutcome::no_match);
    CHECK(count(empty_work.commands, Instruction::down_char) == 1);
    CHECK(count(empty_work.commands, Instruction::match) == 1);
    CHECK(empty_work == one_work);
}

TEST_CASE("a decoy never matches, even against the finger that happens to be on the glass") {
    // Whatever the module answers about a decoy, an empty list is no_match: run many fingers.
    Recorded recorded;
    for (std::uint32_t finger = 1; finger <= 5; ++finger) {
        CAPTURE(finger);
        recorded.rig.sim().place_finger(finger);
        CHECK(recorded.verify({}).first.outcome == VerifyOutcome::no_match);
    }
}

TEST_CASE("no finger: no_finger for an empty list and for a list alike, and nothing downloaded") {
    Recorded recorded;
    recorded.finger_wait = std::chrono::milliseconds(200);
    const auto [empty_result, empty_work] = recorded.verify({});
    CHECK(empty_result.outcome == VerifyOutcome::no_finger);
    CHECK(count(empty_work.commands, Instruction::down_char) == 0);
    CHECK(count(empty_work.commands, Instruction::gen_img) > 1);  // it polled until the deadline
    const std::vector<Template> one = {sim::template_for_finger(3)};
    CHECK(recorded.verify(one).first.outcome == VerifyOutcome::no_finger);
}

TEST_CASE("verify() is verify_any with a list of one") {
    Recorded recorded;
    recorded.rig.sim().place_finger(7);
    const auto matched = recorded.sensor->verify(sim::template_for_finger(7), score_min, recorded.finger_wait);
    CHECK(matched.outcome == VerifyOutcome::matched);
    const auto wrong = recorded.sensor->verify(sim::template_for_finger(8), score_min, recorded.finger_wait);
    CHECK(wrong.outcome == VerifyOutcome::no_match);
}
