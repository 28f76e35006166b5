#include "drivers/cardreader/sim/card_factory.hpp"

#include "drivers/cardreader/security_object.hpp"

namespace kiosk::cardreader::sim {

namespace {

constexpr const char* kWhere = "card.make";

// A synthetic fingerprint template: a recognisable header and random minutiae bytes. It is not a
// real sensor template; the fingerprint simulator decides what matches.
Result<Bytes> synthetic_template() {
    auto bytes = TRY(random_bytes(kTemplateSize));
    bytes[0] = 0x03;
    bytes[1] = 0x01;
    return bytes;
}

}  // namespace

Result<CardImage> make_card(const CardSpec& spec, const EcPrivateKey& issuer_key) {
    if (!is_wellformed_nik(spec.biodata.nik)) return fail(kWhere, "NIK must be 16 digits");
    const bool staff = spec.biodata.role == CardRole::staff;
    if (staff &&
        (spec.pin.size() < 4 || spec.pin.size() > 12 || spec.pin.find_first_not_of("0123456789") != std::string::npos))
        return fail(kWhere, "a staff card needs a PIN of 4..12 digits");
    if (!staff && !spec.pin.empty()) return fail(kWhere, "a resident card has no PIN");

    CardImage card;
    card.role = spec.biodata.role;
    card.pin = spec.pin;
    card.pin_tries_max = spec.pin_tries_max;
    card.pin_tries = spec.pin_tries_max;
    card.atr = default_atr();
    if (spec.uid) {
        card.uid = *spec.uid;
    } else {
        card.uid = TRY(random_bytes(7));
        card.uid[0] = 0x04;  // NXP manufacturer byte, as most 7-byte UIDs in the field
    }

    const auto chip_key = TRY(EcPrivateKey::generate());
    card.chip_private_key_pem = chip_key.to_pem();

    SignedFiles signed_files;
    signed_files.biodata = encode_biodata(spec.biodata);
    if (!staff) {
        for (auto [source, target] : {std::pair{&spec.template_right, &signed_files.template_right},
                                      std::pair{&spec.template_left, &signed_files.template_left}}) {
            if (*source) {
                if ((*source)->size() != kTemplateSize) return fail(kWhere, "a template must be 512 bytes");
                *target = **source;
            } else {
                *target = TRY(synthetic_template());
            }
        }
    }
    signed_files.chip_public_key = chip_key.public_key().point();
    auto signature = TRY(issuer_key.sign(security_object_message(signed_files)));

    if (spec.tampering == Tampering::forge) {
        // Rewrite the name after signing: the bytes on the card no longer hash to what was signed.
        Biodata altered = spec.biodata;
        altered.name += " X";
        signed_files.biodata = encode_biodata(altered);
    } else if (spec.tampering == Tampering::clone) {
        // Copy every file, but the copier cannot extract the chip's private key: use another one.
        card.chip_private_key_pem = TRY(EcPrivateKey::generate()).to_pem();
    }

    card.files[static_cast<std::uint16_t>(Fid::biodata)] = *signed_files.biodata;
    if (signed_files.template_right)
        card.files[static_cast<std::uint16_t>(Fid::template_right)] = *signed_files.template_right;
    if (signed_files.template_left)
        card.files[static_cast<std::uint16_t>(Fid::template_left)] = *signed_files.template_left;
    card.files[static_cast<std::uint16_t>(Fid::chip_public_key)] = *signed_files.chip_public_key;
    card.files[static_cast<std::uint16_t>(Fid::security_object)] = std::move(signature);
    return card;
}

}  // namespace kiosk::cardreader::sim
