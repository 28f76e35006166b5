// kioskctl seed: fill an empty database with synthetic residents (demo, tests, benchmarks).
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/store_access.hpp"
#include "kiosk/store/synthetic_residents.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>

namespace kiosk::ctl {
namespace {

struct SeedArguments {
    std::int64_t records = 1000;
    int region = 1403;
    std::uint64_t seed = 1;
    std::int64_t slots = 200;
};

CommandResult run_seed(const CtlOptions& options, const SeedArguments& arguments) {
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::quick, Workload::bulk_load));
    store::SeedOptions seed_options;
    seed_options.records = arguments.records;
    seed_options.region = arguments.region;
    seed_options.seed = arguments.seed;
    seed_options.slots = arguments.slots;
    const auto started = std::chrono::steady_clock::now();
    const auto summary = TRY(store::seed_synthetic_residents(database, seed_options));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("seeded %lld records (%lld print-ready, %lld in the kiosk) in %.2f s: %.0f records/s\n",
                static_cast<long long>(summary.records), static_cast<long long>(summary.print_ready),
                static_cast<long long>(summary.in_kiosk), seconds,
                seconds > 0 ? static_cast<double>(summary.records) / seconds : 0.0);
    TRY(audit_change(database, "db.seed",
                     "records=" + std::to_string(summary.records) + " region=" + std::to_string(arguments.region) +
                         " seed=" + std::to_string(arguments.seed)));
    return kExitSuccess;
}

}  // namespace

void add_seed_commands(CLI::App& app, CtlOptions& options) {
    auto arguments = std::make_shared<SeedArguments>();
    auto* seed = app.add_subcommand(
        "seed", "Fill an empty database with synthetic residents of one kabupaten/kota (deterministic per --seed)");
    seed->add_option("--records", arguments->records, "Number of residents")->required()->check(CLI::NonNegativeNumber);
    seed->add_option("--region", arguments->region, "Province + kabupaten/kota code, 4 digits (e.g. 1403)")
        ->required()
        ->check(CLI::Range(1100, 9999));
    seed->add_option("--seed", arguments->seed, "Generator seed: the same seed gives the same database content")
        ->capture_default_str();
    seed->add_option("--slots", arguments->slots, "Dispenser slots to fill with IN_KIOSK cards")
        ->capture_default_str()
        ->check(CLI::Range(0, 9999));
    seed->callback([&options, arguments] { options.exit_code = finish(run_seed(options, *arguments)); });
}

}  // namespace kiosk::ctl
