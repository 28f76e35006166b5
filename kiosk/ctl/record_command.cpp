// kioskctl record NIK: show one resident's record, the NIK masked unless --unmask.
#include "kiosk/core/nik.hpp"
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/store_access.hpp"
#include "kiosk/ctl/utc_time.hpp"
#include "kiosk/store/records.hpp"
#include "kiosk/store/templates.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace kiosk::ctl {
namespace {

struct RecordArguments {
    std::string nik;
    bool unmask = false;
};

std::string or_dash(const std::optional<std::int64_t>& value) {
    return value ? std::to_string(*value) : "-";
}

// Exit status 1 with "no record for <masked NIK>" when the NIK has none.
CommandResult run_record(const CtlOptions& options, const RecordArguments& arguments) {
    const auto nik = core::Nik::parse(arguments.nik);
    if (!nik) return usage_error("record: " + nik.error().message());
    // A lookup must be quick even on a large database: the kiosk checks integrity at its own start.
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::none));
    const auto found = TRY(store::Records(database).get(*nik));
    if (!found) {
        std::fprintf(stderr, "no record for %s\n", nik->masked_ascii().c_str());
        return kExitFailure;
    }
    const store::Record& r = *found;
    const auto fingers = store::Templates(database).get(*nik);
    std::printf("nik:                %s\n", arguments.unmask ? nik->grouped().c_str() : nik->masked_ascii().c_str());
    std::printf("name:               %s\n", r.name.c_str());
    std::printf("status:             %s\n", std::string(core::wire_code(r.status)).c_str());
    std::printf("status_time:        %s (%lld)\n", utc_iso(r.status_time_s).c_str(),
                static_cast<long long>(r.status_time_s));
    std::printf("queue_position:     %s\n", or_dash(r.queue_position).c_str());
    std::printf("office_blank_stock: %s\n", or_dash(r.office_blank_stock).c_str());
    std::printf("priority:           %s\n", std::string(core::wire_code(r.priority)).c_str());
    std::printf("card_serial:        %s\n", r.card_serial ? r.card_serial->c_str() : "-");
    std::printf("slot:               %s\n", or_dash(r.slot).c_str());
    // The record is shown even when its templates cannot be read.
    if (fingers) {
        std::printf("templates:          %d\n", (fingers->first ? 1 : 0) + (fingers->second ? 1 : 0));
    } else {
        std::printf("templates:          unreadable (%s)\n", fingers.error().to_string().c_str());
    }
    return kExitSuccess;
}

}  // namespace

void add_record_commands(CLI::App& app, CtlOptions& options) {
    auto arguments = std::make_shared<RecordArguments>();
    auto* record = app.add_subcommand("record", "Show one resident's record (NIK masked unless --unmask)");
    record->add_option("NIK", arguments->nik, "The 16-digit NIK")->required();
    record->add_flag("--unmask", arguments->unmask, "Show the NIK in full (only for the resident's own case)");
    record->callback([&options, arguments] { options.exit_code = finish(run_record(options, *arguments)); });
}

}  // namespace kiosk::ctl
