// kiosk: the ktp-kiosk appliance program. Wiring only: configuration, store, SDL, the device
// services, the session machine and the loop (see DESIGN.md, "Threads").
//
// stdout carries the lines an operator or a test reads: with --demo one line per demo resident
// ("demo-resident ROLE NIK", synthetic people), "ready ..." once the first frame is on screen, the
// management URLs ("mgmt", "mgmt-central"; with --demo the central client's files and an operator
// token), and
// with --trace the screen names and event/command kinds (never personal data). stderr carries the
// log (kiosk/log: errors and device faults, one event per line).
#include "kiosk/app/app_options.hpp"
#include "kiosk/app/bearer_tokens.hpp"
#include "kiosk/app/card_readers.hpp"
#include "kiosk/app/card_service.hpp"
#include "kiosk/app/command_dispatch.hpp"
#include "kiosk/app/config/config.hpp"
#include "kiosk/app/demo_world.hpp"
#include "kiosk/app/device_setup.hpp"
#include "kiosk/app/device_worker.hpp"
#include "kiosk/app/dispenser_service.hpp"
#include "kiosk/app/event_feed.hpp"
#include "kiosk/app/event_source.hpp"
#include "kiosk/app/fingerprint_service.hpp"
#include "kiosk/app/health_probes.hpp"
#include "kiosk/app/journal_settlement.hpp"
#include "kiosk/app/kiosk_loop.hpp"
#include "kiosk/app/live_config.hpp"
#include "kiosk/app/maintenance_setting.hpp"
#include "kiosk/app/management.hpp"
#include "kiosk/app/management_mailbox.hpp"
#include "kiosk/app/operator_console.hpp"
#include "kiosk/app/operator_data.hpp"
#include "kiosk/app/operator_orders.hpp"
#include "kiosk/app/records_import.hpp"
#include "kiosk/app/service_desk.hpp"
#include "kiosk/app/session_setup.hpp"
#include "kiosk/app/staff_dispatch.hpp"
#include "kiosk/app/staff_inbox.hpp"
#include "kiosk/app/staff_store_service.hpp"
#include "kiosk/app/startup_reconciliation.hpp"
#include "kiosk/app/status_board.hpp"
#include "kiosk/app/store_service.hpp"
#include "kiosk/app/store_worker.hpp"
#include "kiosk/app/systemd_notify.hpp"
#include "kiosk/log/log.hpp"
#include "kiosk/mgmt/demo_certificates.hpp"
#include "kiosk/store/store.hpp"
#include "kiosk/store/tokens.hpp"
#include "kiosk/ui/screenshot.hpp"
#include "kiosk/ui/sdl_display.hpp"
#include "kiosk/ui/session_presenter.hpp"
#include "kiosk/ui/text_renderer.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

namespace {

using namespace kiosk;
using namespace kiosk::app;

// One stdio call per line: workers say lines too, and a line must never be split by another's.
void say(const std::string& line) {
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
}

std::int64_t unix_now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(wall_now().time_since_epoch()).count();
}

// The management server's certificate, key and client CA: the configured files on an appliance; with
// --demo, a throw-away CA, server certificate and central client certificate made now
// (kiosk/mgmt/demo_certificates.hpp), the client's files written into `demo_dir` for curl.
Result<mgmt::TlsMaterial> management_tls(const Config& config, const DemoWorld* demo,
                                         std::optional<mgmt::DemoClientFiles>& demo_files) {
    if (!demo) return mgmt::read_tls_material(config.mgmt.tls_cert, config.mgmt.tls_key, config.mgmt.client_ca);
    const auto made = TRY(mgmt::make_demo_certificates());
    demo_files = TRY(mgmt::write_demo_client_files(made, demo->directory()));
    return mgmt::TlsMaterial{made.server.certificate_pem, made.server.private_key_pem, made.ca.certificate_pem};
}

// The services own their connections to the store (each used on the server's thread only).
Result<std::unique_ptr<Management>> start_management(const Config& config, ManagementPorts ports, const DemoWorld* demo,
                                                     const StatusBoard& status, ProbeSources probes, DeskInbox& desk,
                                                     LiveConfig& live_config,
                                                     std::optional<mgmt::DemoClientFiles>& demo_files) {
    const auto material = TRY(management_tls(config, demo, demo_files));
    auto authenticate = TRY(token_authenticator(config.kiosk.database_path, unix_now_s));
    ManagementServices services;
    services.status = &status;
    services.operator_data = TRY(OperatorData::open(config.kiosk.database_path, live_config, unix_now_s));
    // The readings share the audit route's verified prefix and follow the live pickup deadline.
    probes.audit_chain = [data = services.operator_data.get()] { return data->audit_chain(); };
    probes.slots_past_deadline =
        past_pickup_deadline([&live_config] { return live_config.effective().session.pickup_deadline_days; });
    services.readings = TRY(HealthProbes::open(std::move(probes)));
    services.events =
        TRY(StoreEventFeed::open(config.kiosk.database_path, {config.kiosk.id, kEventRetention_s, unix_now_s}));
    services.orders = TRY(OperatorOrders::open(config.kiosk.database_path, desk, unix_now_s));
    services.start_records_import = TRY(records_import_over(config.kiosk.database_path, unix_now_s));
    services.central_port = ports.central;
    // The console signs operators in with the bearer check; the operators' listener then takes its
    // session cookies too.
    services.console = TRY(open_operator_console(config.kiosk.database_path, authenticate, unix_now_s));
    mgmt::Authenticate operators = services.console->authenticator();
    return Management::start(config.mgmt, ports.operators, material, std::move(services), std::move(operators));
}

// What the management server's thread reads itself: the dispenser's and the card service's last
// readings (no device I/O), the store on its own connection, the disk.
ProbeSources probe_sources(const Config& config, const DispenserService& dispenser, CardService* card) {
    ProbeSources probes;
    probes.database_path = config.kiosk.database_path;
    probes.dispenser = [&dispenser] { return dispenser.reading(); };
    if (card) probes.read_position_reader = [card] { return card->read_position_fault(); };
    probes.now_unix_s = unix_now_s;
    return probes;
}

// The demo's operator token, made for this run (names are never reused, so the time is in it) and
// printed once, for trying the management interface with curl. Synthetic: the demo's own database.
Result<std::string> demo_operator_token(const std::string& database_path) {
    store::OpenOptions options;
    options.integrity = store::IntegrityCheck::none;  // the store-check worker does that, off this thread
    auto database = TRY(store::open_store(database_path, options));
    store::Tokens tokens(database);
    const std::int64_t now = unix_now_s();
    const auto issued = TRY(tokens.create("demo-operator-" + std::to_string(now), store::TokenRole::operator_,
                                          now + 24 * 60 * 60, now));
    return issued.secret;
}

int fail_with(const Error& error) {
    log::error("kiosk.failed", {log::kv("where", error.where), log::kv("reason", error.what)});
    return 1;
}

// Runs the kiosk until it is asked to stop; an error that ends it early is returned.
Status run(const AppOptions& options) {
    SystemdNotify notify;
    const auto started = std::chrono::steady_clock::now();
    std::chrono::milliseconds demo_setup{0};

    // --- configuration (and, for the demo, the simulated lobby)
    std::unique_ptr<DemoWorld> demo;
    Config config;
    if (options.demo && !options.config_path) {
        DemoOptions demo_options;
        demo_options.issuer_key_path = (std::filesystem::path(options.assets_dir) / "demo" / "TEST-ONLY-issuer.key.pem").string();
        demo_options.directory = options.demo_dir;
        demo = TRY(DemoWorld::create(demo_options));
        demo_setup = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        config = demo->config();
        config.display.width_px = 1280;
        config.display.height_px = 800;
        config.display.diagonal_mm = 257;  // a 10.1 inch panel, so a desktop window keeps real key sizes
    } else {
        config = TRY(load_config(options.config_path.value_or(kDefaultConfigPath)));
    }
    log::set_threshold(config.log.level);
    if (options.fullscreen) config.display.fullscreen = true;
    if (options.renderer) config.display.renderer = *options.renderer == "accelerated" ? Renderer::accelerated : Renderer::software;
    if (options.size) {
        config.display.width_px = options.size->width_px;
        config.display.height_px = options.size->height_px;
    }

    // --- the store (the store worker's connection once it runs: store_worker.hpp)
    // quick_check reads every page of the file (4 s at a million residents): it must never stand
    // between power-on and the first frame. It runs after the first frame on its own connection and
    // worker (below); a damaged file then takes the kiosk out of service.
    store::OpenOptions open_options;
    open_options.integrity = store::IntegrityCheck::none;
    auto database = TRY(store::open_store(config.kiosk.database_path, open_options));
    // Operators' live changes (PATCH /api/v1/config), kept in the store, over the file.
    auto live_config = TRY(LiveConfig::open(config, database, unix_now_s()));
    config = live_config->effective();
    // Unsettled until start-up reconciliation succeeded; a failed journal write unsettles it again.
    JournalSettlement journal_settlement;
    StoreService store_service(database, config.kiosk.id);
    store_service.set_journal_settlement(&journal_settlement);
    // An operator's maintenance outlives a power cut. A kiosk that cannot read it from its store stays
    // out of service for its store (the reason an operator reads: not maintenance, which nobody ordered).
    MaintenanceSwitch maintenance;
    std::optional<core::session::StoreFault> store_fault_at_start;
    if (auto persisted = load_maintenance_reason(database)) {
        maintenance = MaintenanceSwitch(std::move(persisted).value());
    } else {
        log::error("maintenance.load_failed", {log::kv("reason", persisted.error().to_string())});
        store_fault_at_start = core::session::StoreFault::damaged;
    }

    // --- SDL
    const auto runtime = TRY(ui::SdlRuntime::start());
    static std::uint32_t wake_event = 0;
    wake_event = TRY(register_wake_event());
    SessionInbox inbox(wake_function(&wake_event));
    StaffInbox staff_inbox(wake_function(&wake_event));
    DeskInbox desk_inbox(wake_function(&wake_event), kDeskInboxCapacity);
    ManagementMailbox mailbox(wake_function(&wake_event));
    live_config->set_publisher([&mailbox](const Config& effective) {
        // The whole effective configuration: a newer one supersedes one still queued, never lost.
        mailbox.push_latest(ConfigChanged{effective}, [](const ManagementMessage& queued) {
            return std::holds_alternative<ConfigChanged>(queued);
        });
    });

    const auto metrics = TRY(ui::PhysicalMetrics::from(
        ui::ScreenSpec{config.display.width_px, config.display.height_px, double(config.display.diagonal_mm), std::nullopt}));
    ui::DisplayConfig display_config;
    display_config.title = "ktp-kiosk";
    display_config.size = {config.display.width_px, config.display.height_px};
    display_config.mode = config.display.fullscreen ? ui::WindowMode::fullscreen : ui::WindowMode::windowed;
    display_config.renderer =
        config.display.renderer == Renderer::accelerated ? ui::RendererKind::accelerated : ui::RendererKind::software;
    auto display = TRY(ui::Display::open(display_config));
    auto text = TRY(ui::TextRenderer::open(display.renderer(), std::filesystem::path(options.assets_dir) / "fonts"));
    const ui::Theme theme;
    ui::ScreenHost host(display, text, theme, metrics);
    std::optional<ui::ScreenshotDirectory> shots;
    if (!options.screenshot_dir.empty()) {
        shots.emplace(TRY(ui::ScreenshotDirectory::open(options.screenshot_dir)));
        host.set_screenshot_directory(&*shots);
    }
    ui::SessionPresenter presenter(host);
    ui::StaffPresenter staff_presenter(host);
    presenter.enable_demo_controls(demo != nullptr);
    presenter.set_notice(config.kiosk.notice);

    // --- devices
    const auto fingerprint_port = TRY(port_spec_for(config.fingerprint.device, demo ? demo->fingerprint_port() : ""));
    const auto dispenser_port = TRY(port_spec_for(config.dispenser.device, demo ? demo->dispenser_port() : ""));
    FingerprintService fingerprint(inbox, config.fingerprint, fingerprint_port);
    DispenserService dispenser(inbox, config.dispenser, dispenser_port, journal_settlement,
                               [db_path = config.kiosk.database_path](dispenser::Dispenser& device) {
                                   return reconcile_pickups_at_startup(device, db_path);
                               });
    store_service.set_bin_counter_source([&dispenser] { return dispenser.bin_counter(); });  // atomic: any thread
    dispenser.set_staff_inbox(&staff_inbox);
    std::unique_ptr<CardService> card;
    if (auto issuer = cardreader::EcPublicKey::from_pem_file(config.cardreader.issuer_public_key); issuer) {
        card = std::make_unique<CardService>(
            inbox, std::make_unique<PcscCardReaders>(std::move(issuer.value())),
            cardreader::ReaderRoles{config.cardreader.front_reader, config.cardreader.dispenser_reader}, config.cardreader.read_timeout_ms);
        card->set_staff_inbox(&staff_inbox);
    } else {
        // NIK-only: cards cannot be checked without the key.
        log::warn("card.issuer_key_unavailable", {log::kv("reason", issuer.error().to_string())});
    }

    // --- the session
    const auto session_config = session_config_from(config);
    presenter.set_message_display_ms(static_cast<std::uint64_t>(session_config.message_display.count()));
    core::session::DeviceHealthSnapshot health;
    // Until pcscd lists the front reader; CardService starts from the same belief (InitialReport::down).
    health.card_reader = core::session::DeviceFault::disconnected;
    // No pickup before the dispenser answered and the journal was reconciled with it.
    health.dispenser = core::session::DeviceFault::not_responding;
    health.maintenance = maintenance.machine_flag();
    health.store = store_fault_at_start;
    // The lock book is read here, on this thread before the first frame and before the store worker
    // takes the connection: a small WAL read, which no writer blocks. From here on only the worker
    // touches the database for the session.
    core::session::SessionMachine machine(session_config, health, wall_now(), store_service.load_lock_book());
    StoreWorker store_worker(store_service, inbox);
    CommandDispatch dispatch(Services{&store_worker, &fingerprint, &dispenser, card.get()}, inbox);
    // Staff mode: its store work on the session's store worker and connection, in one order with it.
    StaffStoreService staff_store(database, store_service, [&live_config] {
        return live_config->effective().session.pickup_deadline_days;
    }, [&dispenser] { return dispenser.reading(); });
    store_worker.set_staff(&staff_store, &staff_inbox);
    core::staff::StaffMachine staff_machine(staff_config_from(config), wall_now());
    StaffDispatch staff_dispatch(StaffServices{&store_worker, &dispenser, &fingerprint, card.get()}, staff_inbox);
    StatusBoard status(config.kiosk.id, KIOSK_VERSION, unix_now_s(), health);
    ServiceDesk desk(desk_inbox, std::move(maintenance), presenter, host, &status);
    std::unique_ptr<Management> management;

    fingerprint.connect();
    dispenser.connect();
    if (card) card->start();

    if (demo) {
        say("demo-dir " + demo->directory().string());
        for (const auto& resident : demo_residents()) say("demo-resident " + resident.role + " " + resident.nik);
        // The demo's own staff card and PIN (synthetic): "Kartu petugas / Staff card" on the DEMO strip.
        say(std::string("demo-staff ") + kDemoStaffId + " pin " + kDemoStaffPin);
        if (!demo->pcsc_available()) {
            say("nik-only: pcscd with vsmartcard-vpcd is not reachable, so cards cannot be tapped or checked at "
                "the dispenser (run scripts/demo as root to start it)");
        }
    }

    SdlEventSource events;
    LoopParts parts;
    parts.events = &events;
    parts.host = &host;
    parts.presenter = &presenter;
    parts.machine = &machine;
    parts.dispatch = &dispatch;
    parts.inbox = &inbox;
    parts.mailbox = &mailbox;
    parts.notify = &notify;
    parts.demo = demo.get();
    parts.status = &status;
    parts.desk = &desk;
    parts.trace = options.trace;
    parts.staff = &staff_machine;
    parts.staff_presenter = &staff_presenter;
    parts.staff_dispatch = &staff_dispatch;
    parts.staff_inbox = &staff_inbox;
    parts.faults_pending = [&] { return !fingerprint.up() || !dispenser.up() || store_service.disk_full(); };
    parts.retry_faults = [&] {
        if (!fingerprint.up()) fingerprint.connect();
        if (!dispenser.up()) dispenser.connect();
        if (store_service.disk_full()) store_worker.post(ProbeStore{});
    };
    DeviceWorker integrity_check("store-check");
    DeviceWorker management_start("mgmt-start");
    parts.on_first_frame = [&] {
        integrity_check.post([&inbox, path = config.kiosk.database_path, trace = options.trace] {
            store::OpenOptions check;
            check.integrity = store::IntegrityCheck::quick;
            check.cache_size_kib = 1024;  // a sequential read: a large cache would only cost memory
            if (auto checked = store::open_store(path, check); !checked) {
                // Out of service until staff act.
                log::error("store.integrity_check_failed", {log::kv("reason", checked.error().to_string())});
                // Once only, and never to be lost; the status board hears it with the machine.
                inbox.deliver(core::session::StoreHealth{core::session::StoreFault::damaged});
                if (trace) say("store-check failed");
            } else if (trace) {
                say("store-check ok");
            }
        });
        // The demo world (database seeding, cards, simulators) is not part of an appliance's start:
        // its share is printed so that measurements can tell the two apart.
        say("ready video=" + ui::SdlRuntime::video_driver() + " renderer=" + display.renderer_name() +
            " demo_setup_ms=" + std::to_string(demo_setup.count()));
        // Management starts after the first frame and off this thread: its TLS set-up (key generation
        // for the demo) and its database connections (tokens) are not the resident's wait, and a
        // write lock held elsewhere must not freeze the screen. A kiosk whose management cannot start
        // still serves residents; the failure is logged and shown in systemd's status line.
        management_start.post([&] {
            const auto ports = management_ports(options, config.mgmt.port, config.mgmt.central_port);
            std::optional<mgmt::DemoClientFiles> demo_files;
            auto serving = start_management(config, ports, demo.get(), status,
                                            probe_sources(config, dispenser, card.get()), desk_inbox, *live_config,
                                            demo_files);
            if (serving) {
                management = std::move(serving).value();
                const bool ipv6 = config.mgmt.listen.find(':') != std::string::npos;
                const std::string authority = ipv6 ? "[" + config.mgmt.listen + "]" : config.mgmt.listen;
                say("mgmt https://" + authority + ":" + std::to_string(management->port()));
                say("mgmt-central https://" + authority + ":" + std::to_string(management->central_port()));
                if (demo_files) {
                    say("mgmt-central-cert " + demo_files->certificate.string());
                    say("mgmt-central-key " + demo_files->private_key.string());
                    say("mgmt-ca " + demo_files->ca.string());
                }
                if (demo) {
                    if (auto token = demo_operator_token(config.kiosk.database_path)) {
                        say("mgmt-operator-token " + *token);
                    } else {
                        log::error("mgmt.demo_token_failed", {log::kv("reason", token.error().to_string())});
                    }
                }
                notify.ready("attract screen shown");
            } else {
                log::error("mgmt.start_failed", {log::kv("reason", serving.error().to_string())});
                notify.ready("attract screen shown; management interface down: " + serving.error().to_string());
            }
        });
    };
    KioskLoop loop(std::move(parts));
    const auto ran = loop.run();
    status.on_stopping();
    notify.stopping();
    // The session's last store writes (a closing journaled just before SIGTERM) reach the disk.
    store_worker.stop();
    management_start.stop();  // a start under way finishes: `management` is then set or not
    if (management) management->stop();
    // Stop in reverse: the readers first (their callbacks post to the workers), then the workers,
    // then (by scope) the demo's simulators and the database.
    if (card) card->stop();
    fingerprint.stop();
    dispenser.stop();
    return ran;
}

}  // namespace

int main(int argc, char** argv) {
    // A reader of stdout that goes away (a closed pipe, a finished test harness) must not end the
    // kiosk: its status lines are then lost, the resident's session is not. Sockets write with
    // MSG_NOSIGNAL already; this covers stdout and stderr.
    std::signal(SIGPIPE, SIG_IGN);
    auto options = kiosk::app::parse_app_options(argc, argv);
    if (!options) return options.error();
    if (auto ran = run(*options); !ran) return fail_with(ran.error());
    return 0;
}
