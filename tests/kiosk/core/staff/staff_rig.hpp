// StaffRig: drives a StaffMachine in tests with a hand-moved clock, and answers its commands.
#pragma once

#include "kiosk/core/staff/staff_machine.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::core::staff::test {

using namespace std::chrono_literals;

inline constexpr std::string_view kStaffSerial = "STAFF-0001";
inline constexpr std::string_view kNikA = "3174055708900001";
inline constexpr std::string_view kNikB = "3174051203850002";
inline constexpr std::string_view kNikC = "3273014404920007";

inline Nik nik_of(std::string_view digits) {
    auto nik = Nik::parse(digits);
    REQUIRE(nik.ok());
    return *nik;
}

// The rig's staff member: a supervisor, who may do every task (staff_permissions_test.cpp covers the
// other roles through StaffRig::identity).
inline StaffIdentity staff_budi() {
    return StaffIdentity{"S-017", "Budi Santoso", StaffRole::supervisor};
}

inline AuthenticatedChip chip_of(std::string_view nik, std::optional<std::string> serial) {
    return AuthenticatedChip{nik_of(nik), std::move(serial)};
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
// The command of type C among `commands`; the test fails if there is none.
template <class C>
C command(const Commands& commands) {
    const C* found = find_command<C>(commands);
    REQUIRE_MESSAGE(found != nullptr, "expected command not emitted");
    return *found;
}
inline std::vector<AuditStaff> audits(const Commands& commands) {
    std::vector<AuditStaff> out;
    for (const auto& c : commands)
        if (const auto* a = std::get_if<AuditStaff>(&c)) out.push_back(*a);
    return out;
}
inline bool has_audit(const Commands& commands, StaffAction action) {
    for (const AuditStaff& a : audits(commands))
        if (a.action == action) return true;
    return false;
}

inline OverviewFigures figures() {
    OverviewFigures f;
    f.slots_total = 60;
    f.slots_loaded = 40;
    f.slots_free = 19;
    f.slots_fault = 1;
    f.uncollected = 2;
    f.bin_count = 3;
    f.bin_capacity = 50;
    f.checks = 1;
    f.in_service = true;
    return f;
}

struct StaffRig {
    StaffConfig config;
    Instant now;
    StaffMachine machine;
    Commands last;
    std::vector<Commands> all;
    StaffIdentity identity = staff_budi();  // whom the roster answers with in reach_verify()

    explicit StaffRig(StaffConfig c = {})
        : config(c), now(std::chrono::sys_days{std::chrono::year{2026} / 11 / 21} + 2h), machine(config, now) {}

    Commands send(const Event& e) {
        last = machine.handle(now, e);
        all.push_back(last);
        return last;
    }
    Commands advance(Millis by) {
        now += by;
        return send(Tick{});
    }
    StaffView view() const { return machine.view(); }
    template <class S>
    S screen() const {
        const StaffView held = machine.view();
        const S* s = std::get_if<S>(&held.screen);
        REQUIRE_MESSAGE(s != nullptr, "unexpected screen index " << held.screen.index());
        return *s;
    }
    RequestId pending() const {
        REQUIRE(machine.pending_request().has_value());
        return *machine.pending_request();
    }
    // Every command emitted since the rig started, flattened.
    Commands everything() const {
        Commands out;
        for (const Commands& batch : all) out.insert(out.end(), batch.begin(), batch.end());
        return out;
    }

    // ---- entering
    LookupStaff present_card(std::string_view serial = kStaffSerial) {
        send(StaffCardPresented{AuthenticatedChip{nik_of(kNikC), std::string(serial)}});
        return command<LookupStaff>(last);
    }
    void type_pin(std::string_view digits) {
        for (char d : digits) send(PinDigit{d});
    }
    // Card -> roster -> PIN typed and submitted: returns the VERIFY.
    VerifyStaffPin reach_verify(std::string_view pin = "123456") {
        present_card();
        send(StaffLookedUp{pending(), identity});
        REQUIRE(machine.phase() == Phase::pin_entry);
        type_pin(pin);
        send(PinSubmit{});
        return command<VerifyStaffPin>(last);
    }
    // Signed in, on the menu with its overview read.
    void sign_in() {
        reach_verify();
        send(StaffPinChecked{pending(), PinOutcome::accepted, 3});
        REQUIRE(machine.phase() == Phase::menu);
        send(StaffOverview{command<ReadStaffOverview>(last).request, figures()});
        REQUIRE(machine.waiting_for() == Wait::none);
    }

    // ---- restock
    // Signed in -> Restock -> the mouth open, AwaitInsertedCard pending.
    void open_restock() {
        sign_in();
        send(TaskChosen{StaffTask::restock});
        send(LoadingReady{command<BeginLoading>(last).request, true});
        REQUIRE(machine.waiting_for() == Wait::insert);
    }
    // A card arrives and its chip is read: returns the commands of the chip read (CheckLoadable, or
    // the ReturnCardToMouth of a refused chip).
    Commands feed(std::optional<AuthenticatedChip> chip, ChipRefusal refusal = ChipRefusal::unreadable) {
        REQUIRE(machine.waiting_for() == Wait::insert);
        send(CardInserted{pending(), InsertOutcome::arrived});
        command<ReadChipForLoad>(last);
        return send(LoadChipRead{pending(), std::move(chip), refusal});
    }
    // Fed, checked and journaled: the StoreCardInSlot.
    StoreCardInSlot reach_store_move(std::string_view nik = kNikA, std::string serial = "KTP-A", int slot = 7) {
        feed(chip_of(nik, std::move(serial)));
        command<CheckLoadable>(last);
        send(LoadChecked{pending(), slot, std::nullopt});
        command<JournalLoadIntent>(last);
        send(LoadJournaled{pending(), true});
        return command<StoreCardInSlot>(last);
    }
    // A whole good load, back to waiting for the next card.
    void load(std::string_view nik = kNikA, std::string serial = "KTP-A", int slot = 7) {
        reach_store_move(nik, std::move(serial), slot);
        send(CardStoredInSlot{pending(), StoreMoveOutcome::ok, true});
        command<JournalLoadStored>(last);
        send(LoadJournaled{pending(), true});
        command<JournalLoadDone>(last);
        send(LoadJournaled{pending(), true});
        REQUIRE(machine.waiting_for() == Wait::insert);
    }

    // ---- take back
    // Signed in -> Take back -> listed -> "Take back" pressed: the first JournalReturnIntent.
    JournalReturnIntent start_take_back(std::vector<UncollectedCard> items) {
        sign_in();
        send(TaskChosen{StaffTask::take_back});
        send(UncollectedListed{command<ListUncollected>(last).request, std::move(items)});
        send(TakeBackPressed{});
        return command<JournalReturnIntent>(last);
    }
    // The current return from its intent to the chip read pending.
    void reach_return_chip_read() {
        send(ReturnJournaled{pending(), true});
        command<FetchForReturn>(last);
        send(FetchedForReturn{pending(), DispenserOutcome::ok});
        REQUIRE(command<JournalReturnStep>(last).step == PickupStep::fetched);
        send(ReturnJournaled{pending(), true});
        command<ReadChipForReturn>(last);
    }
    // ... chip is the record's, both steps confirmed: returns PresentToStaff.
    PresentToStaff reach_present(const Nik& nik, std::optional<std::string> serial) {
        reach_return_chip_read();
        send(ReturnChipRead{pending(), AuthenticatedChip{nik, std::move(serial)}, {}});
        REQUIRE(command<JournalReturnStep>(last).step == PickupStep::chip_verified);
        send(ReturnJournaled{pending(), true});
        REQUIRE(command<JournalReturnStep>(last).step == PickupStep::presenting);
        REQUIRE(find_command<PresentToStaff>(last) == nullptr);
        send(ReturnJournaled{pending(), true});
        return command<PresentToStaff>(last);
    }
};

inline UncollectedCard uncollected(std::string_view nik, int slot, std::optional<std::string> serial) {
    return UncollectedCard{nik_of(nik), slot, std::move(serial), 1'790'000'000};
}

}  // namespace kiosk::core::staff::test
