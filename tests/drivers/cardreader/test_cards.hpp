// Synthetic cards for the card-reader tests: a test issuer key generated per process (never a real
// key) and cards issued with it. The NIKs and names are invented.
#pragma once

#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/sim/card_factory.hpp"

#include <doctest/doctest.h>

namespace kiosk::cardreader::test {

inline const EcPrivateKey& test_issuer_key() {
    static const EcPrivateKey key = EcPrivateKey::generate().value();
    return key;
}

inline Biodata test_biodata(CardRole role = CardRole::resident) {
    Biodata bio;
    bio.nik = role == CardRole::staff ? "3171016507850002" : "3171014101900001";
    bio.name = role == CardRole::staff ? "PETUGAS UJI" : "WARGA UJI COBA";
    bio.place_of_birth = "JAKARTA";
    bio.date_of_birth = "19900101";
    bio.sex = "L";
    bio.serial = "SIM0000001";
    bio.date_of_issue = "20240101";
    bio.region = "3171";
    bio.role = role;
    return bio;
}

inline sim::CardImage make_test_card(sim::Tampering tampering = sim::Tampering::none) {
    sim::CardSpec spec;
    spec.biodata = test_biodata();
    spec.tampering = tampering;
    auto card = sim::make_card(spec, test_issuer_key());
    REQUIRE(card.ok());
    return card.value();
}

inline sim::CardImage make_staff_card(const std::string& pin) {
    sim::CardSpec spec;
    spec.biodata = test_biodata(CardRole::staff);
    spec.pin = pin;
    auto card = sim::make_card(spec, test_issuer_key());
    REQUIRE(card.ok());
    return card.value();
}

}  // namespace kiosk::cardreader::test
