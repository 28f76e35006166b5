// kioskctl nik check NIK [--json] [--today YYYY-MM-DD]
//
// Checks a NIK the operator typed, with the same rules the kiosk's keypad uses (kiosk/core/nik.hpp).
// Exit status: 0 a valid NIK, 1 not (the reason on stderr), 2 usage error. Date digits that are not a
// date (30 February, month 13) still make a valid NIK, as they do at the keypad (a hint the resident
// confirms past): a warning on stderr, exit 0. Form errors and digits no NIK is issued with (an
// unknown province, kabupaten/kota or kecamatan 00, serial 0000) exit 1. Output never shows the middle
// digits: plain output echoes the NIK masked; --json prints the parts the rules look at.
#include "kiosk/core/nik.hpp"
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/command_result.hpp"
#include "kiosk/ctl/json_line.hpp"

#include <CLI/CLI.hpp>
#include <boost/json/object.hpp>

#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace kiosk::ctl {
namespace {

constexpr int kExitValid = kExitSuccess;
constexpr int kExitNotValid = kExitFailure;

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

std::string two_digits(int value) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d", value);
    return text;
}

// What the rules make of the typed NIK: the refusal (a form error, or digits no NIK is issued with)
// and the warning (date digits that are not a date), each the first of its kind.
struct NikVerdict {
    std::optional<core::NikError> refusal;
    std::optional<core::NikError> warning;
    [[nodiscard]] bool plausible() const { return !refusal && !warning; }
};

NikVerdict verdict_of(const Result<core::Nik, core::NikError>& parsed, core::CivilDate today) {
    NikVerdict verdict;
    if (!parsed) {
        verdict.refusal = parsed.error();
        return verdict;
    }
    for (const core::NikError& problem : core::plausibility_problems(*parsed, today)) {
        auto& slot = core::is_date_digits_problem(problem.problem) ? verdict.warning : verdict.refusal;
        if (!slot) slot = problem;
    }
    return verdict;
}

boost::json::value code_of(const std::optional<core::NikError>& problem) {
    return problem ? boost::json::value(core::to_code(problem->problem)) : nullptr;
}
boost::json::value message_of(const std::optional<core::NikError>& problem) {
    return problem ? boost::json::value(problem->message()) : nullptr;
}

// One JSON object on one line (json_line.hpp). Fields the NIK does not yield (a malformed NIK has no
// parts) are null. "plausible": no rule broken; "valid": exit status 0, the NIK may be looked up;
// "problem": why it is not valid; "warning": the date digits' problem of a valid NIK.
std::string nik_json(const Result<core::Nik, core::NikError>& parsed, const NikVerdict& verdict,
                     core::CivilDate today) {
    boost::json::object out;
    out["plausible"] = verdict.plausible();
    out["valid"] = !verdict.refusal;
    out["problem"] = code_of(verdict.refusal);
    out["message"] = message_of(verdict.refusal);
    out["warning"] = code_of(verdict.warning);
    out["warning_message"] = message_of(verdict.warning);
    if (parsed) {
        const core::Nik& nik = *parsed;
        out["masked"] = nik.masked_ascii();
        out["province"] = two_digits(nik.province_code());
        out["regency"] = two_digits(nik.regency_code());
        out["district"] = two_digits(nik.district_code());
        const auto sex = nik.sex();
        out["sex"] = sex ? boost::json::value(*sex == core::Sex::female ? "female" : "male") : nullptr;
        const auto birth = nik.birth_date(today);
        out["birth_date"] = birth ? boost::json::value(birth->iso()) : nullptr;
        char serial[8];
        std::snprintf(serial, sizeof serial, "%04d", nik.serial());
        out["serial"] = serial;
    } else {
        for (const char* name : {"masked", "province", "regency", "district", "sex", "birth_date", "serial"})
            out[name] = nullptr;
    }
    return json_line(out);
}

// The warning's line on stderr, in finish()'s format, for the person at the terminal.
void warn(const core::NikError& warning) {
    const std::string line = "kioskctl nik check: warning (" + std::string(core::to_code(warning.problem)) +
                             "): " + warning.message() +
                             "; a NIK keeps the date digits it was issued with, so it is still valid\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
}

CommandResult run_nik_check(const NikCheckArgs& args, const std::vector<std::string>& extras) {
    if (!extras.empty()) return usage_error("unexpected argument " + extras.front());
    if (args.nik_parts.empty()) return usage_error("give the NIK to check, e.g. kioskctl nik check 1403121505900001");
    core::CivilDate today = local_today();
    if (!args.today.empty()) {
        const auto given = core::CivilDate::parse(args.today);
        if (!given) return usage_error("--today must be a calendar date YYYY-MM-DD, got \"" + args.today + "\"");
        today = *given;
    }
    std::string typed;
    for (const std::string& part : args.nik_parts) typed += (typed.empty() ? "" : " ") + part;

    const auto parsed = core::Nik::parse(typed);
    const NikVerdict verdict = verdict_of(parsed, today);

    if (args.json) std::printf("%s\n", nik_json(parsed, verdict, today).c_str());
    if (verdict.refusal) {
        const core::NikError& refusal = *verdict.refusal;
        return fail(
            CommandError{"not a valid NIK (" + std::string(core::to_code(refusal.problem)) + "): " + refusal.message(),
                         kExitNotValid});
    }
    if (!args.json) {
        std::printf("%s: %s\n", parsed->masked_ascii().c_str(),
                    verdict.warning ? "valid, with a warning" : "plausible");
    }
    if (verdict.warning) {
        std::fflush(stdout);  // the verdict's line before the warning's, where both go to one terminal
        warn(*verdict.warning);
    }
    return kExitValid;
}

}  // namespace

void add_nik_commands(CLI::App& app, CtlOptions& options) {
    auto* nik = app.add_subcommand("nik", "Check a NIK against the kiosk's typing rules");
    auto args = std::make_shared<NikCheckArgs>();
    auto* check = nik->add_subcommand(
        "check",
        "Exit 0 if the NIK is valid (date digits that are not a date only warn, on stderr), 1 if not "
        "(reason on stderr), 2 on a usage error");
    check->add_option("nik", args->nik_parts, "The NIK: 16 digits, spaces or dashes allowed between groups");
    check->add_flag("--json", args->json, "Print the parts of the NIK as one JSON object");
    check->add_option("--today", args->today, "The date to resolve the birth year against (default: today)");
    check->allow_extras();
    check->callback([check, args, &options] {
        options.exit_code = finish(run_nik_check(*args, check->remaining()), "kioskctl nik check");
    });
    nik->callback([nik, &options] {
        if (!nik->get_subcommands().empty()) return;
        options.exit_code = finish(usage_error("name a command, e.g. kioskctl nik check NIK"), "kioskctl nik");
    });
}

}  // namespace kiosk::ctl
