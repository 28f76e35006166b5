// kioskctl audit verify | append: check the audit log's hash chain, or add an operator's entry.
#include "kiosk/ctl/command_groups.hpp"
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

// Exit status 1, naming the first bad row on stdout, when the chain is broken.
CommandResult run_verify(const CtlOptions& options) {
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::quick));
    const auto verdict = TRY(store::AuditLog(database).verify());
    if (verdict.first_break) {
        std::printf("audit row %lld: %s\n", static_cast<long long>(verdict.first_break->row_id),
                    verdict.first_break->reason.c_str());
        return kExitFailure;
    }
    std::printf("%lld rows, chain intact\n", static_cast<long long>(verdict.rows));
    return kExitSuccess;
}

CommandResult run_append(const CtlOptions& options, const AppendArguments& arguments) {
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::none));
    const std::int64_t id =
        TRY(store::AuditLog(database).append(arguments.actor, arguments.action, arguments.detail, unix_now_s()));
    std::printf("audit row %lld appended\n", static_cast<long long>(id));
    return kExitSuccess;
}

}  // namespace

void add_audit_commands(CLI::App& app, CtlOptions& options) {
    auto* audit = app.add_subcommand("audit", "The append-only, hash-chained audit log");
    audit->require_subcommand(1);

    auto* verify = audit->add_subcommand("verify", "Check the hash chain; exit 1 naming the first bad row");
    verify->callback([&options] { options.exit_code = finish(run_verify(options)); });

    auto arguments = std::make_shared<AppendArguments>();
    auto* append = audit->add_subcommand("append", "Add an entry (no personal data: ids, codes and counts only)");
    append->add_option("--actor", arguments->actor, "Who acted, e.g. staff:S-001")->required();
    append->add_option("--action", arguments->action, "What was done, e.g. bin.cleared")->required();
    append->add_option("--detail", arguments->detail, "Details");
    append->callback([&options, arguments] { options.exit_code = finish(run_append(options, *arguments)); });
}

}  // namespace kiosk::ctl
