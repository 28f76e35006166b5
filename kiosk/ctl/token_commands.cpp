// kioskctl token create | list | revoke: the management server's bearer tokens (kiosk/store/tokens.hpp).
//
// create prints the new token's secret as the one line on stdout, so `kioskctl token create ... > file`
// captures it and nothing else; everything meant for the person goes to stderr. The secret is written
// before the transaction commits: a token that could not be shown is never left behind, active.
// Audit rows name the token and its role, never the secret.
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/store_access.hpp"
#include "kiosk/ctl/utc_time.hpp"
#include "kiosk/store/tokens.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

namespace kiosk::ctl {
namespace {

constexpr std::int64_t kSecondsPerDay = 86'400;
constexpr std::int64_t kExpiresDaysMax = 3'650;  // ten years: far enough for any real rotation plan
constexpr const char* kNameRule = "--name must be 1 to 64 letters, digits, '-', '_' or '.'";

struct CreateArguments {
    std::string role;
    std::string name;
    std::optional<std::int64_t> expires_days;
};

std::string optional_time(const std::optional<std::int64_t>& unix_s) {
    return unix_s ? utc_iso(*unix_s) : "-";
}

CommandResult run_create(const CtlOptions& options, const CreateArguments& arguments) {
    const auto role = store::token_role_from_wire_code(arguments.role);
    if (!role) return usage_error("--role must be operator or monitor, got \"" + arguments.role + "\"");
    if (!store::is_valid_token_name(arguments.name)) return usage_error(kNameRule);
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::none));
    const std::int64_t now_s = unix_now_s();
    std::optional<std::int64_t> expires_at_s;
    if (arguments.expires_days) expires_at_s = now_s + *arguments.expires_days * kSecondsPerDay;

    // One transaction: the token and its audit row are committed together or not at all.
    auto transaction = TRY(store::Transaction::begin(database, store::TransactionKind::immediate, "ctl.token.create"));
    const auto issued = TRY(store::Tokens(database).create(arguments.name, *role, expires_at_s, now_s));
    std::string detail = "name=" + issued.info.name + " role=" + store::wire_code(issued.info.role);
    if (expires_at_s) detail += " expires_at=" + std::to_string(*expires_at_s);
    TRY(audit_change(database, "token.create", detail));
    const std::string line = issued.secret + "\n";
    if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size() || std::fflush(stdout) != 0) {
        return failed("could not write the token to standard output; no token was created");
    }
    TRY(transaction.commit());
    const std::string note = "token " + issued.info.name + " (" + store::wire_code(issued.info.role) + ", expires " +
                             (expires_at_s ? utc_iso(*expires_at_s) : std::string("never")) +
                             ") created. It is shown only this once: store it now.\n";
    std::fwrite(note.data(), 1, note.size(), stderr);
    return kExitSuccess;
}

CommandResult run_list(const CtlOptions& options) {
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::none));
    const auto tokens = TRY(store::Tokens(database).list());
    if (tokens.empty()) {
        std::printf("no tokens\n");
        return kExitSuccess;
    }
    int name_width = 4;
    for (const auto& token : tokens) name_width = std::max(name_width, static_cast<int>(token.name.size()));
    std::printf("%-*s  %-8s  %-20s  %-20s  %s\n", name_width, "name", "role", "created", "expires", "revoked");
    for (const auto& token : tokens) {
        std::printf("%-*s  %-8s  %-20s  %-20s  %s\n", name_width, token.name.c_str(), store::wire_code(token.role),
                    utc_iso(token.created_at_s).c_str(), optional_time(token.expires_at_s).c_str(),
                    optional_time(token.revoked_at_s).c_str());
    }
    return kExitSuccess;
}

CommandResult run_revoke(const CtlOptions& options, const std::string& name) {
    if (!store::is_valid_token_name(name)) return usage_error(kNameRule);
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::none));
    auto transaction = TRY(store::Transaction::begin(database, store::TransactionKind::immediate, "ctl.token.revoke"));
    if (!TRY(store::Tokens(database).revoke(name, unix_now_s()))) {
        return failed("no token named " + name + " to revoke (there is none, or it is already revoked)");
    }
    TRY(audit_change(database, "token.revoke", "name=" + name));
    TRY(transaction.commit());
    std::printf("token %s revoked\n", name.c_str());
    return kExitSuccess;
}

}  // namespace

void add_token_commands(CLI::App& app, CtlOptions& options) {
    auto* token = app.add_subcommand("token", "Bearer tokens for the management server (stored as hashes only)");
    token->require_subcommand(1);

    auto created = std::make_shared<CreateArguments>();
    auto* create = token->add_subcommand("create", "Issue a token; its secret is printed once, on stdout");
    create->add_option("--role", created->role, "operator (may change things) or monitor (read only)")->required();
    create->add_option("--name", created->name, "A label for it, unique: 1-64 of A-Z a-z 0-9 - _ .")->required();
    create->add_option("--expires", created->expires_days, "Days until it stops working (default: never)")
        ->check(CLI::Range(std::int64_t{1}, kExpiresDaysMax));
    create->callback(
        [&options, created] { options.exit_code = finish(run_create(options, *created), "kioskctl token create"); });

    auto* list = token->add_subcommand("list", "Every token's name, role and times (never a secret)");
    list->callback([&options] { options.exit_code = finish(run_list(options), "kioskctl token list"); });

    auto revoked_name = std::make_shared<std::string>();
    auto* revoke = token->add_subcommand("revoke", "Stop a token from working, at once and for good");
    revoke->add_option("--name", *revoked_name, "The token's name")->required();
    revoke->callback([&options, revoked_name] {
        options.exit_code = finish(run_revoke(options, *revoked_name), "kioskctl token revoke");
    });
}

}  // namespace kiosk::ctl
