// kioskctl audit verify | append: check the audit log's hash chain, or add an operator's entry.
#include "kiosk/ctl/store_access.hpp"
#include "kiosk/store/audit.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace kiosk::ctl {
namespace {

struct AppendArguments {
    std::string actor;
    std::string action;
    std::string detail;
};

}  // namespace

void add_audit_commands(CLI::App& app, CtlOptions& options) {
    auto* audit = app.add_subcommand("audit", "The append-only, hash-chained audit log");
    audit->require_subcommand(1);

    auto* verify = audit->add_subcommand("verify", "Check the hash chain; exit 1 naming the first bad row");
    verify->callback([&options] {
        auto database = open_store_for_command(options, store::IntegrityCheck::quick);
        if (!database) return;
        store::AuditLog log(*database);
        auto verdict = log.verify();
        if (!verdict) {
            std::fprintf(stderr, "kioskctl: %s\n", verdict.error().to_string().c_str());
            options.exit_code = 1;
            return;
        }
        if (verdict->first_break) {
            std::printf("audit row %lld: %s\n", static_cast<long long>(verdict->first_break->row_id),
                        verdict->first_break->reason.c_str());
            options.exit_code = 1;
            return;
        }
        std::printf("%lld rows, chain intact\n", static_cast<long long>(verdict->rows));
    });

    auto arguments = std::make_shared<AppendArguments>();
    auto* append = audit->add_subcommand("append", "Add an entry (no personal data: ids, codes and counts only)");
    append->add_option("--actor", arguments->actor, "Who acted, e.g. staff:S-001")->required();
    append->add_option("--action", arguments->action, "What was done, e.g. bin.cleared")->required();
    append->add_option("--detail", arguments->detail, "Details");
    append->callback([&options, arguments] {
        auto database = open_store_for_command(options, store::IntegrityCheck::none);
        if (!database) return;
        store::AuditLog log(*database);
        auto id = log.append(arguments->actor, arguments->action, arguments->detail, unix_now_s());
        if (!id) {
            std::fprintf(stderr, "kioskctl: %s\n", id.error().to_string().c_str());
            options.exit_code = 1;
            return;
        }
        std::printf("audit row %lld appended\n", static_cast<long long>(*id));
    });
}

}  // namespace kiosk::ctl
