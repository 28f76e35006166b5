// kioskctl import: upsert residents' records from NDJSON (format: kiosk/store/ndjson_import.hpp).
#include "kiosk/ctl/store_access.hpp"
#include "kiosk/store/ndjson_import.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

namespace kiosk::ctl {

void add_import_commands(CLI::App& app, CtlOptions& options) {
    auto file = std::make_shared<std::string>();
    auto* import = app.add_subcommand(
        "import",
        "Upsert records from NDJSON, one JSON object per line with fields nik, name, status, status_time "
        "(required), queue_position, office_blank_stock, priority, card_serial, templates (base64, optional). "
        "Bad lines are reported by number and skipped; exit status 2 if there were any");
    import->add_option("FILE", *file, "NDJSON file, or - for standard input")->required();
    import->callback([&options, file] {
        auto database = open_store_for_command(options, store::IntegrityCheck::quick, Workload::bulk_load);
    if (!database) return;
    std::ifstream opened;
    std::istream* input = &std::cin;
    if (*file != "-") {
        opened.open(*file, std::ios::binary);
        if (!opened) {
            std::fprintf(stderr, "kioskctl: import: cannot open %s\n", file->c_str());
            options.exit_code = 1;
            return;
        }
        input = &opened;
    }
    auto summary = store::import_ndjson(*database, *input, [](const store::BadLine& bad) {
        std::fprintf(stderr, "line %lld: %s\n", static_cast<long long>(bad.line), bad.reason.c_str());
    });
    if (!summary) {
        std::fprintf(stderr, "kioskctl: %s\n", summary.error().to_string().c_str());
        options.exit_code = 1;
        return;
    }
    std::printf("imported %lld records, %lld bad lines\n", static_cast<long long>(summary->imported),
                static_cast<long long>(summary->bad_lines));
    options.exit_code = summary->bad_lines > 0 ? 2 : 0;
    audit_change(*database, options, "db.import",
                 "imported=" + std::to_string(summary->imported) + " bad_lines=" + std::to_string(summary->bad_lines));
});
}  // namespace kiosk::ctl

}  // namespace kiosk::ctl
