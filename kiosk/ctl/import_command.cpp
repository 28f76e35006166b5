// kioskctl import: upsert residents' records from NDJSON (format: kiosk/store/ndjson_import.hpp).
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/store_access.hpp"
#include "kiosk/store/ndjson_import.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

namespace kiosk::ctl {
namespace {

// Exit status 2 when some lines were bad (each reported by number on stderr), after importing the rest.
CommandResult run_import(const CtlOptions& options, const std::string& file) {
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::quick, Workload::bulk_load));
    std::ifstream opened;
    std::istream* input = &std::cin;
    if (file != "-") {
        opened.open(file, std::ios::binary);
        if (!opened) return failed("import: cannot open " + file);
        input = &opened;
    }
    const auto summary = TRY(store::import_ndjson(database, *input, [](const store::BadLine& bad) {
        std::fprintf(stderr, "line %lld: %s\n", static_cast<long long>(bad.line), bad.reason.c_str());
    }));
    std::printf("imported %lld records, %lld bad lines\n", static_cast<long long>(summary.imported),
                static_cast<long long>(summary.bad_lines));
    TRY(audit_change(database, "db.import", store::import_audit_detail(summary)));
    return summary.bad_lines > 0 ? kExitUsage : kExitSuccess;
}

}  // namespace

void add_import_commands(CLI::App& app, CtlOptions& options) {
    auto file = std::make_shared<std::string>();
    auto* import = app.add_subcommand(
        "import",
        "Upsert records from NDJSON, one JSON object per line with fields nik, name, status, status_time "
        "(required), queue_position, office_blank_stock, priority, card_serial, templates (base64, optional). "
        "Bad lines are reported by number and skipped; exit status 2 if there were any");
    import->add_option("FILE", *file, "NDJSON file, or - for standard input")->required();
    import->callback([&options, file] { options.exit_code = finish(run_import(options, *file)); });
}

}  // namespace kiosk::ctl
