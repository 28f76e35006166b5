// Property test: seeded random event sequences. Whatever arrives, in whatever order, with right,
// stale or made-up request ids, the machine never presents a card without a matched finger, the
// resident's own chip and every journal step of the pickup confirmed, never shows a status before a
// match, and always finds its way back to attract.
#include "tests/kiosk/core/session/session_rig.hpp"

#include <algorithm>
#include <map>
#include <random>

using namespace kiosk::core;
using namespace kiosk::core::session;
using namespace kiosk::core::session::test;

namespace {

// What the test itself knows about the current session, from the events it sent and the commands it
// saw, independently of the machine's own bookkeeping.
struct Observed {
    std::optional<Nik> lookup_nik;
    std::optional<RequestId> lookup_request, verify_request, chip_request;
    bool lookup_answered = false, verify_answered = false;  // only the first answer to a request counts
    bool record_found = false;
    bool matched = false;
    bool residents_chip = false;  // the first answer to chip_request was the resident's own card
    // This session's journal steps as sent, and the first answer to each (later ones do not count).
    std::vector<RequestId> steps;
    std::map<RequestId, bool> step_answers;
    std::vector<RequestId> unanswered_writes;  // steps and closings, for the guided driver

    static Observed after(const Observed& previous) {
        Observed next;
        next.unanswered_writes = previous.unanswered_writes;
        return next;
    }
};

class RandomDriver {
public:
    explicit RandomDriver(std::uint32_t seed) : rng_(seed) {}

    // Mostly the answer the machine waits for (with random outcomes, so the flow gets deep), the rest
    // chaos: any event, any request id, at any time.
    Event next(const SessionRig& rig, const Observed& seen) {
        if (pick(0, 9) < 6) {
            if (auto guided = guided_event(rig, seen)) return *guided;
        }
        const RequestId request = pick_request(rig);
        switch (pick(0, 24)) {
            case 0: return StartPressed{};
            case 1: return LanguageSelected{pick(0, 1) ? Language::en : Language::id};
            case 2:
            case 3:
            case 4: return KeypadDigit{static_cast<char>('0' + pick(0, 9))};
            case 5: {
                // Type a whole NIK: known, unknown or other, so lookups actually happen.
                return KeypadDigit{'#'};  // placeholder, replaced by the caller with a typed NIK
            }
            case 6: return KeypadSubmit{};
            case 7: return pick(0, 1) ? Event{KeypadBackspace{}} : Event{KeypadClear{}};
            case 8: return MoreTime{};
            case 9: return pick(0, 3) ? Event{Back{}} : Event{Cancel{}};
            case 10: return PickupPressed{};
            case 11:
                return pick(0, 1) ? CardTapped{AuthenticatedChip{some_nik(), std::nullopt}, {}}
                                  : CardTapped{std::nullopt, some_refusal()};
            case 12:
                return RecordLookedUp{
                    request,
                    pick(0, 1) ? std::optional(record_with(some_status(), pick(0, 3) ? std::optional(7) : std::nullopt))
                               : std::nullopt};
            case 13:
                if (pick(0, 2) == 0) return PickupStepJournaled{some_journal_write(seen, request), pick(0, 3) != 0};
                return pick(0, 5) ? Event{PickupIntentJournaled{request, pick(0, 4) != 0}}
                                  : Event{LookupFailed{request}};
            case 14: return FingerprintProgress{request, static_cast<FingerStage>(pick(0, 3))};
            case 15:
            case 16: return FingerprintResult{request, static_cast<FingerOutcome>(pick(0, 4)), pick(0, 255)};
            case 17: return SlotFetched{request, pick(0, 3) ? DispenserOutcome::ok : some_dispenser_fault()};
            case 18: {
                std::optional<AuthenticatedChip> chip;
                if (pick(0, 3)) chip = AuthenticatedChip{some_nik(), pick(0, 3) ? "KTP-000123" : "KTP-1"};
                return ChipReadAtReadPosition{request, chip, some_refusal()};
            }
            case 19: return CardPresentResult{request, static_cast<TakeOutcome>(pick(0, 2))};
            case 20: return CardCaptured{request, pick(0, 3) ? DispenserOutcome::ok : some_dispenser_fault()};
            case 21: {
                if (pick(0, 2) == 0) return MaintenanceMode{pick(0, 4) == 0};
                const auto device = static_cast<Device>(pick(0, 2));
                const bool up = pick(0, 3) != 0;
                // Drawn when up too, so that a seed replays the same events it always did.
                const auto fault = static_cast<DeviceFault>(pick(0, 5));
                return DeviceHealth{device, up ? std::nullopt : std::optional(fault)};
            }
            default: return Tick{};
        }
    }
    Millis time_step() { return Millis(pick(0, 19) ? pick(0, 2000) : pick(0, 60000)); }
    Nik some_nik() {
        static const Nik niks[] = {nik_of(kKnownNik), nik_of(kUnknownNik), nik_of(kOtherNik)};
        return niks[pick(0, 2)];
    }
    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

private:
    // A journal write the machine sent and no answer yet, or any request.
    RequestId some_journal_write(const Observed& seen, RequestId otherwise) {
        if (seen.unanswered_writes.empty() || pick(0, 3) == 0) return otherwise;
        return seen.unanswered_writes[static_cast<std::size_t>(pick(0, static_cast<int>(seen.unanswered_writes.size()) - 1))];
    }

    std::optional<Event> guided_event(const SessionRig& rig, const Observed& seen) {
        // The store answers its journal writes, mostly in order and mostly ok; soon while a card waits.
        const int answer_odds = rig.machine.phase() == Phase::pickup ? 3 : 1;
        if (!seen.unanswered_writes.empty() && pick(0, 3) < answer_odds)
            return PickupStepJournaled{seen.unanswered_writes.front(), pick(0, 19) != 0};
        const auto pending = rig.machine.pending_request();
        const SessionView v = rig.view();
        switch (rig.machine.phase()) {
            case Phase::attract:
                return pick(0, 1) ? Event{StartPressed{}} : Event{CardTapped{AuthenticatedChip{some_nik(), {}}, {}}};
            case Phase::identify: return KeypadDigit{'#'};
            case Phase::looking_up:
                return RecordLookedUp{*pending,
                                      pick(0, 4) ? std::optional(record_with(CardStatus::in_kiosk, 7)) : std::nullopt};
            case Phase::fingerprint:
                return FingerprintResult{*pending,
                                         pick(0, 1) ? FingerOutcome::matched : static_cast<FingerOutcome>(pick(0, 4)),
                                         pick(0, 1) ? 200 : pick(0, 255)};
            case Phase::status: return PickupPressed{};
            case Phase::pickup: {
                const auto* pickup = std::get_if<PickupScreen>(&v.screen);
                if (!pickup || !pending) return std::nullopt;
                switch (pickup->phase) {
                    case PickupPhase::preparing: return PickupIntentJournaled{*pending, pick(0, 9) != 0};
                    case PickupPhase::fetching: return SlotFetched{*pending, DispenserOutcome::ok};
                    case PickupPhase::checking_card:
                        if (seen.lookup_nik && pick(0, 3))
                            return ChipReadAtReadPosition{
                                *pending, AuthenticatedChip{*seen.lookup_nik, "KTP-000123"}, {}};
                        return std::nullopt;
                    case PickupPhase::take_card:
                        return CardPresentResult{*pending, static_cast<TakeOutcome>(pick(0, 2))};
                    case PickupPhase::securing_card: return CardCaptured{*pending, DispenserOutcome::ok};
                }
                return std::nullopt;
            }
            case Phase::message:
            case Phase::out_of_service: return std::nullopt;
        }
        return std::nullopt;
    }

    RequestId pick_request(const SessionRig& rig) {
        const auto pending = rig.machine.pending_request();
        const int r = pick(0, 9);
        if (pending && r < 7) return *pending;
        if (pending && r < 9) return *pending - 1;
        return static_cast<RequestId>(pick(0, 50));
    }
    CardStatus some_status() {
        return pick(0, 1) ? CardStatus::in_kiosk : kAllCardStatuses[static_cast<std::size_t>(pick(0, 10))];
    }
    ChipRefusal some_refusal() { return static_cast<ChipRefusal>(pick(0, 4)); }
    DispenserOutcome some_dispenser_fault() { return static_cast<DispenserOutcome>(pick(1, 3)); }

    std::mt19937 rng_;
};

void observe(const Event& e, const Commands& out, const SessionRig& rig, Observed& seen) {
    // What the test sent that counts toward the session's identity.
    if (const auto* looked = std::get_if<RecordLookedUp>(&e);
        looked && seen.lookup_request == looked->request && !seen.lookup_answered) {
        seen.lookup_answered = true;
        seen.record_found = looked->record.has_value();
    }
    if (const auto* failed = std::get_if<LookupFailed>(&e); failed && seen.lookup_request == failed->request) {
        seen.lookup_answered = true;
    }
    if (const auto* finger = std::get_if<FingerprintResult>(&e);
        finger && seen.verify_request == finger->request && !seen.verify_answered) {
        seen.verify_answered = true;
        seen.matched = finger->outcome == FingerOutcome::matched && finger->score >= rig.config.match_score_min &&
                       seen.record_found;
    }
    if (const auto* chip = std::get_if<ChipReadAtReadPosition>(&e); chip && seen.chip_request == chip->request) {
        seen.residents_chip = chip->chip.has_value() && seen.lookup_nik && chip->chip->nik == *seen.lookup_nik &&
                              chip->chip->card_serial == std::optional<std::string>("KTP-000123");
        seen.chip_request.reset();  // only the first answer counts
    }
    if (const auto* journaled = std::get_if<PickupStepJournaled>(&e)) {
        std::erase(seen.unanswered_writes, journaled->request);
        if (std::find(seen.steps.begin(), seen.steps.end(), journaled->request) != seen.steps.end())
            seen.step_answers.try_emplace(journaled->request, journaled->ok);
    }
    for (const auto& c : out) {
        if (std::holds_alternative<PresentCard>(c)) {
            // THE safety property: a matched finger, the chip read is the resident's own card, and the
            // store confirmed every step written since the fetch (fetched, chip_verified, presenting).
            REQUIRE(seen.matched);
            REQUIRE(seen.residents_chip);
            REQUIRE(seen.steps.size() == 3);
            for (RequestId step : seen.steps) {
                REQUIRE(seen.step_answers.count(step) == 1);
                REQUIRE(seen.step_answers.at(step));
            }
        }
        if (const auto* step = std::get_if<JournalPickupStep>(&c)) {
            seen.steps.push_back(step->request);
            seen.unanswered_writes.push_back(step->request);
        }
        for (RequestId closing : journal_writes(Commands{c})) {
            if (!std::holds_alternative<JournalPickupStep>(c)) seen.unanswered_writes.push_back(closing);
        }
        // A new session forgets the last one, but not the journal writes still to be answered.
        if (std::holds_alternative<WipeSession>(c)) seen = Observed::after(seen);
        if (const auto* lookup = std::get_if<LookupRecord>(&c)) {
            seen = Observed::after(seen);
            seen.lookup_nik = lookup->nik;
            seen.lookup_request = lookup->request;
        }
        if (const auto* verify = std::get_if<VerifyFingerprint>(&c)) {
            seen.verify_request = verify->request;
            seen.verify_answered = false;
        }
        if (const auto* read = std::get_if<ReadChipAtReadPosition>(&c)) seen.chip_request = read->request;
    }
}

void check_view(const SessionRig& rig, const Observed& seen) {
    const SessionView v = rig.view();
    if (const auto* status = std::get_if<StatusScreen>(&v.screen)) {
        REQUIRE(seen.matched);  // no status, facts, name or unmasked NIK before a match
        REQUIRE(seen.lookup_nik.has_value());
        REQUIRE(status->nik_grouped == seen.lookup_nik->grouped());
    }
    if (const auto* finger = std::get_if<FingerprintScreen>(&v.screen)) {
        REQUIRE(finger->tries_left >= 0);
        REQUIRE(finger->tries_left <= rig.config.max_finger_tries);
        if (seen.lookup_nik) REQUIRE(finger->nik_masked == seen.lookup_nik->masked());
    }
    if (rig.machine.phase() == Phase::pickup) REQUIRE(seen.matched);
    REQUIRE(v.cancel_available == (rig.machine.phase() != Phase::attract && rig.machine.phase() != Phase::pickup &&
                                   rig.machine.phase() != Phase::out_of_service));
}

}  // namespace

TEST_CASE("random event sequences keep every safety property and always return to attract") {
    constexpr int kRuns = 1500;
    constexpr int kEventsPerRun = 250;
    int presented = 0, statuses = 0;
    for (std::uint32_t seed = 1; seed <= kRuns; ++seed) {
        CAPTURE(seed);
        RandomDriver driver(seed);
        SessionRig rig;
        Observed seen;
        for (int i = 0; i < kEventsPerRun; ++i) {
            rig.now += driver.time_step();
            Event e = driver.next(rig, seen);
            if (const auto* digit = std::get_if<KeypadDigit>(&e); digit && digit->digit == '#') {
                const Nik nik = driver.some_nik();
                for (char d : nik.digits()) observe(KeypadDigit{d}, rig.send(KeypadDigit{d}), rig, seen);
                e = KeypadSubmit{};
            }
            const Commands out = rig.send(e);
            observe(e, out, rig, seen);
            check_view(rig, seen);
            presented += count_commands<PresentCard>(out);
            statuses += std::holds_alternative<StatusScreen>(rig.view().screen) ? 1 : 0;
        }
        // Devices back, maintenance off, nobody touches anything: time alone brings it home.
        rig.send(MaintenanceMode{false});
        for (Device d : {Device::card_reader, Device::fingerprint, Device::dispenser})
            rig.send(DeviceHealth{d, std::nullopt});
        for (int i = 0; i < 10 && rig.machine.phase() != Phase::attract; ++i) {
            rig.advance(1min);
            observe(Tick{}, rig.last, rig, seen);
        }
        REQUIRE(rig.machine.phase() == Phase::attract);
        REQUIRE_FALSE(rig.machine.pending_request().has_value());
    }
    MESSAGE("cards presented: " << presented << ", status screens seen: " << statuses);
    // The generator must actually reach the interesting states, or the properties prove nothing.
    CHECK(presented > 1000);
    CHECK(statuses > 5000);
}
