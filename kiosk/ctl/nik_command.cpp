// kioskctl nik check NIK [--json] [--today YYYY-MM-DD]
//
// Checks a NIK the operator typed, with the same rules the kiosk's keypad uses (kiosk/core/nik.hpp).
// Exit status: 0 plausible, 1 not (the reason on stderr), 2 usage error. Output never shows the
// middle digits: plain output echoes the NIK masked; --json prints the parts the rules look at.
#include "kiosk/core/nik.hpp"
#include "kiosk/ctl/ctl_options.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace kiosk::ctl {
namespace {

constexpr int kExitPlausible = 0;
constexpr int kExitNotPlausible = 1;
constexpr int kExitUsage = 2;

struct NikCheckArgs {
    std::vector<std::string> nik_parts;  // "1403 1215 0590 0001" may arrive as one argument or four
    bool json = false;
    std::string today;
};

// The office's calendar date: the kiosk's clock is set to the office's local time zone.
core::CivilDate local_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return core::CivilDate{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string two_digits(int value) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d", value);
    return text;
}

// One JSON object on one line. Fields the NIK does not yield (a malformed NIK has no parts) are null.
std::string nik_json(const Result<core::Nik, core::NikError>& parsed, const std::optional<core::NikError>& problem,
                     core::CivilDate today) {
    std::string out = "{";
    const auto field = [&out](std::string_view name, const std::string& value) {
        if (out.size() > 1) out += ", ";
        out += json_string(name) + ": " + value;
    };
    field("plausible", problem ? "false" : "true");
    field("problem", problem ? json_string(core::to_code(problem->problem)) : "null");
    field("message", problem ? json_string(problem->message()) : "null");
    if (parsed) {
        const core::Nik& nik = *parsed;
        field("masked", json_string(nik.masked_ascii()));
        field("province", json_string(two_digits(nik.province_code())));
        field("regency", json_string(two_digits(nik.regency_code())));
        field("district", json_string(two_digits(nik.district_code())));
        const auto sex = nik.sex();
        field("sex", sex ? json_string(*sex == core::Sex::female ? "female" : "male") : "null");
        const auto birth = nik.birth_date(today);
        field("birth_date", birth ? json_string(birth->iso()) : "null");
        char serial[8];
        std::snprintf(serial, sizeof serial, "%04d", nik.serial());
        field("serial", json_string(serial));
    } else {
        for (const char* name : {"masked", "province", "regency", "district", "sex", "birth_date", "serial"})
            field(name, "null");
    }
    return out + "}";
}

int run_nik_check(const NikCheckArgs& args, const std::vector<std::string>& extras) {
    if (!extras.empty()) {
        std::fprintf(stderr, "kioskctl nik check: unexpected argument %s\n", extras.front().c_str());
        return kExitUsage;
    }
    if (args.nik_parts.empty()) {
        std::fprintf(stderr, "kioskctl nik check: give the NIK to check, e.g. kioskctl nik check 1403121505900001\n");
        return kExitUsage;
    }
    core::CivilDate today = local_today();
    if (!args.today.empty()) {
        const auto given = core::CivilDate::parse(args.today);
        if (!given) {
            std::fprintf(stderr, "kioskctl nik check: --today must be a calendar date YYYY-MM-DD, got \"%s\"\n",
                         args.today.c_str());
            return kExitUsage;
        }
        today = *given;
    }
    std::string typed;
    for (const std::string& part : args.nik_parts) typed += (typed.empty() ? "" : " ") + part;

    const auto parsed = core::Nik::parse(typed);
    std::optional<core::NikError> problem;
    if (!parsed)
        problem = parsed.error();
    else
        problem = core::check_plausibility(*parsed, today);

    if (args.json) std::printf("%s\n", nik_json(parsed, problem, today).c_str());
    if (problem) {
        std::fprintf(stderr, "kioskctl nik check: not plausible (%s): %s\n", core::to_code(problem->problem),
                     problem->message().c_str());
        return kExitNotPlausible;
    }
    if (!args.json) std::printf("%s: plausible\n", parsed->masked_ascii().c_str());
    return kExitPlausible;
}

}  // namespace

void add_nik_commands(CLI::App& app, CtlOptions& options) {
    auto* nik = app.add_subcommand("nik", "Check a NIK against the kiosk's typing rules");
    auto args = std::make_shared<NikCheckArgs>();
    auto* check =
        nik->add_subcommand("check", "Exit 0 if the NIK is plausible, 1 if not (reason on stderr), 2 on a usage error");
    check->add_option("nik", args->nik_parts, "The NIK: 16 digits, spaces or dashes allowed between groups");
    check->add_flag("--json", args->json, "Print the parts of the NIK as one JSON object");
    check->add_option("--today", args->today, "The date to resolve the birth year against (default: today)");
    check->allow_extras();
    check->callback([check, args, &options] { options.exit_code = run_nik_check(*args, check->remaining()); });
    nik->callback([nik, &options] {
        if (!nik->get_subcommands().empty()) return;
        std::fprintf(stderr, "kioskctl nik: name a command, e.g. kioskctl nik check NIK\n");
        options.exit_code = kExitUsage;
    });
}

}  // namespace kiosk::ctl
