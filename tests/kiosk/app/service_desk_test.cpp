// ServiceDesk and OperatorOrders on the offscreen SDL stack: a screenshot of every screen is either
// the frame (attract, identify before a digit, out of service, maintenance) or refused with no pixel
// read (any screen with a resident's data), decided with the frame drawn; maintenance orders answer
// active or pending and change what the screen and the status board say. Then the two threads for
// real: the server's side posts and waits with its deadline while this thread, standing in for the
// UI loop, serves the desk when it is woken.
#include "kiosk/app/maintenance_setting.hpp"
#include "kiosk/app/operator_orders.hpp"
#include "kiosk/app/service_desk.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/ui/preview/synthetic_views.hpp"
#include "tests/support/sdl_rig.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <SDL_image.h>

#include <atomic>
#include <optional>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace kiosk;
using namespace kiosk::app;
namespace cs = kiosk::core::session;
using mgmt::MaintenanceState;

namespace {

cs::Instant wall_now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

struct Rig : kiosk::testing::SdlRig {
    std::mutex mutex;
    std::condition_variable woken;
    int wakes = 0;  // guarded by mutex
    DeskInbox inbox{[this] {
                        {
                            const std::lock_guard lock(mutex);
                            ++wakes;
                        }
                        woken.notify_all();
                    },
                    kDeskInboxCapacity};
    std::optional<ui::SessionPresenter> presenter;
    StatusBoard board{"kiosk-test", "0", 0, cs::DeviceHealthSnapshot{}};
    std::optional<cs::SessionMachine> machine;
    std::optional<ServiceDesk> desk;
    ServiceDesk::Feed feed;

    explicit Rig(MaintenanceSwitch maintenance = MaintenanceSwitch()) {
        presenter.emplace(*host);
        cs::DeviceHealthSnapshot health;
        health.maintenance = maintenance.machine_flag();
        machine.emplace(cs::SessionConfig{}, health, wall_now());
        desk.emplace(inbox, std::move(maintenance), *presenter, *host, &board);
        feed = [this](const cs::Event& event) {
            (void)machine->handle(wall_now(), event);
            desk->settle(*machine, feed);
        };
    }
    ~Rig() {
        desk.reset();
        presenter.reset();
    }

    // One turn of the UI loop: the desk's requests, then the view, then a frame if one is due.
    void turn() {
        desk->serve(*machine, feed);
        show(machine->view());
    }
    void show(const cs::SessionView& view) {
        presenter->present(view, ui::ScreenHost::now_ms());
        board.on_view(view);
        draw();
    }
    std::string screen() const { return std::string(host->current()->name()); }

    // A screenshot order served with `view` on screen.
    FrameCapture capture_of(const cs::SessionView& view) {
        presenter->present(view, ui::ScreenHost::now_ms());
        auto reply = std::make_shared<ReplySlot<FrameCapture>>();
        REQUIRE(inbox.push(ScreenshotOrder{reply}));
        desk->serve(*machine, feed);
        draw();
        auto answer = reply->wait_for(std::chrono::milliseconds(0));
        REQUIRE_MESSAGE(answer.has_value(), "the desk did not answer with the frame drawn");
        return std::move(*answer);
    }

    // Runs `ask` on a thread of its own, as the management server would, while this thread is the
    // UI loop: it sleeps until the inbox wakes it, then takes a turn. Returns what `ask` returned.
    template <class Ask>
    auto from_server_thread(Ask ask) {
        std::optional<decltype(ask())> answer;
        bool done = false;  // guarded by mutex
        std::thread server([&] {
            auto got = ask();
            const std::lock_guard lock(mutex);
            answer.emplace(std::move(got));
            done = true;
            woken.notify_all();
        });
        for (;;) {
            std::unique_lock lock(mutex);
            const bool woke = woken.wait_for(lock, std::chrono::seconds(20), [&] { return wakes > 0 || done; });
            wakes = 0;
            if (done || !woke) break;
            lock.unlock();
            turn();
        }
        server.join();
        REQUIRE(answer.has_value());
        return std::move(*answer);
    }
};

cs::SessionView view_of(cs::Screen screen) {
    cs::SessionView v;
    v.screen = std::move(screen);
    return v;
}

// The route's rule, stated here on its own: nothing of a resident's is on the attract screen, the
// identify screen before the first digit, or the out-of-service and maintenance screens; everything
// else of a session is theirs.
bool expected_personal(const cs::SessionView& view) {
    if (std::holds_alternative<cs::AttractScreen>(view.screen)) return false;
    if (std::holds_alternative<cs::OutOfServiceScreen>(view.screen)) return false;
    if (const auto* identify = std::get_if<cs::IdentifyScreen>(&view.screen)) return identify->digit_count > 0;
    return true;
}

}  // namespace

TEST_CASE("a screenshot of every screen: the frame where no resident's data is on it, a refusal everywhere else") {
    Rig rig;
    int captured = 0;
    int refused = 0;
    auto views = ui::synthetic_views();
    views.push_back(view_of(cs::IdentifyScreen{"3", 1, std::nullopt, false, false, true, std::nullopt, std::nullopt}));
    for (const cs::SessionView& view : views) {
        for (bool idle : {false, true}) {
            cs::SessionView v = view;
            if (idle) v.idle_warning = cs::IdleWarning{10};
            const FrameCapture frame = rig.capture_of(v);
            CAPTURE(rig.screen());
            if (expected_personal(v)) {
                CHECK(frame.outcome == FrameCapture::Outcome::personal_data_on_screen);
                CHECK(frame.pixels == nullptr);
                ++refused;
            } else {
                REQUIRE(frame.outcome == FrameCapture::Outcome::captured);
                REQUIRE(frame.pixels != nullptr);
                CHECK(frame.pixels->w == 1280);
                CHECK(frame.pixels->h == 800);
                ++captured;
            }
        }
    }
    // The maintenance screen (an operator's words, nobody's data) is captured too.
    rig.presenter->set_maintenance_reason("Ganti printer kartu");
    const FrameCapture maintenance = rig.capture_of(view_of(cs::OutOfServiceScreen{true, std::nullopt, std::nullopt}));
    CHECK(rig.screen() == "maintenance");
    CHECK(maintenance.outcome == FrameCapture::Outcome::captured);
    CHECK(captured >= 12);
    CHECK(refused >= 40);
}

TEST_CASE("the screenshot decision is taken with the frame it would capture, not when it was asked for") {
    Rig rig;
    const auto typed = view_of(cs::IdentifyScreen{"3174 05", 6, std::nullopt, false, false, true, std::nullopt, std::nullopt});
    {
        // Asked at the attract screen; the resident typed before the frame: refused.
        rig.show(view_of(cs::AttractScreen{}));
        auto reply = std::make_shared<ReplySlot<FrameCapture>>();
        REQUIRE(rig.inbox.push(ScreenshotOrder{reply}));
        rig.desk->serve(*rig.machine, rig.feed);
        CHECK_FALSE(reply->wait_for(std::chrono::milliseconds(0)).has_value());  // not before a frame
        rig.show(typed);
        auto answer = reply->wait_for(std::chrono::milliseconds(0));
        REQUIRE(answer.has_value());
        CHECK(answer->outcome == FrameCapture::Outcome::personal_data_on_screen);
    }
    {
        // Asked while digits were on screen; the session ended before the frame: captured.
        rig.show(typed);
        auto reply = std::make_shared<ReplySlot<FrameCapture>>();
        REQUIRE(rig.inbox.push(ScreenshotOrder{reply}));
        rig.desk->serve(*rig.machine, rig.feed);
        rig.show(view_of(cs::AttractScreen{}));
        auto answer = reply->wait_for(std::chrono::milliseconds(0));
        REQUIRE(answer.has_value());
        CHECK(answer->outcome == FrameCapture::Outcome::captured);
    }
}

TEST_CASE("a maintenance order at the attract screen: active at once, the maintenance screen, UNAVAILABLE/MAINTENANCE") {
    Rig rig;
    rig.turn();
    CHECK(rig.screen() == "attract");
    auto reply = std::make_shared<ReplySlot<mgmt::MaintenanceStatus>>();
    REQUIRE(rig.inbox.push(MaintenanceOrder{{true, "Ganti printer kartu"}, reply}));
    rig.turn();
    const auto answer = reply->wait_for(std::chrono::milliseconds(0));
    REQUIRE(answer.has_value());
    CHECK(*answer == mgmt::MaintenanceStatus{MaintenanceState::active, "Ganti printer kartu"});
    CHECK(rig.machine->phase() == cs::Phase::out_of_service);
    CHECK(rig.screen() == "maintenance");
    CHECK(rig.presenter->maintenance().reason() == "Ganti printer kartu");
    auto status = rig.board.snapshot();
    CHECK(status.state == mgmt::ApplicationState::unavailable);
    CHECK(status.reason == mgmt::StateReason::maintenance);
    CHECK(status.maintenance == *answer);

    auto off = std::make_shared<ReplySlot<mgmt::MaintenanceStatus>>();
    REQUIRE(rig.inbox.push(MaintenanceOrder{{false, ""}, off}));
    rig.turn();
    CHECK(off->wait_for(std::chrono::milliseconds(0))->state == MaintenanceState::off);
    CHECK(rig.screen() == "attract");
    status = rig.board.snapshot();
    CHECK(status.state == mgmt::ApplicationState::available);
    CHECK(status.maintenance.state == MaintenanceState::off);
}

TEST_CASE("a maintenance order during a session is pending, and the session's screen stays") {
    Rig rig;
    rig.feed(cs::StartPressed{});
    rig.feed(cs::KeypadDigit{'3'});
    rig.turn();
    auto reply = std::make_shared<ReplySlot<mgmt::MaintenanceStatus>>();
    REQUIRE(rig.inbox.push(MaintenanceOrder{{true, "Ganti printer kartu"}, reply}));
    rig.turn();
    CHECK(reply->wait_for(std::chrono::milliseconds(0))->state == MaintenanceState::pending);
    CHECK(rig.screen() == "identify");
    CHECK(rig.board.snapshot().state == mgmt::ApplicationState::active);
    CHECK(rig.board.snapshot().maintenance.state == MaintenanceState::pending);
    rig.feed(cs::Cancel{});
    rig.turn();
    CHECK(rig.screen() == "maintenance");
    CHECK(rig.board.snapshot().maintenance.state == MaintenanceState::active);
}

TEST_CASE("a damaged store is not maintenance: its own screen and reason, and an operator's off does not lift it") {
    Rig rig;
    rig.turn();
    rig.feed(cs::StoreHealth{cs::StoreFault::damaged});
    rig.board.on_event(cs::StoreHealth{cs::StoreFault::damaged});
    rig.turn();
    CHECK(rig.screen() == "out-of-service-store-damaged");
    CHECK(rig.board.snapshot().state == mgmt::ApplicationState::unavailable);
    CHECK(rig.board.snapshot().reason == mgmt::StateReason::out_of_service_internal);
    CHECK(rig.board.snapshot().store_fault == mgmt::StoreFault::integrity_check_failed);
    CHECK(rig.board.snapshot().maintenance.state == MaintenanceState::off);

    auto on = std::make_shared<ReplySlot<mgmt::MaintenanceStatus>>();
    REQUIRE(rig.inbox.push(MaintenanceOrder{{true, "Periksa basis data"}, on}));
    rig.turn();
    CHECK(rig.screen() == "maintenance");  // the operator's words while their maintenance holds
    auto off = std::make_shared<ReplySlot<mgmt::MaintenanceStatus>>();
    REQUIRE(rig.inbox.push(MaintenanceOrder{{false, ""}, off}));
    rig.turn();
    CHECK(off->wait_for(std::chrono::milliseconds(0))->state == MaintenanceState::off);
    CHECK(rig.screen() == "out-of-service-store-damaged");
    CHECK(rig.board.snapshot().reason == mgmt::StateReason::out_of_service_internal);
}

TEST_CASE("a persisted maintenance is on the first frame") {
    Rig rig{MaintenanceSwitch(std::string("Listrik padam"))};
    rig.turn();
    CHECK(rig.screen() == "maintenance");
    CHECK(rig.board.snapshot().maintenance == mgmt::MaintenanceStatus{MaintenanceState::active, "Listrik padam"});
}

TEST_CASE("OperatorOrders across the two threads: recorded, taken by the desk, answered; the frame as PNG") {
    kiosk::testing::TempDir dir;
    const std::string path = dir.file("kiosk.db");
    Rig rig;
    rig.turn();
    auto opened = OperatorOrders::open(path, rig.inbox, [] { return std::int64_t{1'767'225'600}; });
    REQUIRE(opened.ok());
    OperatorOrders& orders = **opened;

    const auto applied = rig.from_server_thread(
        [&] { return orders.apply({true, "Ganti printer kartu"}, mgmt::Caller{mgmt::Role::operator_, "budi"}); });
    REQUIRE(applied.ok());
    CHECK(applied.value().state == MaintenanceState::active);
    CHECK(rig.screen() == "maintenance");
    {
        auto db = store::open_store(path, {});
        REQUIRE(db.ok());
        CHECK(load_maintenance_reason(*db).value() == "Ganti printer kartu");
    }

    const auto png = rig.from_server_thread([&] { return orders.capture_png(); });
    REQUIRE(png.ok());
    const std::string& bytes = png.value();
    REQUIRE(bytes.size() > 8);
    CHECK(bytes.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) == 0);
    ui::SurfacePtr decoded(IMG_Load_RW(SDL_RWFromConstMem(bytes.data(), static_cast<int>(bytes.size())), 1));
    REQUIRE(decoded != nullptr);
    CHECK(decoded->w == 1280);
    CHECK(decoded->h == 800);
}

TEST_CASE("OperatorOrders: nobody serving the desk is screen_not_answering within the deadline; the change stays recorded") {
    kiosk::testing::TempDir dir;
    const std::string path = dir.file("kiosk.db");
    std::atomic<int> wakes{0};
    DeskInbox inbox([&] { ++wakes; }, 2);
    auto db = store::open_store(path, {});
    REQUIRE(db.ok());
    OperatorOrders orders(std::move(db).value(), inbox, [] { return std::int64_t{1}; }, std::chrono::milliseconds(50));

    const auto started = std::chrono::steady_clock::now();
    auto applied = orders.apply({true, "x"}, mgmt::Caller{mgmt::Role::operator_, "budi"});
    REQUIRE_FALSE(applied.ok());
    CHECK(applied.error().failure == mgmt::OrderFailure::screen_not_answering);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
    CHECK(wakes == 1);  // the desk was woken, it just did not answer
    auto shot = orders.capture_png();
    REQUIRE_FALSE(shot.ok());
    CHECK(shot.error().failure == mgmt::OrderFailure::screen_not_answering);
    // The desk is full now (two unanswered requests): refused at once, and still recorded.
    auto full = orders.apply({false, ""}, mgmt::Caller{mgmt::Role::operator_, "budi"});
    REQUIRE_FALSE(full.ok());
    CHECK(full.error().failure == mgmt::OrderFailure::screen_not_answering);
    CHECK(wakes == 2);
    auto check = store::open_store(path, {});
    REQUIRE(check.ok());
    CHECK(load_maintenance_reason(*check).value() == std::nullopt);
}
