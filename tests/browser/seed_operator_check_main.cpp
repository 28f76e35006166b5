// Makes, in a kiosk's database, a pickup that needs a person, the way a power cut makes one: a
// resident's card in a slot, the pickup's intent and fetch journaled, then start-up reconciliation
// with the dispenser's inventory unreadable ("slot occupancy unknown"). All of it through the store's
// own code (PickupJournal, reconcile_open_pickups), on the live file (WAL lets the running kiosk
// go on). For the console's browser test: the Operator checks page must list it.
//
// Usage: seed_operator_check --db PATH --slot N --nik NIK --serial SERIAL
// Prints the journal id; exit 1 with the reason on stderr when the store refuses.
#include "kiosk/store/pickup_journal.hpp"
#include "kiosk/store/pickup_reconciler.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/slots.hpp"
#include "kiosk/store/store.hpp"
#include "tests/kiosk/store/in_kiosk_record.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace {

kiosk::Result<std::int64_t> seed(const std::string& path, std::int64_t slot, const kiosk::core::Nik& nik,
                                 const std::string& serial) {
    using namespace kiosk;
    const auto now_s =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto db = TRY(store::open_store(path, {}));
    TRY(store::Records(db).upsert(kiosk::test::in_kiosk_record(nik, serial.c_str())));
    (void)TRY(store::Records(db).set_slot(nik, slot));
    TRY(store::Slots(db).load(slot, serial, nik, now_s - 3600));
    store::PickupJournal journal(db);
    const std::int64_t id = TRY(journal.begin(nik, slot, now_s - 60, 3));
    TRY(journal.step(id, store::PickupState::fetched, now_s - 59));
    const auto report = TRY(store::reconcile_open_pickups(db, store::StartupSnapshot{}, now_s));
    for (const auto& entry : report.entries)
        if (entry.journal_id == id && entry.decision.outcome != core::ReconcileOutcome::operator_check)
            return fail("seed_operator_check", "reconciliation decided the pickup instead of leaving it to staff");
    return id;
}

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> args;
    for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    const auto nik = kiosk::core::Nik::parse(args["--nik"]);
    if (args["--db"].empty() || args["--slot"].empty() || !nik || args["--serial"].empty()) {
        std::fprintf(stderr, "usage: seed_operator_check --db PATH --slot N --nik NIK --serial SERIAL\n");
        return 2;
    }
    const auto id = seed(args["--db"], std::atoll(args["--slot"].c_str()), *nik, args["--serial"]);
    if (!id) {
        std::fprintf(stderr, "seed_operator_check: %s\n", id.error().to_string().c_str());
        return 1;
    }
    std::printf("%lld\n", static_cast<long long>(*id));
    return 0;
}
