// CardService over scripted readers and a test clock: the front reader's comings and goings are the
// card reader's health, a card placed on the front reader becomes CardTapped (the dispenser's reader
// taps nothing), the read position's chip answers the command's request id, "no card yet" is
// retried every 200 ms of (simulated) time up to the deadline and no further, and an unreadable card
// drops the PC/SC connection so the next read starts afresh.
#include "kiosk/app/card_service.hpp"
#include "tests/kiosk/app/counted_inbox.hpp"
#include "tests/kiosk/app/inbox_probe.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <deque>
#include <mutex>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::app;
using namespace std::chrono_literals;
namespace session = kiosk::core::session;
using cardreader::ReaderEventKind;

namespace {

constexpr const char* kFront = "Virtual PCD 00 00";
constexpr const char* kReadPosition = "Virtual PCD 00 01";
constexpr const char* kNik = "3171014101900001";  // synthetic
constexpr int kReadTimeoutMs = 1000;

using Read = Result<cardreader::KtpCard, cardreader::CardRefused>;

Read card(const std::string& nik, const std::string& serial = "KTP-000123") {
    cardreader::KtpCard out;
    out.biodata.nik = nik;
    out.biodata.serial = serial;
    return out;
}

Read staff_card(const std::string& nik, const std::string& serial = "STAFF-0001") {
    auto out = card(nik, serial);
    out->biodata.role = cardreader::CardRole::staff;
    return out;
}

Read refused(cardreader::Refusal reason) { return fail(cardreader::CardRefused{reason, "scripted"}); }

// The PC/SC side as a script: reads answer from a queue; the test raises the reader events itself.
class ScriptedReaders final : public CardReaders {
public:
    void watch(Callback callback) override { callback_ = std::move(callback); }
    void stop_watching() override { callback_ = nullptr; }

    bool connect() override {
        const std::lock_guard lock(mutex_);
        if (!reachable_) return false;
        if (!connected_) ++connections_;
        connected_ = true;
        return true;
    }
    Read read(const std::string& reader, const cardreader::ReadOptions& options) override {
        const std::lock_guard lock(mutex_);
        read_from_.push_back(reader);
        deadlines_ms_.push_back(options.deadline_ms);
        if (!connected_ || reads_.empty()) {
            script_broken_ = true;  // asserted by the test thread
            return refused(cardreader::Refusal::unreadable);
        }
        Read next = reads_.front();
        reads_.pop_front();
        return next;
    }
    cardreader::PinResult verify_pin(const std::string& reader, std::string_view pin) override {
        const std::lock_guard lock(mutex_);
        pins_at_.push_back(reader);
        pins_.emplace_back(pin);
        if (!connected_ || pin_results_.empty()) {
            script_broken_ = true;
            return {cardreader::PinOutcome::unreadable, -1};
        }
        const auto next = pin_results_.front();
        pin_results_.pop_front();
        return next;
    }
    void disconnect() override {
        const std::lock_guard lock(mutex_);
        connected_ = false;
    }
    void script_pin(cardreader::PinResult result) {
        const std::lock_guard lock(mutex_);
        pin_results_.push_back(result);
    }
    std::vector<std::string> pins_at() {
        const std::lock_guard lock(mutex_);
        return pins_at_;
    }
    std::vector<std::string> pins() {
        const std::lock_guard lock(mutex_);
        return pins_;
    }

    // The test's side.
    void emit(ReaderEventKind kind, const std::string& reader = "") {
        REQUIRE(callback_);
        callback_(cardreader::ReaderEvent{kind, reader, {}, {}});
    }
    void script(Read next) {
        const std::lock_guard lock(mutex_);
        reads_.push_back(std::move(next));
    }
    void set_reachable(bool reachable) {
        const std::lock_guard lock(mutex_);
        reachable_ = reachable;
    }
    std::vector<std::string> read_from() {
        const std::lock_guard lock(mutex_);
        return read_from_;
    }
    std::vector<int> deadlines_ms() {
        const std::lock_guard lock(mutex_);
        return deadlines_ms_;
    }
    int connections() {
        const std::lock_guard lock(mutex_);
        return connections_;
    }
    bool script_broken() {
        const std::lock_guard lock(mutex_);
        return script_broken_;
    }

private:
    Callback callback_;
    std::mutex mutex_;
    std::deque<Read> reads_;
    std::deque<cardreader::PinResult> pin_results_;
    std::vector<std::string> pins_at_;
    std::vector<std::string> pins_;
    std::vector<std::string> read_from_;
    std::vector<int> deadlines_ms_;
    bool reachable_ = true;
    bool connected_ = false;
    int connections_ = 0;
    bool script_broken_ = false;
};

struct Rig {
    app::test::InboxProbe probe;
    app::test::StaffInboxProbe staff;
    kiosk::test::TestSteadyClock clock;
    ScriptedReaders* readers = nullptr;  // owned by service
    std::unique_ptr<CardService> service;

    Rig() {
        auto scripted = std::make_unique<ScriptedReaders>();
        readers = scripted.get();
        service = std::make_unique<CardService>(probe.inbox(), std::move(scripted),
                                                cardreader::ReaderRoles{kFront, kReadPosition}, kReadTimeoutMs, clock);
        service->set_staff_inbox(&staff.inbox());
        service->start();
    }
    ~Rig() {
        service->stop();
        CHECK_FALSE(readers->script_broken());
    }
};

}  // namespace

TEST_CASE("the front reader's presence is the card reader's health; other readers are not") {
    Rig rig;
    CHECK_FALSE(rig.service->front_up());
    // The machine starts with the reader down: a removal or pcscd's loss before it came is not news.
    rig.readers->emit(ReaderEventKind::service_up);
    rig.readers->emit(ReaderEventKind::reader_removed, kFront);
    rig.readers->emit(ReaderEventKind::reader_added, kReadPosition);
    CHECK(rig.probe.all<session::DeviceHealth>().empty());

    rig.readers->emit(ReaderEventKind::reader_added, kFront);
    CHECK(rig.service->front_up());
    rig.readers->emit(ReaderEventKind::reader_removed, kReadPosition);
    rig.readers->emit(ReaderEventKind::reader_removed, kFront);
    CHECK_FALSE(rig.service->front_up());
    rig.readers->emit(ReaderEventKind::reader_added, kFront);
    rig.readers->emit(ReaderEventKind::service_lost);
    rig.readers->emit(ReaderEventKind::service_lost);

    const auto health = rig.probe.all<session::DeviceHealth>();
    REQUIRE(health.size() == 4);
    for (const auto& h : health) CHECK(h.device == session::Device::card_reader);
    CHECK(health[0].up());
    CHECK(health[1].fault == session::DeviceFault::disconnected);
    CHECK(health[2].up());
    CHECK(health[3].fault == session::DeviceFault::disconnected);
}

TEST_CASE("a card on the front reader is read and tapped; one at the read position taps nothing") {
    Rig rig;
    rig.readers->emit(ReaderEventKind::reader_added, kFront);
    rig.readers->emit(ReaderEventKind::reader_added, kReadPosition);
    rig.readers->script(card(kNik));
    rig.readers->emit(ReaderEventKind::card_inserted, kReadPosition);
    rig.readers->emit(ReaderEventKind::card_inserted, kFront);

    const auto tapped = rig.probe.next<session::CardTapped>();
    REQUIRE(tapped.chip.has_value());
    CHECK(tapped.chip->nik.digits() == kNik);
    CHECK(tapped.chip->card_serial == "KTP-000123");
    CHECK(rig.readers->read_from() == std::vector<std::string>{kFront});
    CHECK(rig.readers->deadlines_ms() == std::vector<int>{kReadTimeoutMs});
    CHECK(rig.probe.all<session::CardTapped>().size() == 1);
}

TEST_CASE("a refused tap says why; an unreadable one drops the connection, a forged one keeps it") {
    Rig rig;
    rig.readers->emit(ReaderEventKind::reader_added, kFront);
    rig.readers->script(refused(cardreader::Refusal::forged));
    rig.readers->script(refused(cardreader::Refusal::unreadable));
    rig.readers->script(card("12345"));  // a NIK the core refuses: unreadable, never a chip
    rig.readers->script(card(kNik, ""));
    for (int i = 0; i < 4; ++i) rig.readers->emit(ReaderEventKind::card_inserted, kFront);

    const auto forged = rig.probe.next<session::CardTapped>();
    CHECK_FALSE(forged.chip.has_value());
    CHECK(forged.refusal == session::ChipRefusal::forged);
    const auto unreadable = rig.probe.next<session::CardTapped>();
    CHECK_FALSE(unreadable.chip.has_value());
    CHECK(unreadable.refusal == session::ChipRefusal::unreadable);
    const auto bad_nik = rig.probe.next<session::CardTapped>();
    CHECK_FALSE(bad_nik.chip.has_value());
    CHECK(bad_nik.refusal == session::ChipRefusal::unreadable);
    const auto no_serial = rig.probe.next<session::CardTapped>();
    REQUIRE(no_serial.chip.has_value());
    CHECK_FALSE(no_serial.chip->card_serial.has_value());
    // Connected for the first read, kept after forged, dropped after unreadable: connected afresh once.
    CHECK(rig.readers->connections() == 2);
}

TEST_CASE("pcscd out of reach: a tap is answered unreadable without a read") {
    Rig rig;
    rig.readers->emit(ReaderEventKind::reader_added, kFront);
    rig.readers->set_reachable(false);
    rig.readers->emit(ReaderEventKind::card_inserted, kFront);
    const auto tapped = rig.probe.next<session::CardTapped>();
    CHECK_FALSE(tapped.chip.has_value());
    CHECK(tapped.refusal == session::ChipRefusal::unreadable);
    CHECK(rig.readers->read_from().empty());
}

TEST_CASE("the read position's chip answers the request it was asked for") {
    Rig rig;
    rig.readers->emit(ReaderEventKind::reader_added, kReadPosition);
    rig.readers->script(card(kNik));
    rig.service->read_at_read_position(41);
    const auto read = rig.probe.next<session::ChipReadAtReadPosition>();
    CHECK(read.request == 41);
    REQUIRE(read.chip.has_value());
    CHECK(read.chip->nik.digits() == kNik);
    CHECK(rig.readers->read_from() == std::vector<std::string>{kReadPosition});
    CHECK(rig.clock.sleeps().empty());
}

TEST_CASE("no card at the read position yet: retried every 200 ms until it arrives") {
    Rig rig;
    rig.readers->emit(ReaderEventKind::reader_added, kReadPosition);
    rig.readers->script(refused(cardreader::Refusal::removed));
    rig.readers->script(refused(cardreader::Refusal::removed));
    rig.readers->script(card(kNik));
    rig.service->read_at_read_position(7);
    const auto read = rig.probe.next<session::ChipReadAtReadPosition>();
    CHECK(read.request == 7);
    CHECK(read.chip.has_value());
    CHECK(rig.readers->read_from().size() == 3);
    CHECK(rig.clock.sleeps() == std::vector<std::chrono::milliseconds>{200ms, 200ms});
}

TEST_CASE("the read position's retries stop before the deadline") {
    Rig rig;
    SUBCASE("the card never arrives") {
        rig.readers->emit(ReaderEventKind::reader_added, kReadPosition);
        for (int i = 0; i < 5; ++i) rig.readers->script(refused(cardreader::Refusal::removed));
        rig.service->read_at_read_position(9);
        const auto read = rig.probe.next<session::ChipReadAtReadPosition>();
        CHECK(read.request == 9);
        CHECK_FALSE(read.chip.has_value());
        CHECK(read.refusal == session::ChipRefusal::removed);
        // Reads at 0, 200, 400, 600 and 800 ms; one more wait would pass the 1000 ms deadline.
        CHECK(rig.readers->read_from().size() == 5);
    }
    SUBCASE("no reader has the dispenser's role") {
        rig.readers->emit(ReaderEventKind::reader_added, kFront);
        rig.service->read_at_read_position(10);
        const auto read = rig.probe.next<session::ChipReadAtReadPosition>();
        CHECK(read.request == 10);
        CHECK_FALSE(read.chip.has_value());
        CHECK(read.refusal == session::ChipRefusal::unreadable);
        CHECK(rig.readers->read_from().empty());
    }
    CHECK(rig.clock.sleeps().size() == 4);
    CHECK(rig.clock.elapsed() == 800ms);
}

TEST_CASE("a refusal other than \"no card\" at the read position is final at once") {
    Rig rig;
    rig.readers->emit(ReaderEventKind::reader_added, kReadPosition);
    rig.readers->script(refused(cardreader::Refusal::cloned));
    rig.service->read_at_read_position(12);
    const auto read = rig.probe.next<session::ChipReadAtReadPosition>();
    CHECK(read.request == 12);
    CHECK_FALSE(read.chip.has_value());
    CHECK(read.refusal == session::ChipRefusal::cloned);
    CHECK(rig.readers->read_from().size() == 1);
    CHECK(rig.clock.sleeps().empty());
}

TEST_CASE("the read-position reader's presence, for the management interface, apart from the front reader's") {
    Rig rig;
    CHECK(rig.service->read_position_fault() == session::DeviceFault::disconnected);  // not listed yet
    rig.readers->emit(ReaderEventKind::reader_added, kFront);
    CHECK(rig.service->read_position_fault() == session::DeviceFault::disconnected);
    rig.readers->emit(ReaderEventKind::reader_added, kReadPosition);
    CHECK_FALSE(rig.service->read_position_fault().has_value());
    rig.readers->emit(ReaderEventKind::reader_removed, kReadPosition);
    CHECK(rig.service->read_position_fault() == session::DeviceFault::disconnected);
    CHECK(rig.service->front_up());
    rig.readers->emit(ReaderEventKind::reader_added, kReadPosition);
    rig.readers->emit(ReaderEventKind::service_lost);  // pcscd gone: no reader at all
    CHECK(rig.service->read_position_fault() == session::DeviceFault::disconnected);
}

TEST_CASE("the read position's answer gets into a full inbox") {
    app::test::FullInbox full;
    kiosk::test::TestSteadyClock clock;
    auto scripted = std::make_unique<ScriptedReaders>();
    ScriptedReaders* readers = scripted.get();
    CardService service(full.inbox(), std::move(scripted), cardreader::ReaderRoles{kFront, kReadPosition},
                        kReadTimeoutMs, clock);
    service.start();
    readers->emit(ReaderEventKind::reader_added, kReadPosition);
    readers->script(card(kNik));
    service.read_at_read_position(41);
    full.await_after_tick(1);
    service.stop();
    const auto answers = full.after_tick();
    REQUIRE(answers.size() == 1);
    CHECK(std::get<session::ChipReadAtReadPosition>(answers[0]).request == 41);
}

TEST_CASE("a staff card on the front reader enters the staff stream, never the resident's; its removal follows") {
    Rig rig;
    rig.readers->emit(ReaderEventKind::reader_added, kFront);
    rig.readers->script(staff_card(kNik));
    rig.readers->emit(ReaderEventKind::card_inserted, kFront);
    const auto presented = rig.staff.next<core::staff::StaffCardPresented>();
    CHECK(presented.chip.card_serial == "STAFF-0001");
    // A resident's card read after it still taps as a resident's.
    rig.readers->script(card(kNik));
    rig.readers->emit(ReaderEventKind::card_inserted, kFront);
    (void)rig.probe.next<session::CardTapped>();
    CHECK(rig.probe.all<session::CardTapped>().size() == 1);

    // The read position's removals and other readers' say nothing; the staff card's front removal does, once.
    rig.readers->emit(ReaderEventKind::card_removed, kReadPosition);
    rig.readers->emit(ReaderEventKind::card_removed, kFront);
    rig.readers->emit(ReaderEventKind::card_removed, kFront);
    (void)rig.staff.next<core::staff::StaffCardRemoved>();
    CHECK(rig.staff.all<core::staff::StaffCardRemoved>().size() == 1);
}

TEST_CASE("the staff PIN goes to the card at the front reader, and its answer names the tries left") {
    Rig rig;
    rig.readers->emit(ReaderEventKind::reader_added, kFront);
    // Before any staff card is presented there is no card to ask: removed, and nothing is sent.
    rig.service->verify_staff_pin(7, "1234");
    CHECK(rig.staff.next<core::staff::StaffPinChecked>().outcome == core::staff::PinOutcome::removed);
    CHECK(rig.readers->pins().empty());

    rig.readers->script(staff_card(kNik));
    rig.readers->emit(ReaderEventKind::card_inserted, kFront);
    (void)rig.staff.next<core::staff::StaffCardPresented>();
    rig.readers->script_pin({cardreader::PinOutcome::wrong, 2});
    rig.readers->script_pin({cardreader::PinOutcome::accepted, -1});
    rig.service->verify_staff_pin(8, "0000");
    rig.service->verify_staff_pin(9, "1234");
    const auto wrong = rig.staff.next<core::staff::StaffPinChecked>([](const auto& a) { return a.request == 8; });
    CHECK(wrong.outcome == core::staff::PinOutcome::wrong);
    CHECK(wrong.tries_left == 2);
    const auto accepted = rig.staff.next<core::staff::StaffPinChecked>([](const auto& a) { return a.request == 9; });
    CHECK(accepted.outcome == core::staff::PinOutcome::accepted);
    CHECK_FALSE(accepted.tries_left.has_value());
    CHECK(rig.readers->pins_at() == std::vector<std::string>{kFront, kFront});
    CHECK(rig.readers->pins() == std::vector<std::string>{"0000", "1234"});

    // Once the card left, a PIN is not sent to whatever card comes next.
    rig.readers->emit(ReaderEventKind::card_removed, kFront);
    rig.service->verify_staff_pin(10, "1234");
    CHECK(rig.staff.next<core::staff::StaffPinChecked>([](const auto& a) { return a.request == 10; }).outcome ==
          core::staff::PinOutcome::removed);
    CHECK(rig.readers->pins().size() == 2);
}

TEST_CASE("the chip at the read position answers a load or a take-back in the staff stream") {
    Rig rig;
    rig.readers->emit(ReaderEventKind::reader_added, kReadPosition);
    rig.readers->script(card(kNik, "KTP-LOAD"));
    rig.readers->script(refused(cardreader::Refusal::cloned));
    rig.service->read_for_load(3);
    rig.service->read_for_return(4);
    const auto load = rig.staff.next<core::staff::LoadChipRead>();
    CHECK(load.request == 3);
    REQUIRE(load.chip.has_value());
    CHECK(load.chip->card_serial == "KTP-LOAD");
    const auto ret = rig.staff.next<core::staff::ReturnChipRead>();
    CHECK(ret.request == 4);
    CHECK_FALSE(ret.chip.has_value());
    CHECK(ret.refusal == session::ChipRefusal::cloned);
    CHECK(rig.probe.all<session::ChipReadAtReadPosition>().empty());
}
