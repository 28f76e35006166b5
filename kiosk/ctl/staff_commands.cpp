// kioskctl staff add | list | disable: the roster of office staff who may service the kiosk with their
// staff card (kiosk/store/staff.hpp).
//
// A card serial is the card's number, not a resident's personal data: list prints it in full, so
// staff can match a card in hand to its line. Each change writes an audit row naming the staff id
// and role (never the name), in the same transaction as the change.
#include "kiosk/core/staff/staff_role.hpp"
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/store_access.hpp"
#include "kiosk/store/staff.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace kiosk::ctl {
namespace {

constexpr std::size_t kNameMax = 100;
constexpr std::size_t kCardSerialMax = 64;
constexpr const char* kIdRule = "--id must be 1 to 32 letters, digits, '-', '_' or '.'";

struct AddArguments {
    std::string id;
    std::string name;
    std::string role;
    std::string card_serial;
};

// Printable ASCII or UTF-8 without control characters: safe to print in a terminal.
bool printable(std::string_view text) {
    return std::none_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7F;
    });
}

bool valid_card_serial(std::string_view serial) {
    return !serial.empty() && serial.size() <= kCardSerialMax &&
           std::all_of(serial.begin(), serial.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

CommandResult run_add(const CtlOptions& options, const AddArguments& arguments) {
    if (!store::is_valid_staff_id(arguments.id)) return usage_error(kIdRule);
    const std::string name = arguments.name;
    if (name.empty() || name.size() > kNameMax || !printable(name)) {
        return usage_error("--name must be 1 to 100 characters, without control characters");
    }
    const auto role = core::staff::staff_role_from_wire_code(arguments.role);
    if (!role) return usage_error("--role must be OPERATOR, TECHNICIAN or SUPERVISOR, got \"" + arguments.role + "\"");
    if (!valid_card_serial(arguments.card_serial)) {
        return usage_error("--card-serial must be 1 to 64 printable ASCII characters without spaces");
    }
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::none));
    auto transaction = TRY(store::Transaction::begin(database, store::TransactionKind::immediate, "ctl.staff.add"));
    store::Staff staff(database);
    if (TRY(staff.get(arguments.id))) {
        return failed("staff member " + arguments.id + " exists already (staff are never re-added; use a new id)");
    }
    // One card, one person, also after that person was disabled (the schema's UNIQUE card_serial).
    for (const auto& member : TRY(staff.list())) {
        if (member.card_serial == arguments.card_serial) {
            return failed("card " + arguments.card_serial + " belongs to staff member " + member.staff_id +
                          (member.active ? "" : " (disabled)"));
        }
    }
    const store::StaffMember member{
        .staff_id = arguments.id, .name = name, .card_serial = arguments.card_serial, .role = *role, .active = true};
    TRY(staff.upsert(member));
    TRY(audit_change(database, "staff.add",
                     "staff=" + arguments.id + " role=" + std::string(core::staff::wire_code(*role))));
    TRY(transaction.commit());
    std::printf("staff member %s (%s) added\n", arguments.id.c_str(), std::string(wire_code(*role)).c_str());
    return kExitSuccess;
}

CommandResult run_list(const CtlOptions& options) {
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::none));
    const auto members = TRY(store::Staff(database).list());
    if (members.empty()) {
        std::printf("no staff\n");
        return kExitSuccess;
    }
    int id_width = 2;
    int name_width = 4;
    for (const auto& member : members) {
        id_width = std::max(id_width, static_cast<int>(member.staff_id.size()));
        name_width = std::max(name_width, static_cast<int>(member.name.size()));
    }
    std::printf("%-*s  %-*s  %-10s  %-8s  %s\n", id_width, "id", name_width, "name", "role", "active", "card_serial");
    for (const auto& member : members) {
        std::printf("%-*s  %-*s  %-10s  %-8s  %s\n", id_width, member.staff_id.c_str(), name_width, member.name.c_str(),
                    std::string(wire_code(member.role)).c_str(), member.active ? "yes" : "no",
                    member.card_serial ? member.card_serial->c_str() : "-");
    }
    return kExitSuccess;
}

CommandResult run_disable(const CtlOptions& options, const std::string& id) {
    if (!store::is_valid_staff_id(id)) return usage_error(kIdRule);
    auto database = TRY(open_store_for_command(options, store::IntegrityCheck::none));
    auto transaction = TRY(store::Transaction::begin(database, store::TransactionKind::immediate, "ctl.staff.disable"));
    if (!TRY(store::Staff(database).set_active(id, false))) {
        return failed("no active staff member " + id + " to disable (there is none, or it is disabled already)");
    }
    TRY(audit_change(database, "staff.disable", "staff=" + id));
    TRY(transaction.commit());
    std::printf("staff member %s disabled: the card opens nothing now\n", id.c_str());
    return kExitSuccess;
}

}  // namespace

void add_staff_commands(CLI::App& app, CtlOptions& options) {
    auto* staff = app.add_subcommand("staff", "Office staff who may service the kiosk with their staff card");
    staff->require_subcommand(1);

    auto added = std::make_shared<AddArguments>();
    auto* add = staff->add_subcommand("add", "Add a staff member with their staff card's serial (active at once)");
    add->add_option("--id", added->id, "Staff id, unique: 1-32 of A-Z a-z 0-9 - _ . (the audit log's actor)")
        ->required();
    add->add_option("--name", added->name, "Name, as the staff screens greet them")->required();
    add->add_option("--role", added->role, "OPERATOR, TECHNICIAN or SUPERVISOR")->required();
    add->add_option("--card-serial", added->card_serial, "The serial of their staff card (its chip's 5F06)")
        ->required();
    add->callback([&options, added] { options.exit_code = finish(run_add(options, *added), "kioskctl staff add"); });

    auto* list = staff->add_subcommand("list", "Every staff member: id, name, role, active, card serial");
    list->callback([&options] { options.exit_code = finish(run_list(options), "kioskctl staff list"); });

    auto disabled_id = std::make_shared<std::string>();
    auto* disable = staff->add_subcommand("disable", "Stop a staff member's card from opening staff mode, for good");
    disable->add_option("--id", *disabled_id, "The staff id")->required();
    disable->callback([&options, disabled_id] {
        options.exit_code = finish(run_disable(options, *disabled_id), "kioskctl staff disable");
    });
}

}  // namespace kiosk::ctl
