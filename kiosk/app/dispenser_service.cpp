#include "kiosk/app/dispenser_service.hpp"

#include "kiosk/core/slot_number.hpp"
#include "kiosk/log/log.hpp"

namespace kiosk::app {

namespace session = core::session;
using dispenser::DispenserErrorKind;

namespace {

session::DispenserOutcome outcome_of(const dispenser::DispenserError& error) {
    switch (error.kind) {
        case DispenserErrorKind::slot_empty: return session::DispenserOutcome::slot_empty;
        case DispenserErrorKind::jam: return session::DispenserOutcome::jam;
        default: return session::DispenserOutcome::fault;
    }
}

bool link_lost(const dispenser::DispenserError& error) {
    return error.kind == DispenserErrorKind::not_answering || error.kind == DispenserErrorKind::garbled_reply ||
           error.kind == DispenserErrorKind::link_failed;
}

mgmt::MagazineReading magazine_of(const std::vector<bool>& occupied) {
    std::int64_t cards = 0;
    for (const bool card : occupied) cards += card ? 1 : 0;
    return {cards, static_cast<std::int64_t>(occupied.size())};
}

void log_error(const char* event, const dispenser::DispenserError& error) {
    log::warn(event, {log::kv("kind", dispenser::to_string(error.kind)), log::kv("where", error.where),
                      log::kv("reason", error.what)});
}

}  // namespace

DispenserService::DispenserService(SessionInbox& inbox, const DispenserSection& config, serial::PortSpec port_spec,
                                   JournalSettlement& journal, Reconcile reconcile, SteadyClock& clock)
    : inbox_(inbox),
      config_(config),
      port_spec_(std::move(port_spec)),
      clock_(clock),
      journal_(journal),
      reconcile_(std::move(reconcile)),
      health_(inbox, session::Device::dispenser, InitialReport::none) {
    journal_.on_unsettled([this] { journal_unsettled(); });
}

void DispenserService::publish(const std::function<void(mgmt::DispenserReading&)>& change) {
    const std::lock_guard lock(reading_mutex_);
    change(reading_);
}

mgmt::DispenserReading DispenserService::reading() const {
    const std::lock_guard lock(reading_mutex_);
    return reading_;
}

std::int64_t DispenserService::bin_counter() const {
    const std::lock_guard lock(reading_mutex_);
    return reading_.bin ? reading_.bin->count : -1;
}

void DispenserService::read_bin_counter() {
    if (!device_) return;
    auto counter = device_->bin_counter();
    publish([&](mgmt::DispenserReading& reading) {
        if (!counter) reading.bin.reset();
        else reading.bin = mgmt::CaptureBinReading{*counter, reading.bin && reading.bin->full};
    });
}

void DispenserService::read_inventory_and_firmware() {
    // Neither is needed to serve: a failed read leaves the reading unknown (the health check warns).
    auto inventory = device_->inventory();
    if (inventory) occupied_ = inventory->occupied;
    else log_error("dispenser.inventory_failed", inventory.error());
    auto firmware = device_->firmware_version();
    publish([&](mgmt::DispenserReading& reading) {
        if (inventory) reading.magazine = magazine_of(occupied_);
        else reading.magazine.reset();
        if (firmware) reading.firmware = *firmware;
    });
}

void DispenserService::publish_magazine() {
    publish([&](mgmt::DispenserReading& reading) { reading.magazine = magazine_of(occupied_); });
}

void DispenserService::note_fetched(int slot) {
    const auto position = static_cast<std::size_t>(core::device_position(slot));
    if (position >= occupied_.size() || !occupied_[position]) return;
    occupied_[position] = false;
    publish_magazine();
}

DispenserService::~DispenserService() {
    stop();  // first: the worker's own jobs unsettle too
    journal_.on_unsettled({});
}

void DispenserService::stop() { worker_.stop(); }

void DispenserService::note_failure(const dispenser::DispenserError& error) {
    if (error.kind == DispenserErrorKind::interrupted) {
        park_card();  // the kiosk is stopping; the device is as sound as before
        return;
    }
    log_error("dispenser.failed", error);
    if (link_lost(error)) {
        device_.reset();
        health_.report_down(error.kind == DispenserErrorKind::link_failed ? session::DeviceFault::disconnected
                                                                            : session::DeviceFault::not_responding);
    } else if (error.kind == DispenserErrorKind::bin_full) {
        health_.report_down(session::DeviceFault::capture_bin_full);
        publish([](mgmt::DispenserReading& reading) {
            if (reading.bin) reading.bin->full = true;
        });
    }
}

// The kiosk is stopping and cut a command short. No card may stay where a person can take it while
// no session watches the mouth: once the card path is at rest, a card at the mouth is drawn back and
// held there (32 30, not takeable); a card at the read position stays where it is. Nothing is
// journaled here: the pickup's journal already says how far it got (`presenting` is written before
// the card is presented, `fetched` once it is at the read position), and start-up reconciliation
// finds the card in the path and captures it (core/pickup_reconciliation.hpp). The park's own waits
// are not interrupted; the driver's deadlines bound them: the device's own worst case (a move still
// under way, then the hold, 5 s each) is 10 s, every deadline running out about 17 s, both inside
// the unit's TimeoutStopSec (20 s). Failing, it is logged for the operator: the process is ending,
// and reconciliation reads the sensors anyway.
void DispenserService::park_card() {
    if (parked_ || !device_) return;
    parked_ = true;
    device_->interrupt_on({});
    auto sensors = device_->sensors_at_rest(device_->settings().move_reply_timeout_ms);
    if (sensors && sensors->mouth) {
        if (auto held = device_->hold_at_mouth(); !held) sensors = fail(held.error());
    }
    // The rest of the command ends at once: a stopped token, and no further bytes on the line.
    device_->interrupt_on(worker_.stop_token());
    if (!sensors) {
        log_error("dispenser.park_failed", sensors.error());
        return;
    }
    const char* card = sensors->mouth ? "held_at_mouth" : sensors->read_position ? "read_position" : "none";
    log::info("dispenser.parked", {log::kv("card", card)});
}

bool DispenserService::ensure_open() {
    if (device_) return true;
    serial::LinkSettings link_settings;
    link_settings.baud = config_.baud;
    dispenser::DispenserSettings settings;
    settings.address = static_cast<std::uint8_t>(config_.address);
    settings.query_reply_timeout_ms = config_.reply_timeout_ms;
    auto opened = dispenser::Dispenser::open(port_spec_, link_settings, settings, clock_);
    if (!opened) {
        log_error("dispenser.open_failed", opened.error());
        health_.report_down(session::DeviceFault::disconnected);
        return false;
    }
    device_ = std::move(opened.value());
    device_->interrupt_on(worker_.stop_token());  // stop() cuts every wait short
    if (auto init = device_->initialize(dispenser::InitializeMode::keep_card); !init) {
        note_failure(init.error());
        if (!device_) return false;
    }
    if (!report_readiness()) return device_ != nullptr;
    // After the report: a long inventory (a large magazine at 9600 baud) must not hold it back.
    read_inventory_and_firmware();
    return true;
}

bool DispenserService::report_readiness() {
    auto status = device_->status();
    if (!status) {
        note_failure(status.error());
        return false;
    }
    reconcile_if_due();
    read_bin_counter();
    publish([full = status->bin_full](mgmt::DispenserReading& reading) {
        if (reading.bin) reading.bin->full = full;
    });
    report_state(status->bin_full);
    return true;
}

void DispenserService::reconcile_if_due() {
    if (card_out_) return;
    const auto attempt = journal_.begin_attempt();
    if (!attempt) return;
    const Status reconciled = reconcile_ ? reconcile_(*device_) : Status{};
    if (reconciled) {
        journal_.succeeded(*attempt);
    } else {
        // Reported upward as the dispenser's fault (report_state); tried again after the backoff.
        log::error("dispenser.reconciliation_failed", {log::kv("reason", reconciled.error().to_string())});
        journal_.failed();
    }
}

void DispenserService::report_state(bool bin_full) {
    const std::lock_guard lock(health_mutex_);
    // A full bin first: it is what staff must act on, and while it lasts a capture reconciliation
    // needs cannot run either (the journal settles on the retry after the bin was emptied).
    if (bin_full)
        health_.report_down(session::DeviceFault::capture_bin_full);
    else if (!journal_.settled())
        health_.report_down(session::DeviceFault::journal_unreconciled);
    else
        health_.report_up();
}

void DispenserService::journal_unsettled() {
    // The settlement changed before this runs: a report_state() that saw it settled has reported
    // already (it holds the lock), and this down follows its up.
    const std::lock_guard lock(health_mutex_);
    health_.report_down(session::DeviceFault::journal_unreconciled);
}

void DispenserService::connect() {
    worker_.post([this] {
        if (device_ && !journal_.settled())
            (void)report_readiness();  // open, held down by its journal
        else
            (void)ensure_open();
    });
}

session::DispenserOutcome DispenserService::fetch_card(int slot) {
    if (!ensure_open()) return session::DispenserOutcome::fault;
    card_out_ = true;  // until its capture, or its present ends taken
    auto fetched = device_->fetch(core::device_position(slot));
    if (fetched) {
        note_fetched(slot);
        return session::DispenserOutcome::ok;
    }
    const auto outcome = outcome_of(fetched.error());
    card_out_ = outcome != session::DispenserOutcome::slot_empty;  // empty: nothing left
    note_failure(fetched.error());
    return outcome;
}

session::DispenserOutcome DispenserService::capture_card() {
    session::DispenserOutcome outcome = session::DispenserOutcome::fault;
    if (ensure_open()) {
        if (auto captured = device_->capture(); captured) outcome = session::DispenserOutcome::ok;
        else {
            outcome = outcome_of(captured.error());
            note_failure(captured.error());
        }
        read_bin_counter();
    }
    // Captured or not, the card's owner is done with it. A failed capture is not journaled (the
    // entry stays open, the card where the sensors say): the journal needs reconciling.
    card_out_ = false;
    if (outcome != session::DispenserOutcome::ok) journal_.unsettle();
    return outcome;
}

void DispenserService::fetch(session::RequestId request, int slot) {
    worker_.post([this, request, slot] { inbox_.deliver(session::SlotFetched{request, fetch_card(slot)}); });
}

void DispenserService::present(session::RequestId request, session::Millis take_timeout) {
    worker_.post([this, request, take_timeout] {
        session::CardPresentResult answer{request, session::TakeOutcome::fault};
        if (ensure_open()) {
            auto presented = device_->present_and_wait(static_cast<int>(take_timeout.count()));
            if (!presented) note_failure(presented.error());
            else if (*presented == dispenser::PresentOutcome::taken) answer.outcome = session::TakeOutcome::taken;
            else answer.outcome = session::TakeOutcome::not_taken;
            if (answer.outcome == session::TakeOutcome::taken) card_out_ = false;  // in the resident's hand
        }
        inbox_.deliver(answer);
    });
}

void DispenserService::capture(session::RequestId request) {
    worker_.post([this, request] { inbox_.deliver(session::CardCaptured{request, capture_card()}); });
}

}  // namespace kiosk::app
