// Property test: seeded random event sequences. Whatever arrives, in whatever order, with right,
// stale or made-up request ids, the machine
//   - never stores a card in a slot without the load journal's intent for that card and slot
//     confirmed (and at most once per intent), and never journals a load done before its `stored`;
//   - never presents a card to staff without the return's intent and every step confirmed and the
//     chip at the read position being the record's card;
//   - never shows an unmasked NIK (no 16-digit run in any string of any view) nor the PIN;
//   - never ends staff mode with a device command outstanding (unanswered and within its deadline),
//     the mouth possibly open, or an arrived card unsettled;
//   - ends each staff visit exactly once, and signs out exactly whoever signed in;
//   - comes back to rest by time alone, within a bound, when events stop.
#include "tests/kiosk/core/staff/staff_rig.hpp"

#include <map>
#include <random>
#include <set>

using namespace kiosk::core;
using namespace kiosk::core::staff;
using namespace kiosk::core::staff::test;

namespace {

// The record serial of each NIK the generator lists for a take back (B's record has none).
std::optional<std::string> record_serial(const Nik& nik) {
    if (nik == nik_of(kNikA)) return std::string("KTP-A");
    if (nik == nik_of(kNikC)) return std::string("KTP-C");
    return std::nullopt;
}

// Every string a view carries.
std::vector<std::string> strings_of(const StaffView& v) {
    std::vector<std::string> out;
    if (v.signed_in) out.push_back(v.signed_in->display_name);
    std::visit(
        [&](const auto& s) {
            using S = std::decay_t<decltype(s)>;
            if constexpr (std::is_same_v<S, PinEntryScreen>) out.push_back(s.display_name);
            if constexpr (std::is_same_v<S, TakeBackScreen>) {
                for (const auto& row : s.items) out.push_back(row.nik_masked);
                if (s.current) out.push_back(s.current->nik_masked);
            }
            if constexpr (std::is_same_v<S, CaptureBinScreen>) {
                for (const auto& row : s.items) {
                    out.push_back(row.card_serial);
                    out.push_back(row.nik_masked);
                    out.push_back(row.reason_code);
                }
            }
            if constexpr (std::is_same_v<S, OperatorChecksScreen>) {
                for (const auto& row : s.items) {
                    out.push_back(row.nik_masked);
                    out.push_back(row.journal_state);
                    out.push_back(row.reason);
                }
            }
        },
        v.screen);
    return out;
}

// The longest run of digits in `text`, also across the separators a grouped NIK would have.
std::size_t longest_digit_run(const std::string& text) {
    std::size_t best = 0, run = 0;
    for (char c : text) {
        if (c >= '0' && c <= '9') {
            best = std::max(best, ++run);
        } else if (c != ' ' && c != '-' && c != '.') {
            run = 0;
        }
    }
    return best;
}

// What the test knows from the events it sent and the commands it saw, independently of the machine.
struct Observed {
    // load journal: intent request -> its slot, and the first answer to it
    std::map<RequestId, int> intent_slot;
    std::map<RequestId, std::size_t> answer_kind;  // request -> the Event index of its answer
    std::map<RequestId, bool> first_answer;        // journal request -> the first ok/!ok answer of its kind
    std::optional<RequestId> last_intent;
    std::set<RequestId> stored_intents;             // intents a StoreCardInSlot was sent for
    std::map<RequestId, RequestId> stored_step_of;  // JournalLoadStored request -> its load
    // returns
    std::optional<RequestId> last_return;
    std::optional<Nik> return_nik;
    std::map<RequestId, std::vector<RequestId>> return_steps;  // ret -> step requests
    std::optional<RequestId> chip_request;
    bool chip_matches = false;  // the first answer to chip_request was the record's card
    // devices: request -> when the machine gives up on it at the latest
    std::map<RequestId, Instant> device_until;
    bool mouth_maybe_open = false;
    std::optional<RequestId> begin_request;
    std::optional<RequestId> insert_request;
    bool card_unsettled = false;  // an arrived card with no store, return or capture since
    // visits
    int visits = 0, ends = 0, logins = 0, logouts = 0;
};

class RandomDriver {
public:
    explicit RandomDriver(std::uint32_t seed) : rng_(seed) {}

    int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
    bool one_in(int n) { return pick(1, n) == 1; }
    Millis time_step() { return Millis(pick(0, 24) ? pick(0, 3000) : pick(0, 70000)); }

    Event next(const StaffRig& rig, const Observed& seen) {
        if (pick(0, 9) < 7) {
            if (auto guided = guided_event(rig, seen)) return *guided;
        }
        return chaos(rig);
    }

private:
    Nik some_nik() {
        static const Nik niks[] = {nik_of(kNikA), nik_of(kNikB), nik_of(kNikC)};
        return niks[pick(0, 2)];
    }
    RequestId some_request(const StaffRig& rig) {
        const auto pending = rig.machine.pending_request();
        const int r = pick(0, 9);
        if (pending && r < 6) return *pending;
        if (pending && r < 8) return *pending - static_cast<RequestId>(pick(1, 3));
        return static_cast<RequestId>(pick(0, 200));
    }
    bool mostly() { return pick(0, 9) != 0; }
    std::vector<UncollectedCard> some_uncollected() {
        std::vector<UncollectedCard> items;
        for (int i = pick(0, 3); i > 0; --i) {
            const Nik nik = some_nik();
            items.push_back(UncollectedCard{nik, pick(1, 60), record_serial(nik), 1'790'000'000});
        }
        return items;
    }
    std::vector<BinCard> some_bin() {
        std::vector<BinCard> items;
        for (int i = pick(0, 3); i > 0; --i)
            items.push_back(BinCard{"KTP-" + std::to_string(pick(1, 9)),
                                    pick(0, 1) ? std::optional(some_nik()) : std::nullopt, "not_taken", 1'790'000'000});
        return items;
    }
    std::vector<OperatorCheck> some_checks() {
        std::vector<OperatorCheck> items;
        for (int i = pick(0, 3); i > 0; --i) {
            OperatorCheck c;
            c.entry_id = pick(1, 5);
            c.slot = pick(1, 60);
            c.nik = some_nik();
            c.journal_state = "presenting";
            c.reason = "bin counter unknown or reset: taken or captured cannot be told";
            items.push_back(c);
        }
        return items;
    }
    std::optional<AuthenticatedChip> some_chip() {
        if (one_in(5)) return std::nullopt;
        const Nik nik = some_nik();
        return AuthenticatedChip{nik, pick(0, 4) ? std::optional(record_serial(nik).value_or("KTP-B")) : std::nullopt};
    }

    std::optional<Event> guided_event(const StaffRig& rig, const Observed& seen) {
        const auto pending = rig.machine.pending_request();
        const RequestId p = pending.value_or(0);
        switch (rig.machine.waiting_for()) {
            case Wait::none: return input_event(rig);
            case Wait::lookup:
                if (one_in(8)) return StoreRequestFailed{p};
                return StaffLookedUp{p, mostly() ? std::optional(staff_budi()) : std::nullopt};
            case Wait::pin: {
                const PinOutcome outcome =
                    pick(0, 2) ? PinOutcome::accepted : kAllPinOutcomes[static_cast<std::size_t>(pick(0, 4))];
                return StaffPinChecked{p, outcome, pick(0, 3)};
            }
            case Wait::overview: return StaffOverview{p, figures()};
            case Wait::loading_ready: return LoadingReady{p, mostly()};
            case Wait::insert:
                return CardInserted{p, pick(0, 5) ? InsertOutcome::arrived : static_cast<InsertOutcome>(pick(0, 2))};
            case Wait::load_chip: return LoadChipRead{p, some_chip(), static_cast<ChipRefusal>(pick(0, 4))};
            case Wait::loadable:
                if (one_in(10)) return StoreRequestFailed{p};
                if (pick(0, 2)) return LoadChecked{p, pick(0, 12), std::nullopt};
                return LoadChecked{p, std::nullopt, kAllLoadRefusals[static_cast<std::size_t>(pick(0, 4))]};
            case Wait::load_intent:
            case Wait::load_stored:
            case Wait::load_done:
            case Wait::load_aborted:
                if (one_in(15)) return StoreRequestFailed{p};
                return LoadJournaled{p, mostly()};
            case Wait::store_move:
                return CardStoredInSlot{
                    p, pick(0, 4) ? StoreMoveOutcome::ok : static_cast<StoreMoveOutcome>(pick(0, 2)), mostly()};
            case Wait::return_to_mouth: return CardReturnedToMouth{p, static_cast<TakeOutcome>(pick(0, 2))};
            case Wait::stop_loading: return LoadingStopped{p};
            case Wait::capture: return CardCaptured{p, mostly() ? DispenserOutcome::ok : DispenserOutcome::jam};
            case Wait::slot_fault: return SlotFaultMarked{p, mostly()};
            case Wait::list_uncollected: return UncollectedListed{p, some_uncollected()};
            case Wait::return_intent:
            case Wait::step_fetched:
            case Wait::step_chip_verified:
            case Wait::step_presenting:
            case Wait::returned:
            case Wait::return_captured:
            case Wait::return_aborted:
                if (one_in(20)) return StoreRequestFailed{p};
                return ReturnJournaled{p, pick(0, 14) != 0};
            case Wait::fetch:
                return FetchedForReturn{p,
                                        pick(0, 5) ? DispenserOutcome::ok : static_cast<DispenserOutcome>(pick(0, 3))};
            case Wait::return_chip:
                if (seen.return_nik && pick(0, 3))
                    return ReturnChipRead{p, AuthenticatedChip{*seen.return_nik, record_serial(*seen.return_nik)}, {}};
                return ReturnChipRead{p, some_chip(), static_cast<ChipRefusal>(pick(0, 4))};
            case Wait::present:
                return CardPresentedToStaff{p, pick(0, 3) ? TakeOutcome::taken : static_cast<TakeOutcome>(pick(0, 2))};
            case Wait::list_bin: return BinListed{p, pick(0, 50), 50, some_bin()};
            case Wait::bin_reset: return BinCounterReset{p, mostly()};
            case Wait::bin_record: return BinEmptiedRecorded{p, mostly()};
            case Wait::list_checks: return ChecksListed{p, some_checks()};
            case Wait::resolve: return Resolved{p, mostly()};
            case Wait::set_service: return InServiceSet{p, mostly()};
            case Wait::self_test: return SelfTestDone{p, {DeviceTestResult{TestedDevice::dispenser, std::nullopt}}};
            case Wait::inventory_audit: return InventoryAudited{p, mostly(), pick(0, 3), pick(0, 3)};
        }
        return std::nullopt;
    }

    // What a person would do on the screen showing now.
    std::optional<Event> input_event(const StaffRig& rig) {
        switch (rig.machine.phase()) {
            case Phase::idle:
                return StaffCardPresented{AuthenticatedChip{
                    some_nik(), pick(0, 9) ? std::optional<std::string>("STAFF-0001") : std::nullopt}};
            case Phase::refused: return pick(0, 1) ? Event{StaffCardRemoved{}} : Event{Tick{}};
            case Phase::pin_entry:
                return pick(0, 5) ? Event{PinDigit{static_cast<char>('0' + pick(0, 9))}} : Event{PinSubmit{}};
            case Phase::menu:
                if (one_in(12)) return ExitPressed{};
                // Mostly the tasks that move cards: their properties are the ones that matter most.
                if (pick(0, 9) < 4) return TaskChosen{StaffTask::restock};
                if (pick(0, 5) < 2) return TaskChosen{StaffTask::take_back};
                return TaskChosen{kAllStaffTasks[static_cast<std::size_t>(pick(0, 4))]};
            case Phase::restock: return pick(0, 2) ? Event{BackPressed{}} : Event{LoadingDonePressed{}};
            case Phase::take_back: return pick(0, 2) ? Event{TakeBackPressed{}} : Event{BackPressed{}};
            case Phase::capture_bin: {
                const int r = pick(0, 2);
                return r == 0 ? Event{BinEmptiedPressed{}} : r == 1 ? Event{ConfirmPressed{}} : Event{BackPressed{}};
            }
            case Phase::operator_checks: {
                const int r = pick(0, 2);
                if (r == 0)
                    return ResolutionChosen{pick(1, 5), kAllCheckResolutions[static_cast<std::size_t>(pick(0, 2))]};
                return r == 1 ? Event{ConfirmPressed{}} : Event{BackPressed{}};
            }
            case Phase::service: {
                const int r = pick(0, 3);
                if (r == 0)
                    return ServiceChosen{pick(0, 1) == 1, kAllServiceReasons[static_cast<std::size_t>(pick(0, 3))]};
                if (r == 1) return SelfTestChosen{};
                if (r == 2) return InventoryAuditChosen{};
                return BackPressed{};
            }
            case Phase::looking_up:
            case Phase::verifying_pin: return std::nullopt;
        }
        return std::nullopt;
    }

    Event chaos(const StaffRig& rig) {
        const RequestId r = some_request(rig);
        switch (pick(0, 40)) {
            case 0: return StaffCardPresented{AuthenticatedChip{some_nik(), std::string("STAFF-0001")}};
            case 1: return StaffCardRemoved{};
            case 2: return ExitPressed{};
            case 3: return BackPressed{};
            case 4: return ConfirmPressed{};
            case 5: return MoreTime{};
            case 6: return LanguageSelected{pick(0, 1) ? Language::en : Language::id};
            case 7: return PinDigit{static_cast<char>('0' + pick(0, 9))};
            case 8: return PinSubmit{};
            case 9: return pick(0, 1) ? Event{PinBackspace{}} : Event{PinClear{}};
            case 10: return StaffLookedUp{r, staff_budi()};
            case 11: return StaffPinChecked{r, PinOutcome::accepted, 3};
            case 12: return StoreRequestFailed{r};
            case 13: return TaskChosen{kAllStaffTasks[static_cast<std::size_t>(pick(0, 4))]};
            case 14: return LoadingReady{r, true};
            case 15: return CardInserted{r, InsertOutcome::arrived};
            case 16: return LoadChipRead{r, some_chip(), ChipRefusal::forged};
            case 17: return LoadChecked{r, pick(1, 9), std::nullopt};
            case 18: return LoadJournaled{r, true};
            case 19: return CardStoredInSlot{r, StoreMoveOutcome::ok, true};
            case 20: return CardReturnedToMouth{r, static_cast<TakeOutcome>(pick(0, 2))};
            case 21: return CardCaptured{r, DispenserOutcome::ok};
            case 22: return SlotFaultMarked{r, true};
            case 23: return LoadingStopped{r};
            case 24: return UncollectedListed{r, some_uncollected()};
            case 25: return TakeBackPressed{};
            case 26: return ReturnJournaled{r, true};
            case 27: return FetchedForReturn{r, DispenserOutcome::ok};
            case 28: return ReturnChipRead{r, some_chip(), ChipRefusal::cloned};
            case 29: return CardPresentedToStaff{r, TakeOutcome::taken};
            case 30: return BinListed{r, 3, 50, some_bin()};
            case 31: return BinCounterReset{r, true};
            case 32: return ChecksListed{r, some_checks()};
            case 33: return Resolved{r, true};
            case 34: return SelfTestDone{r, {}};
            case 35: return InventoryAudited{r, true, 1, 1};
            case 36: return LoadingDonePressed{};
            default: return Tick{};
        }
    }

    std::mt19937 rng_;
};

// The longest a device command may go unanswered before the machine gives up on it.
std::optional<Millis> device_timeout(const Command& c, const StaffConfig& config) {
    if (std::holds_alternative<BeginLoading>(c)) return config.loading_ready_timeout;
    if (std::holds_alternative<AwaitInsertedCard>(c)) return config.insert_wait + config.answer_grace;
    if (std::holds_alternative<StopLoading>(c)) return config.stop_loading_timeout;
    if (std::holds_alternative<ReadChipForLoad>(c) || std::holds_alternative<ReadChipForReturn>(c))
        return config.chip_read_timeout;
    if (std::holds_alternative<StoreCardInSlot>(c)) return config.store_move_timeout;
    if (std::holds_alternative<ReturnCardToMouth>(c) || std::holds_alternative<PresentToStaff>(c))
        return config.take_timeout + config.answer_grace;
    if (std::holds_alternative<CaptureCard>(c)) return config.capture_timeout;
    if (std::holds_alternative<FetchForReturn>(c)) return config.fetch_timeout;
    if (std::holds_alternative<ResetBinCounter>(c)) return config.bin_reset_timeout;
    if (std::holds_alternative<RunSelfTest>(c)) return config.self_test_timeout;
    if (std::holds_alternative<AuditInventory>(c)) return config.inventory_audit_timeout;
    return std::nullopt;
}

RequestId request_of(const Event& e) {
    return std::visit(
        [](const auto& x) -> RequestId {
            if constexpr (requires { x.request; })
                return x.request;
            else
                return 0;
        },
        e);
}

template <class E>
std::size_t index_of() {
    return Event{E{}}.index();
}

// The event that answers a command, by its index in Event; nullopt for commands with no answer.
// (Only the commands whose answers the observer reads.)
std::optional<std::size_t> answer_index(const Command& c) {
    if (std::holds_alternative<BeginLoading>(c)) return index_of<LoadingReady>();
    if (std::holds_alternative<AwaitInsertedCard>(c)) return index_of<CardInserted>();
    if (std::holds_alternative<StopLoading>(c)) return index_of<LoadingStopped>();
    if (std::holds_alternative<ReadChipForLoad>(c)) return index_of<LoadChipRead>();
    if (std::holds_alternative<ReadChipForReturn>(c)) return index_of<ReturnChipRead>();
    if (std::holds_alternative<StoreCardInSlot>(c)) return index_of<CardStoredInSlot>();
    if (std::holds_alternative<ReturnCardToMouth>(c)) return index_of<CardReturnedToMouth>();
    if (std::holds_alternative<PresentToStaff>(c)) return index_of<CardPresentedToStaff>();
    if (std::holds_alternative<CaptureCard>(c)) return index_of<CardCaptured>();
    if (std::holds_alternative<FetchForReturn>(c)) return index_of<FetchedForReturn>();
    if (std::holds_alternative<ResetBinCounter>(c)) return index_of<BinCounterReset>();
    if (std::holds_alternative<RunSelfTest>(c)) return index_of<SelfTestDone>();
    if (std::holds_alternative<AuditInventory>(c)) return index_of<InventoryAudited>();
    if (std::holds_alternative<JournalLoadIntent>(c) || std::holds_alternative<JournalLoadStored>(c) ||
        std::holds_alternative<JournalLoadDone>(c) || std::holds_alternative<JournalLoadAborted>(c))
        return index_of<LoadJournaled>();
    if (std::holds_alternative<JournalReturnIntent>(c) || std::holds_alternative<JournalReturnStep>(c) ||
        std::holds_alternative<JournalReturned>(c) || std::holds_alternative<JournalReturnCaptured>(c) ||
        std::holds_alternative<JournalReturnAborted>(c))
        return index_of<ReturnJournaled>();
    return std::nullopt;
}
RequestId request_of(const Command& c) {
    return std::visit(
        [](const auto& x) -> RequestId {
            if constexpr (requires { x.request; })
                return x.request;
            else
                return 0;
        },
        c);
}

// The ok of an answer that has one.
std::optional<bool> ok_of(const Event& e) {
    if (const auto* a = std::get_if<LoadJournaled>(&e)) return a->ok;
    if (const auto* a = std::get_if<ReturnJournaled>(&e)) return a->ok;
    if (std::holds_alternative<StoreRequestFailed>(e)) return false;
    return std::nullopt;
}

void observe(const Event& e, const Commands& out, const StaffRig& rig, Observed& seen, bool was_idle) {
    const RequestId answered = request_of(e);
    // ---- what the answer said (only the first answer to a request counts)
    const auto expected = seen.answer_kind.find(answered);
    const bool right_kind = expected != seen.answer_kind.end() &&
                            (expected->second == e.index() || std::holds_alternative<StoreRequestFailed>(e));
    if (answered != 0 && right_kind) {
        if (const auto ok = ok_of(e)) seen.first_answer.try_emplace(answered, *ok);
        // The inventory audit is answered by the store, so a store failure ends it too.
        if (expected->second == e.index() || expected->second == index_of<InventoryAudited>())
            seen.device_until.erase(answered);
        if (const auto* chip = std::get_if<ReturnChipRead>(&e); chip && seen.chip_request == answered) {
            seen.chip_matches =
                chip->chip && seen.return_nik && chip->chip->nik == *seen.return_nik &&
                (!record_serial(*seen.return_nik) || chip->chip->card_serial == record_serial(*seen.return_nik));
            seen.chip_request.reset();
        }
        if (const auto* ready = std::get_if<LoadingReady>(&e); ready && seen.begin_request == answered) {
            if (!ready->ok) seen.mouth_maybe_open = false;  // it never opened
            seen.begin_request.reset();
        }
        if (const auto* inserted = std::get_if<CardInserted>(&e); inserted && seen.insert_request == answered) {
            if (inserted->outcome != InsertOutcome::none) seen.card_unsettled = true;
            seen.insert_request.reset();
        }
    }
    if (was_idle && std::holds_alternative<StaffCardPresented>(e) && rig.machine.phase() != Phase::idle) ++seen.visits;

    // ---- what the machine did
    for (const Command& c : out) {
        if (const auto kind = answer_index(c)) seen.answer_kind[request_of(c)] = *kind;
        if (const auto t = device_timeout(c, rig.config)) seen.device_until[request_of(c)] = rig.now + *t;
        if (const auto* intent = std::get_if<JournalLoadIntent>(&c)) {
            seen.intent_slot[intent->request] = intent->slot;
            seen.last_intent = intent->request;
        }
        if (const auto* store = std::get_if<StoreCardInSlot>(&c)) {
            // THE restock property: the intent naming this card and slot was confirmed, once.
            REQUIRE(seen.last_intent.has_value());
            REQUIRE(seen.first_answer.count(*seen.last_intent) == 1);
            REQUIRE(seen.first_answer.at(*seen.last_intent));
            REQUIRE(seen.intent_slot.at(*seen.last_intent) == store->slot);
            REQUIRE(seen.stored_intents.insert(*seen.last_intent).second);
        }
        if (const auto* stored = std::get_if<JournalLoadStored>(&c)) {
            REQUIRE(seen.stored_intents.count(stored->load) == 1);
            seen.stored_step_of[stored->request] = stored->load;
        }
        if (const auto* done = std::get_if<JournalLoadDone>(&c)) {
            bool stored_confirmed = false;
            for (const auto& [request, load] : seen.stored_step_of)
                if (load == done->load && seen.first_answer.count(request) && seen.first_answer.at(request))
                    stored_confirmed = true;
            REQUIRE(stored_confirmed);
        }
        if (const auto* intent = std::get_if<JournalReturnIntent>(&c)) {
            seen.last_return = intent->request;
            seen.return_nik = intent->nik;
            seen.chip_matches = false;
        }
        if (const auto* step = std::get_if<JournalReturnStep>(&c)) {
            REQUIRE(seen.last_return == step->ret);
            seen.return_steps[step->ret].push_back(step->request);
            if (step->step == PickupStep::chip_verified) REQUIRE(seen.chip_matches);
        }
        if (const auto* read = std::get_if<ReadChipForReturn>(&c)) seen.chip_request = read->request;
        if (std::holds_alternative<PresentToStaff>(c)) {
            // THE take-back property: intent and every step confirmed, and the record's own card.
            REQUIRE(seen.last_return.has_value());
            REQUIRE(seen.first_answer.count(*seen.last_return) == 1);
            REQUIRE(seen.first_answer.at(*seen.last_return));
            const auto& steps = seen.return_steps[*seen.last_return];
            REQUIRE(steps.size() == 3);
            for (RequestId s : steps) {
                REQUIRE(seen.first_answer.count(s) == 1);
                REQUIRE(seen.first_answer.at(s));
            }
            REQUIRE(seen.chip_matches);
        }
        if (const auto* begin = std::get_if<BeginLoading>(&c)) {
            seen.mouth_maybe_open = true;
            seen.begin_request = begin->request;
        }
        if (std::holds_alternative<StopLoading>(c)) seen.mouth_maybe_open = false;
        if (const auto* await = std::get_if<AwaitInsertedCard>(&c)) seen.insert_request = await->request;
        if (std::holds_alternative<StoreCardInSlot>(c) || std::holds_alternative<ReturnCardToMouth>(c) ||
            std::holds_alternative<CaptureCard>(c)) {
            seen.card_unsettled = false;
        }
        if (const auto* a = std::get_if<AuditStaff>(&c)) {
            if (a->action == StaffAction::login) ++seen.logins;
            if (a->action == StaffAction::logout) ++seen.logouts;
        }
        if (std::holds_alternative<EndStaffMode>(c)) {
            // Never in the middle of a card movement.
            for (const auto& [request, until] : seen.device_until) {
                CAPTURE(request);
                REQUIRE(rig.now >= until);
            }
            REQUIRE_FALSE(seen.mouth_maybe_open);
            REQUIRE_FALSE(seen.card_unsettled);
            seen.device_until.clear();
            seen.insert_request.reset();
            seen.begin_request.reset();
            ++seen.ends;
            REQUIRE(seen.logins == seen.logouts);
        }
    }
}

void check_view(const StaffRig& rig) {
    const StaffView v = rig.view();
    for (const std::string& s : strings_of(v)) {
        CAPTURE(s);
        REQUIRE(longest_digit_run(s) < 16);
    }
    if (const auto* pin = std::get_if<PinEntryScreen>(&v.screen)) {
        REQUIRE(pin->digit_count <= static_cast<std::size_t>(rig.config.pin_max_digits));
    }
    REQUIRE(v.signed_in.has_value() == (rig.machine.phase() >= Phase::menu));
    if (rig.machine.phase() == Phase::idle)
        REQUIRE(v == StaffView{NotInStaffMode{}, rig.config.default_language, std::nullopt, std::nullopt, false, false,
                               false});
}

}  // namespace

TEST_CASE("longest_digit_run sees a NIK however it is grouped, and not a masked one") {
    CHECK(longest_digit_run(std::string(kNikA)) == 16);
    CHECK(longest_digit_run(nik_of(kNikA).grouped()) == 16);
    CHECK(longest_digit_run(nik_of(kNikA).masked()) == 4);
    CHECK(longest_digit_run(nik_of(kNikA).masked_ascii()) == 4);
}

TEST_CASE("random event sequences keep every safety property and always come back to rest") {
    constexpr int kRuns = 1500;
    constexpr int kEventsPerRun = 400;
    int stored = 0, done = 0, presented = 0, returned = 0, ended = 0, bins_emptied = 0, resolved = 0;
    for (std::uint32_t seed = 1; seed <= kRuns; ++seed) {
        CAPTURE(seed);
        RandomDriver driver(seed);
        StaffRig rig;
        Observed seen;
        for (int i = 0; i < kEventsPerRun; ++i) {
            rig.now += driver.time_step();
            const Event e = driver.next(rig, seen);
            const bool was_idle = rig.machine.phase() == Phase::idle;
            const Commands out = rig.send(e);
            observe(e, out, rig, seen, was_idle);
            check_view(rig);
            stored += count_commands<StoreCardInSlot>(out);
            done += count_commands<JournalLoadDone>(out);
            presented += count_commands<PresentToStaff>(out);
            returned += count_commands<JournalReturned>(out);
            bins_emptied += count_commands<RecordBinEmptied>(out);
            resolved += count_commands<Resolve>(out);
        }
        // Nobody does anything any more: time alone brings the machine to rest, within a bound.
        for (int i = 0; i < 30 && rig.machine.phase() != Phase::idle; ++i) {
            rig.advance(30s);
            observe(Tick{}, rig.last, rig, seen, false);
        }
        REQUIRE(rig.machine.phase() == Phase::idle);
        REQUIRE_FALSE(rig.machine.pending_request().has_value());
        REQUIRE(seen.ends == seen.visits);
        REQUIRE(seen.logins == seen.logouts);
        ended += seen.ends;
    }
    MESSAGE("stored " << stored << ", loads done " << done << ", presented " << presented << ", returned " << returned
                      << ", visits ended " << ended << ", bins emptied " << bins_emptied << ", resolved " << resolved);
    // The generator must reach the interesting states, or the properties prove nothing.
    CHECK(stored > 2000);
    CHECK(done > 1000);
    CHECK(presented > 500);
    CHECK(returned > 300);
    CHECK(bins_emptied > 100);
    CHECK(resolved > 100);
}
