// KioskLoop on the offscreen SDL driver with a scripted EventSource on a test clock: asleep without
// a limit at the attract screen, woken by inbox pushes, a frame drawn only when the view changed,
// a Tick every 250 ms only while a session runs (so the idle timeout fires on simulated time), a
// device that is down retried every 5 s, the systemd watchdog kicked from the loop itself, and a
// store answer from the store worker waking it while it never waits on the database.
#include "kiosk/app/kiosk_loop.hpp"
#include "kiosk/app/store_service.hpp"
#include "kiosk/app/store_worker.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/app/store_write_lock.hpp"
#include "tests/kiosk/clock/test_clock.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

using namespace kiosk;
using namespace kiosk::app;
namespace session = kiosk::core::session;

namespace {

// The loop's events as a script on simulated time. While the loop sleeps, the next scripted action
// runs (it may queue input, push into the inbox, move the clock); with nothing scripted, a wait
// with a timeout moves the clock by that timeout, and the script ends (SDL_QUIT) when the loop would
// sleep without a limit or past end_ms. The queue takes pushes from any thread (the inbox's wake,
// from the store worker); an action may wait for one (await_push).
class ScriptedEvents final : public EventSource {
public:
    [[nodiscard]] std::uint64_t now_ms() const override { return now_ms_; }
    [[nodiscard]] session::Instant wall_now() const override {
        return session::Instant(session::Millis(1'767'225'600'000LL + static_cast<std::int64_t>(now_ms_)));
    }
    Result<std::optional<SDL_Event>> wait(std::optional<std::uint64_t> timeout_ms) override {
        waits.push_back({now_ms_, timeout_ms});
        REQUIRE(waits.size() < 100'000);  // a loop that never settles
        if (queue_empty() && !while_asleep_.empty()) {
            auto action = std::move(while_asleep_.front());
            while_asleep_.pop_front();
            action();
        }
        if (!queue_empty()) return poll();
        if (!timeout_ms || now_ms_ + *timeout_ms > end_ms) {
            ended_asleep_without_limit = !timeout_ms;
            SDL_Event quit{};
            quit.type = SDL_QUIT;
            return std::optional(quit);
        }
        now_ms_ += *timeout_ms;
        return std::optional<SDL_Event>();
    }
    std::optional<SDL_Event> poll() override {
        const std::lock_guard lock(mutex_);
        if (queue_.empty()) return std::nullopt;
        SDL_Event next = queue_.front();
        queue_.pop_front();
        return next;
    }

    void push(const SDL_Event& event) {
        {
            const std::lock_guard lock(mutex_);
            queue_.push_back(event);
        }
        pushed_.notify_all();
    }
    // For an action: waits until something (another thread) queued an event.
    void await_push() {
        std::unique_lock lock(mutex_);
        REQUIRE_MESSAGE(pushed_.wait_for(lock, std::chrono::seconds(30), [&] { return !queue_.empty(); }),
                        "nothing woke the loop");
    }
    void push_wake() {
        SDL_Event wake{};
        wake.type = SDL_USEREVENT;
        push(wake);
    }
    void push_key(SDL_Keycode key) {
        SDL_Event down{};
        down.type = SDL_KEYDOWN;
        down.key.keysym.sym = key;
        push(down);
    }
    void while_asleep(std::function<void()> action) { while_asleep_.push_back(std::move(action)); }

    struct Wait {
        std::uint64_t at_ms;
        std::optional<std::uint64_t> timeout_ms;
    };
    std::vector<Wait> waits;
    std::uint64_t end_ms = UINT64_MAX;
    bool ended_asleep_without_limit = false;

private:
    bool queue_empty() {
        const std::lock_guard lock(mutex_);
        return queue_.empty();
    }

    std::uint64_t now_ms_ = 10'000;  // SDL-like: some time after start
    std::mutex mutex_;
    std::condition_variable pushed_;
    std::deque<SDL_Event> queue_;  // guarded by mutex_
    std::deque<std::function<void()>> while_asleep_;
};

struct Rig {
    ScriptedEvents events;
    SessionInbox inbox{[this] { events.push_wake(); }};
    std::optional<ui::SdlRuntime> runtime;
    std::optional<ui::Display> display;
    std::optional<ui::TextRenderer> text;
    ui::Theme theme;
    std::optional<ui::ScreenHost> host;
    std::optional<ui::SessionPresenter> presenter;
    kiosk::testing::TempDir dir;
    std::optional<store::Database> db;
    std::optional<StoreService> store;
    std::optional<StoreWorker> store_worker;
    std::optional<session::SessionMachine> machine;
    std::optional<CommandDispatch> dispatch;
    int first_frames = 0;

    Rig() {
        setenv("SDL_VIDEODRIVER", "offscreen", 1);
        auto started = ui::SdlRuntime::start();
        REQUIRE(started.ok());
        runtime.emplace(std::move(started.value()));
        const ui::Size size{1280, 800};
        auto opened = ui::Display::open(ui::DisplayConfig{"test", size, ui::WindowMode::windowed, ui::RendererKind::software});
        REQUIRE(opened.ok());
        display.emplace(std::move(opened.value()));
        auto fonts = ui::TextRenderer::open(display->renderer(), std::filesystem::path(KIOSK_SOURCE_ASSETS_DIR) / "fonts");
        REQUIRE(fonts.ok());
        text.emplace(std::move(fonts.value()));
        auto density = ui::PhysicalMetrics::from(ui::ScreenSpec{size.width_px, size.height_px, 257.0, std::nullopt});
        REQUIRE(density.ok());
        host.emplace(*display, *text, theme, density.value());
        presenter.emplace(*host);

        store::OpenOptions options;
        options.busy_timeout_ms = 30'000;  // far longer than any test: a UI thread waiting on it would hang
        auto database = store::open_store(dir.file("kiosk.db"), options);
        REQUIRE(database.ok());
        db.emplace(std::move(*database));
        store.emplace(*db, "kiosk-test");
        store_worker.emplace(*store, inbox);
        machine.emplace(session::SessionConfig{}, session::DeviceHealthSnapshot{}, events.wall_now());
        dispatch.emplace(Services{&*store_worker, nullptr, nullptr, nullptr}, inbox);
    }
    ~Rig() {
        presenter.reset();
        host.reset();
        text.reset();
        display.reset();
    }

    LoopParts parts() {
        LoopParts p;
        p.events = &events;
        p.host = &*host;
        p.presenter = &*presenter;
        p.machine = &*machine;
        p.dispatch = &*dispatch;
        p.inbox = &inbox;
        p.on_first_frame = [this] { ++first_frames; };
        return p;
    }
    void run(LoopParts p) {
        KioskLoop loop(std::move(p));
        const auto ran = loop.run();
        REQUIRE_MESSAGE(ran.ok(), (ran.ok() ? "" : ran.error().to_string()));
    }
    std::uint64_t frames() const { return host->stats().frames; }
    std::string screen() const { return std::string(host->current()->name()); }
};

}  // namespace

TEST_CASE("at the attract screen the loop draws one frame and sleeps without a limit") {
    Rig rig;
    rig.run(rig.parts());
    CHECK(rig.first_frames == 1);
    CHECK(rig.frames() == 1);
    CHECK(rig.screen() == "attract");
    REQUIRE(rig.events.waits.size() == 1);
    CHECK_FALSE(rig.events.waits[0].timeout_ms.has_value());
    CHECK(rig.events.ended_asleep_without_limit);
}

TEST_CASE("an inbox push wakes the loop; a frame is drawn only when the view changed") {
    Rig rig;
    std::vector<std::uint64_t> frames_before;
    rig.events.while_asleep([&] {
        frames_before.push_back(rig.frames());
        // A stale answer: the machine ignores it, the view stays.
        rig.inbox.deliver(session::FingerprintResult{999, session::FingerOutcome::matched, 200});
    });
    rig.events.while_asleep([&] {
        frames_before.push_back(rig.frames());
        rig.inbox.deliver(session::DeviceHealth{session::Device::fingerprint, session::DeviceFault::disconnected});
    });
    rig.run(rig.parts());
    CHECK(frames_before == std::vector<std::uint64_t>{1, 1});
    CHECK(rig.frames() == 2);
    CHECK(rig.machine->phase() == session::Phase::out_of_service);
    CHECK(rig.screen() == "out-of-service-fingerprint");
    CHECK(rig.inbox.drain().empty());
    for (const auto& wait : rig.events.waits) CHECK_FALSE(wait.timeout_ms.has_value());
}

TEST_CASE("a session ticks every 250 ms, so its idle timeout fires on the loop's clock") {
    Rig rig;
    std::uint64_t started_ms = 0;
    rig.events.while_asleep([&] {
        started_ms = rig.events.now_ms();
        rig.events.push_key(SDLK_3);  // a digit at the attract screen starts a session with it
    });
    rig.run(rig.parts());
    CHECK(rig.machine->phase() == session::Phase::attract);
    CHECK(rig.screen() == "attract");
    const auto session_ms = session::SessionConfig{}.idle_timeout_after.count();
    CHECK(rig.events.now_ms() - started_ms >= static_cast<std::uint64_t>(session_ms));
    CHECK(rig.events.now_ms() - started_ms < static_cast<std::uint64_t>(session_ms) + 2 * kSessionTickMs);
    // Every sleep during the session is bounded by the next Tick; the last one, back at attract, is not.
    REQUIRE(rig.events.waits.size() > 2);
    for (std::size_t i = 1; i + 1 < rig.events.waits.size(); ++i) {
        REQUIRE(rig.events.waits[i].timeout_ms.has_value());
        CHECK(*rig.events.waits[i].timeout_ms <= kSessionTickMs);
    }
    CHECK_FALSE(rig.events.waits.back().timeout_ms.has_value());
    CHECK(rig.frames() >= 3);  // identify, the idle warning, attract again
}

TEST_CASE("a device that is down is retried every 5 s, and no more once it is up") {
    Rig rig;
    bool down = true;
    std::vector<std::uint64_t> retried_at;
    auto parts = rig.parts();
    parts.faults_pending = [&] { return down; };
    parts.retry_faults = [&] {
        retried_at.push_back(rig.events.now_ms());
        if (retried_at.size() == 3) down = false;
    };
    rig.run(std::move(parts));
    REQUIRE(retried_at.size() == 3);
    CHECK(retried_at[1] - retried_at[0] == kDeviceRetryMs);
    CHECK(retried_at[2] - retried_at[1] == kDeviceRetryMs);
    CHECK(rig.events.ended_asleep_without_limit);
    CHECK(rig.frames() == 1);  // retries that change nothing draw nothing
}

TEST_CASE("the loop itself kicks the systemd watchdog at the interval systemd asked for") {
    kiosk::testing::TempDir dir;
    const std::string socket_path = dir.file("notify");
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(socket_path.size() < sizeof address.sun_path);
    socket_path.copy(address.sun_path, socket_path.size());
    REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
    setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
    setenv("WATCHDOG_USEC", "1000000", 1);  // WatchdogSec=1: kicked every 500 ms
    SystemdNotify notify;  // sd_notify reads NOTIFY_SOCKET at each send: set until the loop ends
    REQUIRE(notify.watchdog_interval() == std::chrono::milliseconds(500));

    Rig rig;
    rig.events.end_ms = rig.events.now_ms() + 2000;
    auto parts = rig.parts();
    parts.notify = &notify;
    rig.run(std::move(parts));
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");

    int kicks = 0;
    char message[64];
    for (;;) {
        const auto got = ::recv(fd, message, sizeof message, 0);
        if (got < 0) break;
        CHECK(std::string(message, static_cast<std::size_t>(got)) == "WATCHDOG=1");
        ++kicks;
    }
    ::close(fd);
    CHECK(kicks == 5);  // at 0, 500, 1000, 1500 and 2000 ms
    for (const auto& wait : rig.events.waits) {
        REQUIRE(wait.timeout_ms.has_value());
        CHECK(*wait.timeout_ms <= 500);
    }
}

TEST_CASE("the loop publishes what the machine sees to the status board: health, state, frames") {
    Rig rig;
    StatusBoard board("kiosk-test", "0", 0, session::DeviceHealthSnapshot{});
    std::optional<mgmt::KioskStatus> at_attract;
    rig.events.while_asleep([&] {
        at_attract = board.snapshot();
        rig.inbox.deliver(session::DeviceHealth{session::Device::fingerprint, session::DeviceFault::disconnected});
    });
    auto parts = rig.parts();
    parts.status = &board;
    rig.run(std::move(parts));
    REQUIRE(at_attract.has_value());
    CHECK(at_attract->state == mgmt::ApplicationState::available);
    REQUIRE(at_attract->last_frame_unix_ms.has_value());
    const auto after = board.snapshot();
    CHECK(after.state == mgmt::ApplicationState::unavailable);
    CHECK(after.reason == mgmt::StateReason::out_of_service_hardware);
    CHECK(after.devices[1].fault == session::DeviceFault::disconnected);
    CHECK(*after.last_frame_unix_ms >= *at_attract->last_frame_unix_ms);
}

TEST_CASE("the loop times frames and inputs for the status board, and shows it the machine's commands") {
    Rig rig;
    StatusBoard board("kiosk-test", "0", 0, session::DeviceHealthSnapshot{});
    kiosk::test::TestSteadyClock clock;
    rig.events.while_asleep([&] {
        SDL_Event digit{};
        digit.type = SDL_KEYDOWN;
        digit.key.keysym.sym = SDLK_3;  // starts a session, which then times out
        digit.common.timestamp = static_cast<std::uint32_t>(rig.events.now_ms() - 5);  // queued 5 ms ago
        rig.events.push(digit);
    });
    auto parts = rig.parts();
    parts.status = &board;
    parts.clock = &clock;
    rig.run(std::move(parts));
    const auto activity = board.snapshot().activity;
    CHECK(activity.frame_render_s.count() == rig.frames());  // every frame drawn, timed
    CHECK(activity.frame_render_s.sum() == 0);               // on the test clock, which did not move
    REQUIRE(activity.input_to_frame_s.count() == 1);         // the digit, shown by the next frame
    CHECK(activity.input_to_frame_s.sum() == doctest::Approx(0.005));
    const auto timed_out = activity.sessions.find(mgmt::SessionOutcome::timed_out);
    REQUIRE(timed_out != activity.sessions.end());
    CHECK(timed_out->second == 1);
}

TEST_CASE("the service desk wakes the loop: a screenshot with the next frame, maintenance after the session") {
    Rig rig;
    DeskInbox desk_inbox([&rig] { rig.events.push_wake(); }, kDeskInboxCapacity);
    StatusBoard board("kiosk-test", "0", 0, session::DeviceHealthSnapshot{});
    ServiceDesk desk(desk_inbox, MaintenanceSwitch(), *rig.presenter, *rig.host, &board);
    auto shot = std::make_shared<ReplySlot<FrameCapture>>();
    auto order = std::make_shared<ReplySlot<mgmt::MaintenanceStatus>>();
    std::optional<FrameCapture> at_attract;
    std::optional<mgmt::MaintenanceStatus> during_session;
    std::string screen_after_order;
    rig.events.while_asleep([&] { REQUIRE(desk_inbox.push(ScreenshotOrder{shot})); });
    rig.events.while_asleep([&] {
        at_attract = shot->wait_for(std::chrono::milliseconds(0));
        rig.events.push_key(SDLK_3);  // a session begins with its first digit
    });
    rig.events.while_asleep([&] { REQUIRE(desk_inbox.push(MaintenanceOrder{{true, "Ganti printer"}, order})); });
    rig.events.while_asleep([&] {
        during_session = order->wait_for(std::chrono::milliseconds(0));
        screen_after_order = rig.screen();
        rig.events.push_key(SDLK_ESCAPE);  // the resident ends it
    });
    auto parts = rig.parts();
    parts.desk = &desk;
    parts.status = &board;
    rig.run(std::move(parts));

    REQUIRE(at_attract.has_value());
    REQUIRE(at_attract->outcome == FrameCapture::Outcome::captured);
    CHECK(at_attract->pixels->w == 1280);
    REQUIRE(during_session.has_value());
    CHECK(during_session->state == mgmt::MaintenanceState::pending);
    CHECK(screen_after_order == "identify");
    CHECK(rig.machine->phase() == session::Phase::out_of_service);
    CHECK(rig.screen() == "maintenance");
    CHECK(board.snapshot().maintenance.state == mgmt::MaintenanceState::active);
    // Out of service for maintenance the loop sleeps without a limit: no polling for the desk.
    CHECK(rig.events.ended_asleep_without_limit);
}

TEST_CASE("a store answer comes from the store worker and wakes the loop, which never waits on the database") {
    Rig rig;
    std::optional<app::test::StoreWriteLock> lock(std::in_place, rig.dir.file("kiosk.db"));
    // A write ahead of the session's lookup waits on another connection's lock (an import's batch).
    auto nik = core::Nik::parse("3171014101900001");  // synthetic, in no record
    REQUIRE(nik.ok());
    rig.store_worker->post(session::RecordStatus{*nik, core::CardStatus::printed});

    std::optional<session::Phase> while_locked;
    std::optional<session::SessionView> answered;
    rig.events.while_asleep([&] {
        for (char digit : nik->digits()) rig.events.push_key(SDLK_0 + (digit - '0'));
    });
    rig.events.while_asleep([&] { rig.events.push_key(SDLK_RETURN); });  // on the identify screen
    rig.events.while_asleep([&] {
        // The loop is back asleep, the lookup queued behind the locked write.
        while_locked = rig.machine->phase();
        lock.reset();
        rig.events.await_push();  // the lookup's answer, pushed by the store worker
    });
    rig.events.while_asleep([&] { answered = rig.machine->view(); });
    rig.run(rig.parts());

    CHECK(while_locked == session::Phase::looking_up);
    REQUIRE(answered.has_value());
    // Looked up (no record: the same path), then the fingerprint step, which has no sensor here.
    const auto* message = std::get_if<session::MessageScreen>(&answered->screen);
    REQUIRE(message != nullptr);
    CHECK(message->kind == session::MessageKind::fingerprint_unavailable);
    CHECK(rig.machine->phase() == session::Phase::attract);
}
