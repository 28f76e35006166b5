// StoreWorkerRig: a real store file holding one synthetic resident whose card waits in kSlot, the
// store service with its worker on the rig's connection, an InboxProbe for the answers, and a
// connection of the test's own for reading what the worker wrote.
#pragma once

#include "kiosk/app/store_worker.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/app/in_kiosk_resident.hpp"
#include "tests/kiosk/app/inbox_probe.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <optional>
#include <string>

namespace kiosk::app::test {

inline constexpr int kSlot = 3;
// Far longer than any test: a thread waiting it out would show as a hang, not as a slow pass.
inline constexpr int kLongBusyTimeoutMs = 30'000;

inline core::Nik nik_of(const char* digits) {
    auto nik = core::Nik::parse(digits);
    REQUIRE(nik.ok());
    return *nik;
}

struct StoreWorkerRig {
    kiosk::testing::TempDir dir;
    std::string path = dir.file("kiosk.db");
    std::optional<store::Database> db;  // the worker's connection
    std::optional<StoreService> service;
    InboxProbe probe;
    std::optional<StoreWorker> worker;
    const core::Nik nik = nik_of("3171014101900001");

    explicit StoreWorkerRig(int busy_timeout_ms = kLongBusyTimeoutMs) {
        store::OpenOptions options;
        options.busy_timeout_ms = busy_timeout_ms;
        auto opened = store::open_store(path, options);
        REQUIRE(opened.ok());
        db.emplace(std::move(opened.value()));
        add_in_kiosk_resident(*db, nik, kSlot);
        service.emplace(*db, "kiosk-test");
        worker.emplace(*service, probe.inbox());
    }

    [[nodiscard]] store::Database reader() const {
        auto opened = store::open_store(path, {});
        REQUIRE(opened.ok());
        return std::move(opened.value());
    }
};

}  // namespace kiosk::app::test
