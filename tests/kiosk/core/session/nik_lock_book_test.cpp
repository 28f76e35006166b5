#include "kiosk/core/session/nik_lock_book.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace kiosk::core;
using namespace kiosk::core::session;
using namespace std::chrono_literals;

namespace {
Nik nik_of(std::string_view digits) {
    auto nik = Nik::parse(digits);
    REQUIRE(nik.ok());
    return *nik;
}
const Instant kT0 = Instant{std::chrono::sys_days{std::chrono::year{2026} / 11 / 21}};
LockPolicy policy(int failures, Millis window, Millis duration, std::size_t max_entries = 100) {
    return LockPolicy{failures, window, duration, max_entries};
}
}  // namespace

TEST_CASE("the configured number of failures within the window locks for the configured time") {
    NikLockBook book(policy(3, 1h, 30min));
    const Nik nik = nik_of("3174055708900001");
    CHECK_FALSE(book.record_failure(nik, kT0));
    CHECK_FALSE(book.record_failure(nik, kT0 + 10min));
    CHECK_FALSE(book.is_locked(nik, kT0 + 10min));
    CHECK(book.record_failure(nik, kT0 + 20min));
    CHECK(book.is_locked(nik, kT0 + 20min));
    CHECK(book.is_locked(nik, kT0 + 49min));
    CHECK(book.locked_until(nik, kT0 + 21min) == kT0 + 50min);
    CHECK_FALSE(book.is_locked(nik, kT0 + 50min));
    CHECK_FALSE(book.is_locked(nik_of("3174051203850002"), kT0 + 20min));
}

TEST_CASE("failures older than the window do not count") {
    NikLockBook book(policy(3, 1h, 30min));
    const Nik nik = nik_of("3174055708900001");
    book.record_failure(nik, kT0);
    book.record_failure(nik, kT0 + 30min);
    CHECK_FALSE(book.record_failure(nik, kT0 + 61min));  // the first fell out of the window
    CHECK(book.record_failure(nik, kT0 + 62min));
}

TEST_CASE("a verified owner clears the failures") {
    NikLockBook book(policy(2, 1h, 30min));
    const Nik nik = nik_of("3174055708900001");
    book.record_failure(nik, kT0);
    book.record_success(nik);
    CHECK_FALSE(book.record_failure(nik, kT0 + 1min));
    CHECK(book.size() == 1);
}

TEST_CASE("stale entries are pruned and the book stays bounded, keeping locks over loose failures") {
    NikLockBook book(policy(2, 1h, 2h, 3));
    const Nik locked = nik_of("3174055708900001");
    book.record_failure(locked, kT0);
    REQUIRE(book.record_failure(locked, kT0 + 1min));
    for (int i = 1; i <= 20; ++i) {
        std::string digits = "31740512038500" + std::string(i < 10 ? "0" : "") + std::to_string(i);
        book.record_failure(nik_of(digits), kT0 + 2min + Millis(i));
        CHECK(book.size() <= 3);
    }
    CHECK(book.is_locked(locked, kT0 + 3min));
    book.prune(kT0 + 90min);  // loose failures are out of the window; the lock runs on
    CHECK(book.size() == 1);
    book.prune(kT0 + 3h);
    CHECK(book.size() == 0);
}

TEST_CASE("a clock set back never stretches a lock beyond one lock duration from now") {
    NikLockBook book(policy(1, 1h, 30min));
    const Nik nik = nik_of("3174055708900001");
    REQUIRE(book.record_failure(nik, kT0 + 24h));  // stamped while the clock ran a day ahead
    CHECK(book.locked_until(nik, kT0) == kT0 + 30min);
    book.prune(kT0);
    CHECK_FALSE(book.is_locked(nik, kT0 + 30min));
}

TEST_CASE("entries survive a round trip through persistence; corrupt rows are dropped") {
    NikLockBook book(policy(2, 1h, 30min));
    const Nik a = nik_of("3174055708900001");
    const Nik b = nik_of("3174051203850002");
    book.record_failure(a, kT0);
    book.record_failure(b, kT0);
    book.record_failure(b, kT0 + 1min);
    auto saved = book.entries();
    saved.push_back(NikLockBook::Entry{"12345", {kT0}, std::nullopt});
    NikLockBook restored(policy(2, 1h, 30min));
    restored.restore(saved, kT0 + 2min);
    CHECK(restored.entries() == book.entries());
    CHECK(restored.is_locked(b, kT0 + 2min));
    CHECK(restored.record_failure(a, kT0 + 3min));
}
