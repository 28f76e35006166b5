// SessionMachine: the resident's flow at the kiosk as a pure state machine. Events in (with the time
// they happened); commands out (for the application's devices and store); view() says what to show.
// No I/O, no clock reads, no threads: the application owns all of those and feeds results back.
//
//                 StartPressed / digit / tap          (any in-service phase; the fingerprint sensor
//   OUT_OF_SERVICE <------------------------------->  down or maintenance mode takes effect at once
//        ^  health back up -> ATTRACT                  before a match, at session end after one)
//        |
//   ATTRACT --start/digit--> IDENTIFY --submit (16 digits; 2nd submit past a warning)--+
//        ^                    |  ^  tap: authenticated NIK ---------------------------+|
//        |                    |  |  tap refused -> stays, says why                     ||
//        |                    |  +--Back-- LOOKING_UP <--(NIK locked? -> MESSAGE)------+|
//        |                    |              | RecordLookedUp (found or not: same path) |
//        |                    |              v                                         |
//        |                    +--Back-- FINGERPRINT <---+ no_match / no_finger / poor:  |
//        |                              |   |           | next try while tries remain  |
//        |                              |   +-----------+                              |
//        |          tries used up / lock engaged / sensor error -> MESSAGE             |
//        |                              | matched (and a record exists)                |
//        |                              v                                              |
//        |                           STATUS --PickupPressed (IN_KIOSK, dispenser up)-->+
//        |                              |                                               |
//        |                              |  PICKUP: journal intent -> fetch slot -> read chip
//        |                              |   chip is the resident's -> every journal step confirmed
//        |                              |     -> present -> taken -> MESSAGE
//        |                              |   not taken / mismatch / refused / fault / silence /
//        |                              |   a journal step failed -> capture -> MESSAGE (counter);
//        |                              |     AlertOperator
//        |                              v
//        +----- WipeSession ------- MESSAGE (timed) / Cancel / idle timeout anywhere but PICKUP
//
// Invariants (tested by a seeded random-event property test):
// - No enumeration oracle: before a match, views for a known and an unknown NIK are identical (the
//   finger is captured against an empty template list for an unknown NIK; tries and locks count the
//   same; the lock check happens before the lookup).
// - PresentCard is only emitted after a fingerprint match AND a chip at the read position that
//   authenticated with the resident's NIK (and the record's card serial, when known) AND the store's
//   confirmation of every journal step of the pickup (a card never moves past a failed write).
// - Every waiting phase has a deadline; a missing answer or a device error leads to a message and
//   back to ATTRACT, so the machine never waits forever. Answers carry the RequestId they answer;
//   any other id is stale and ignored.
// - The idle timer never ends PICKUP: once the dispenser moves a card, only the pickup's own step
//   deadlines apply, and every failure ends with the card captured or still in its slot.
//
// A card that fails the chip check at the read position is captured, not returned to its slot: its
// chip disagrees with the slot's record (misfiled, swapped or tampered), so putting it back would
// hand the same wrong card to the next resident the store assigns to that slot. The capture bin takes
// it out of circulation for staff to inspect; AlertOperator says why and which slot.
//
// Time: a `now` earlier than one already seen is treated as the one already seen (the wall clock may
// be set back; timers never run backwards).
#pragma once

#include "kiosk/core/session/keypad_entry.hpp"
#include "kiosk/core/session/nik_lock_book.hpp"
#include "kiosk/core/session/session_commands.hpp"
#include "kiosk/core/session/session_config.hpp"
#include "kiosk/core/session/session_events.hpp"
#include "kiosk/core/session/session_view.hpp"

#include <optional>
#include <vector>

namespace kiosk::core::session {

// The devices' state when the machine starts: each the fault while it is down, nullopt while it is up
// (as DeviceHealth::fault).
struct DeviceHealthSnapshot {
    std::optional<DeviceFault> card_reader;
    std::optional<DeviceFault> fingerprint;
    std::optional<DeviceFault> dispenser;
    bool maintenance = false;
    std::optional<StoreFault> store = std::nullopt;  // the store's fault at start (StoreHealth::fault)
};

enum class Phase { out_of_service, attract, identify, looking_up, fingerprint, status, pickup, message };
// journal: the intent's confirmation; journal_presenting: the confirmation of every step written
// since the fetch, the `presenting` one last, before PresentCard.
enum class PickupWait { journal, fetch, chip, journal_presenting, take, capture };

class SessionMachine {
public:
    // `persisted_locks`: the lock book as the application last saved it (lock_book().entries()); the
    // book applies config.lock.
    SessionMachine(SessionConfig config, DeviceHealthSnapshot health, Instant now,
                   const std::vector<NikLockBook::Entry>& persisted_locks = {});

    // Handles one event that happened at `now`, then fires any deadline reached by `now`.
    Commands handle(Instant now, const Event& event);

    // New limits (a live configuration change), between sessions only: in attract or out of service,
    // where no session deadline runs (VERIFY). The lock book keeps the policy it was built with, as
    // its counts were made under it. The attract screen takes the new default language unless a
    // resident already chose another one there.
    void reconfigure(const SessionConfig& config);

    [[nodiscard]] SessionView view() const;
    [[nodiscard]] Phase phase() const { return phase_; }
    [[nodiscard]] Language language() const { return language_; }
    [[nodiscard]] const NikLockBook& lock_book() const { return lock_book_; }
    // The request the machine waits on, if any (for diagnostics and tests).
    [[nodiscard]] std::optional<RequestId> pending_request() const { return pending_; }

private:
    // Everything about the current resident; reset as a whole when the session ends.
    struct SessionData {
        KeypadEntry keypad;
        bool too_short = false;
        bool confirm_needed = false;
        std::optional<ChipRefusal> tap_refused;
        std::optional<Nik> nik;
        std::optional<Record> record;  // held back from every view until `matched`
        bool matched = false;
        int tries_used = 0;
        FingerStage stage = FingerStage::preparing;
        std::optional<FingerOutcome> last_attempt;
        PickupWait pickup_wait = PickupWait::journal;
        RequestId pickup = 0;         // the intent's request: names this pickup's journal writes
        bool journal_failed = false;  // a journal write of this pickup failed: never present the card
        Instant take_until{};
        CaptureReason capture_reason = CaptureReason::not_taken;
        MessageKind message = MessageKind::go_to_counter;
    };

    // event handlers
    void on(const Tick&, Commands&) {}
    void on(const StartPressed&, Commands&);
    void on(const LanguageSelected&, Commands&);
    void on(const KeypadDigit&, Commands&);
    void on(const KeypadBackspace&, Commands&);
    void on(const KeypadClear&, Commands&);
    void on(const KeypadSubmit&, Commands&);
    void on(const MoreTime&, Commands&);
    void on(const Back&, Commands&);
    void on(const Cancel&, Commands&);
    void on(const PickupPressed&, Commands&);
    void on(const CardTapped&, Commands&);
    void on(const RecordLookedUp&, Commands&);
    void on(const LookupFailed&, Commands&);
    void on(const PickupIntentJournaled&, Commands&);
    void on(const PickupStepJournaled&, Commands&);
    void on(const FingerprintProgress&, Commands&);
    void on(const FingerprintResult&, Commands&);
    void on(const SlotFetched&, Commands&);
    void on(const CardPresentResult&, Commands&);
    void on(const CardCaptured&, Commands&);
    void on(const ChipReadAtReadPosition&, Commands&);
    void on(const DeviceHealth&, Commands&);
    void on(const MaintenanceMode&, Commands&);
    void on(const StoreHealth&, Commands&);

    // transitions
    void begin_session();
    void submit_nik(const Nik& nik, Commands& out);
    void start_finger_attempt(Commands& out);
    void finger_attempt_failed(FingerOutcome outcome, Commands& out);
    void start_capture(CaptureReason reason, Commands& out);
    // The request id of a journal write of this pickup (a step, or the closing) whose answer counts.
    RequestId expect_journal_write(bool is_step);
    void present_if_journaled(Commands& out);
    void alert_journal_failed(RequestId pickup, int slot, Commands& out);
    void end_with(MessageKind kind);
    void end_session(Commands& out);
    void leave_for_out_of_service_if_needed(Commands& out);
    void check_timers(Commands& out);
    void pickup_deadline_passed(Commands& out);
    void wait_for(RequestId request, Millis timeout);
    RequestId next_request() { return next_request_++; }
    void touch() { last_activity_ = now_; }

    [[nodiscard]] bool in_service() const { return !maintenance_ && !fingerprint_down_ && !store_down_; }
    [[nodiscard]] bool idle_tracked() const;
    [[nodiscard]] bool awaiting(RequestId request) const { return pending_ && *pending_ == request; }
    [[nodiscard]] CivilDate today() const;
    [[nodiscard]] int slot() const;
    [[nodiscard]] Screen screen() const;

    SessionConfig config_;
    NikLockBook lock_book_;
    std::optional<DeviceFault> card_reader_down_;
    std::optional<DeviceFault> fingerprint_down_;
    std::optional<DeviceFault> dispenser_down_;
    bool maintenance_ = false;
    std::optional<StoreFault> store_down_;

    Phase phase_ = Phase::attract;
    Language language_;
    SessionData session_;
    Instant now_;
    Instant last_activity_;
    Instant message_until_{};
    std::optional<RequestId> pending_;
    std::optional<Instant> deadline_;
    RequestId next_request_ = 1;

    // Journal writes sent and not yet answered (PickupStepJournaled). Kept across the session's end:
    // a closing (done, captured, aborted) is answered after the resident's message already shows,
    // and its failure must still reach an operator. The application answers each; should it not,
    // the list keeps only the newest kMaxUnconfirmedJournalWrites (an older answer is then stale).
    struct JournalWrite {
        RequestId request = 0;
        RequestId pickup = 0;
        int slot = 0;
        bool is_step = false;  // fetched / chip_verified / presenting; else a closing
    };
    static constexpr std::size_t kMaxUnconfirmedJournalWrites = 16;
    std::vector<JournalWrite> unconfirmed_;
    RequestId journal_alerted_for_ = 0;  // the pickup whose journal failure was last alerted (one alert each)
};

}  // namespace kiosk::core::session
