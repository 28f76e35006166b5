// kioskctl card keygen | make: virtual KTP-el cards for tests and the demo.
#include "drivers/cardreader/biodata.hpp"
#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/sim/card_factory.hpp"
#include "kiosk/ctl/command_groups.hpp"
#include "kiosk/ctl/command_result.hpp"

#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <memory>

namespace kiosk::ctl {

namespace {

namespace card = kiosk::cardreader;

struct MakeArgs {
    std::string nik, issuer_key, out, name = "PENDUDUK CONTOH", place = "JAKARTA", dob = "19900101", sex = "L",
                                      serial = "SIM0000001", issued = "20240101", region, pin;
    bool staff = false, forge = false, clone = false;
};

struct KeygenArgs {
    std::string out_private, out_public;
};

bool write_file(const std::string& path, const std::string& text, mode_t mode) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text) || !out.flush()) return false;
    out.close();
    return ::chmod(path.c_str(), mode) == 0;
}

CommandResult run_keygen(const KeygenArgs& args) {
    const auto key = TRY(card::EcPrivateKey::generate());
    if (!write_file(args.out_private, key.to_pem(), 0600) ||
        !write_file(args.out_public, key.public_key().to_pem(), 0644)) {
        return failed("cannot write the key files");
    }
    std::printf("issuer key pair written (P-256): private %s, public %s\n", args.out_private.c_str(),
                args.out_public.c_str());
    return kExitSuccess;
}

CommandResult run_make(const MakeArgs& args) {
    // Format check only (16 ASCII digits); the core NIK parser adds the plausibility rules.
    if (!card::is_wellformed_nik(args.nik)) return usage_error("--nik must be 16 digits");
    if (args.forge && args.clone) return usage_error("--forge and --clone exclude each other");
    const auto issuer = TRY(card::EcPrivateKey::from_pem_file(args.issuer_key));
    card::sim::CardSpec spec;
    spec.biodata.nik = args.nik;
    spec.biodata.name = args.name;
    spec.biodata.place_of_birth = args.place;
    spec.biodata.date_of_birth = args.dob;
    spec.biodata.sex = args.sex;
    spec.biodata.serial = args.serial;
    spec.biodata.date_of_issue = args.issued;
    spec.biodata.region = args.region.empty() ? args.nik.substr(0, 4) : args.region;
    spec.biodata.role = args.staff ? card::CardRole::staff : card::CardRole::resident;
    spec.pin = args.pin;
    spec.tampering = args.forge   ? card::sim::Tampering::forge
                     : args.clone ? card::sim::Tampering::clone
                                  : card::sim::Tampering::none;
    // The card file is checked by the same parser the kiosk uses, so a bad --dob fails here. Both
    // this and make_card refuse what the options asked for: usage errors.
    if (auto check = card::parse_biodata(card::encode_biodata(spec.biodata)); !check) {
        return usage_error(check.error().to_string());
    }
    const auto image = card::sim::make_card(spec, issuer);
    if (!image) return usage_error(image.error().to_string());
    TRY(card::sim::save_card_file(*image, args.out));
    ::chmod(args.out.c_str(), 0600);
    std::printf("card written to %s (%s%s)\n", args.out.c_str(), args.staff ? "staff" : "resident",
                args.forge   ? ", forged"
                : args.clone ? ", cloned chip"
                             : "");
    return kExitSuccess;
}

}  // namespace

void add_card_commands(CLI::App& app, CtlOptions& options) {
    auto* group = app.add_subcommand("card", "Virtual KTP-el cards for tests and the demo");
    group->require_subcommand(1);

    auto keygen = std::make_shared<KeygenArgs>();
    auto* keygen_cmd = group->add_subcommand("keygen", "Create a TEST issuer key pair (P-256, PEM)");
    keygen_cmd->add_option("--out-private", keygen->out_private, "private key file (mode 0600)")->required();
    keygen_cmd->add_option("--out-public", keygen->out_public, "public key file, for the kiosk's configuration")
        ->required();
    keygen_cmd->callback([keygen, &options] { options.exit_code = finish(run_keygen(*keygen)); });

    auto make = std::make_shared<MakeArgs>();
    auto* make_cmd = group->add_subcommand("make", "Write a card file for kiosk-sim-card, signed by the issuer key");
    make_cmd->add_option("--nik", make->nik, "NIK, 16 digits")->required();
    make_cmd->add_option("--issuer-key", make->issuer_key, "issuer private key (PEM)")->required();
    make_cmd->add_option("--out", make->out, "card file to write")->required();
    make_cmd->add_option("--name", make->name, "full name")->capture_default_str();
    make_cmd->add_option("--place", make->place, "place of birth")->capture_default_str();
    make_cmd->add_option("--dob", make->dob, "date of birth YYYYMMDD")->capture_default_str();
    make_cmd->add_option("--sex", make->sex, "L or P")->capture_default_str();
    make_cmd->add_option("--serial", make->serial, "card serial number")->capture_default_str();
    make_cmd->add_option("--issued", make->issued, "date of issue YYYYMMDD")->capture_default_str();
    make_cmd->add_option("--region", make->region, "issuing region, 4 digits (default: from the NIK)");
    auto* staff = make_cmd->add_flag("--staff", make->staff, "a staff card (needs --pin)");
    make_cmd->add_option("--pin", make->pin, "staff PIN, 4..12 digits")->needs(staff);
    auto* forge = make_cmd->add_flag("--forge", make->forge, "change the data after signing (a forged card)");
    make_cmd->add_flag("--clone", make->clone, "use another chip key than 0104 names (a cloned chip)")->excludes(forge);
    make_cmd->callback([make, &options] { options.exit_code = finish(run_make(*make)); });
}

}  // namespace kiosk::ctl
