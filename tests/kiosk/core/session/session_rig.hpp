// SessionRig: drives a SessionMachine in tests with a hand-moved clock, and answers its commands.
#pragma once

#include "kiosk/core/session/session_machine.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core::session::test {

using namespace std::chrono_literals;

// Both plausible. The store knows the first; the second is in no record.
inline constexpr std::string_view kKnownNik = "3174055708900001";
inline constexpr std::string_view kUnknownNik = "3174051203850002";
inline constexpr std::string_view kOtherNik = "3273014404920007";

inline Nik nik_of(std::string_view digits) {
    auto nik = Nik::parse(digits);
    REQUIRE(nik.ok());
    return *nik;
}

inline Record record_with(CardStatus status, std::optional<int> slot = std::nullopt) {
    Record r;
    r.status = status;
    r.facts.name = "Siti Rahmawati";
    r.facts.card_serial = "KTP-000123";
    r.slot = slot;
    r.templates = {TemplateRef{41}, TemplateRef{42}};
    return r;
}

template <class C>
const C* find_command(const Commands& commands) {
    for (const auto& c : commands)
        if (const auto* hit = std::get_if<C>(&c)) return hit;
    return nullptr;
}
template <class C>
int count_commands(const Commands& commands) {
    int n = 0;
    for (const auto& c : commands) n += std::holds_alternative<C>(c) ? 1 : 0;
    return n;
}
// The request ids of the journal writes answered by PickupStepJournaled (steps and closings) among
// `commands`, in the order emitted.
inline std::vector<RequestId> journal_writes(const Commands& commands) {
    std::vector<RequestId> out;
    for (const auto& c : commands) {
        if (const auto* step = std::get_if<JournalPickupStep>(&c)) out.push_back(step->request);
        if (const auto* done = std::get_if<JournalPickupDone>(&c)) out.push_back(done->request);
        if (const auto* captured = std::get_if<JournalCaptured>(&c)) out.push_back(captured->request);
        if (const auto* aborted = std::get_if<JournalPickupAborted>(&c)) out.push_back(aborted->request);
    }
    return out;
}

struct SessionRig {
    SessionConfig config;
    Instant now;
    SessionMachine machine;
    Commands last;
    std::vector<Commands> all;

    explicit SessionRig(SessionConfig c = {}, DeviceHealthSnapshot health = {},
                        const std::vector<NikLockBook::Entry>& locks = {})
        : config(c),
          now(std::chrono::sys_days{std::chrono::year{2026} / 11 / 21} + 2h),
          machine(config, health, now, locks) {}

    // By value: a test may hold one answer while it sends the next event.
    Commands send(const Event& e) {
        last = machine.handle(now, e);
        all.push_back(last);
        return last;
    }
    Commands advance(Millis by) {
        now += by;
        return send(Tick{});
    }
    SessionView view() const { return machine.view(); }
    template <class S>
    S screen() const {
        const SessionView held = machine.view();
        const S* s = std::get_if<S>(&held.screen);
        REQUIRE_MESSAGE(s != nullptr, "unexpected screen index " << held.screen.index());
        return *s;
    }
    RequestId pending() const {
        REQUIRE(machine.pending_request().has_value());
        return *machine.pending_request();
    }

    void type(std::string_view digits) {
        for (char d : digits) send(KeypadDigit{d});
    }
    // Attract -> typed -> submitted: returns the lookup request.
    LookupRecord submit_nik(std::string_view digits) {
        send(StartPressed{});
        type(digits);
        send(KeypadSubmit{});
        const auto* lookup = find_command<LookupRecord>(last);
        REQUIRE(lookup != nullptr);
        return *lookup;
    }
    // Answers the lookup; returns the first VerifyFingerprint.
    VerifyFingerprint answer_lookup(std::optional<Record> record) {
        send(RecordLookedUp{pending(), std::move(record)});
        const auto* verify = find_command<VerifyFingerprint>(last);
        REQUIRE(verify != nullptr);
        return *verify;
    }
    Commands finger(FingerOutcome outcome, int score = 0) { return send(FingerprintResult{pending(), outcome, score}); }
    // A known resident all the way to the status screen.
    void reach_status(const Record& record, std::string_view digits = kKnownNik) {
        submit_nik(digits);
        answer_lookup(record);
        send(FingerprintProgress{pending(), FingerStage::waiting_for_finger});
        send(FingerprintProgress{pending(), FingerStage::finger_seen});
        send(FingerprintProgress{pending(), FingerStage::matching});
        finger(FingerOutcome::matched, 180);
        REQUIRE(machine.phase() == Phase::status);
    }
    // The store answering every journal write among `commands`, in order; returns what the answers
    // made the machine do, all together.
    Commands answer_journal(const Commands& commands, bool ok = true) {
        Commands out;
        for (RequestId request : journal_writes(commands)) {
            const Commands answered = send(PickupStepJournaled{request, ok});
            out.insert(out.end(), answered.begin(), answered.end());
        }
        last = out;
        return out;
    }
    // Status -> pickup -> fetched, the chip read pending. Returns SlotFetched's commands (the
    // `fetched` step, not yet answered).
    Commands reach_chip_read(std::string_view digits = kKnownNik, const Record& record = record_with(CardStatus::in_kiosk, 17)) {
        reach_status(record, digits);
        send(PickupPressed{});
        REQUIRE(find_command<JournalPickupIntent>(last) != nullptr);
        send(PickupIntentJournaled{pending(), true});
        REQUIRE(find_command<FetchSlot>(last) != nullptr);
        send(SlotFetched{pending(), DispenserOutcome::ok});
        REQUIRE(find_command<ReadChipAtReadPosition>(last) != nullptr);
        return last;
    }
    // ... -> the resident's chip read: the chip_verified and presenting steps sent, no answer yet.
    // Returns the chip read's commands.
    Commands reach_chip_verified(std::string_view digits = kKnownNik) {
        reach_chip_read(digits);
        send(ChipReadAtReadPosition{pending(), AuthenticatedChip{nik_of(digits), "KTP-000123"}, {}});
        REQUIRE(count_commands<JournalPickupStep>(last) == 2);
        REQUIRE(find_command<PresentCard>(last) == nullptr);
        return last;
    }
    // Status -> pickup -> chip checked -> every journal step confirmed -> card presented. Returns the
    // PresentCard.
    PresentCard reach_presented(std::string_view digits = kKnownNik) {
        const Commands fetched = reach_chip_read(digits);
        send(ChipReadAtReadPosition{pending(), AuthenticatedChip{nik_of(digits), "KTP-000123"}, {}});
        const Commands verified = last;
        REQUIRE(find_command<PresentCard>(verified) == nullptr);
        answer_journal(fetched);
        const Commands answered = answer_journal(verified);
        const auto* present = find_command<PresentCard>(answered);
        REQUIRE(present != nullptr);
        return *present;
    }
};

}  // namespace kiosk::core::session::test
