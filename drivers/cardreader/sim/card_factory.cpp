#include "drivers/cardreader/sim/card_factory.hpp"

#include "drivers/cardreader/security_object.hpp"

namespace kiosk::cardreader::sim {

namespace {

constexpr const char* kWhere = "card.make";

// A synthetic fingerprint template: a recognisable header and random minutiae bytes. It is not a
// real sensor template; the fingerprint simulator decides what matches.
Result<Bytes> synthetic_template() {
    auto bytes = random_bytes(kTemplateSize);
    if (!bytes) return fail(bytes.error());
    (*bytes)[0] = 0x03;
    (*bytes)[1] = 0x01;
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
        auto uid = random_bytes(7);
        if (!uid) return fail(uid.error());
        card.uid = std::move(*uid);
        card.uid[0] = 0x04;  // NXP manufacturer byte, as most 7-byte UIDs in the field
    }

    auto chip_key = EcPrivateKey::generate();
    if (!chip_key) return fail(chip_key.error());
    card.chip_private_key_pem = chip_key->to_pem();

    SignedFiles signed_files;
    signed_files.biodata = encode_biodata(spec.biodata);
    if (!staff) {
        for (auto [source, target] : {std::pair{&spec.template_right, &signed_files.template_right},
                                      std::pair{&spec.template_left, &signed_files.template_left}}) {
            if (*source) {
                if ((*source)->size() != kTemplateSize) return fail(kWhere, "a template must be 512 bytes");
                *target = **source;
            } else {
                auto generated = synthetic_template();
                if (!generated) return fail(generated.error());
                *target = std::move(*generated);
            }
        }
    }
    signed_files.chip_public_key = chip_key->public_key().point();
    auto signature = issuer_key.sign(security_object_message(signed_files));
    if (!signature) return fail(signature.error());

    if (spec.tampering == Tampering::forge) {
        // Rewrite the name after signing: the bytes on the card no longer hash to what was signed.
        Biodata altered = spec.biodata;
        altered.name += " X";
        signed_files.biodata = encode_biodata(altered);
    } else if (spec.tampering == Tampering::clone) {
        // Copy every file, but the copier cannot extract the chip's private key: use another one.
        auto other = EcPrivateKey::generate();
        if (!other) return fail(other.error());
        card.chip_private_key_pem = other->to_pem();
    }

    card.files[static_cast<std::uint16_t>(Fid::biodata)] = *signed_files.biodata;
    if (signed_files.template_right)
        card.files[static_cast<std::uint16_t>(Fid::template_right)] = *signed_files.template_right;
    if (signed_files.template_left)
        card.files[static_cast<std::uint16_t>(Fid::template_left)] = *signed_files.template_left;
    card.files[static_cast<std::uint16_t>(Fid::chip_public_key)] = *signed_files.chip_public_key;
    card.files[static_cast<std::uint16_t>(Fid::security_object)] = std::move(*signature);
    return card;
}

}  // namespace kiosk::cardreader::sim
