#include "drivers/dispenser/sim/mechanism_state.hpp"

#include <doctest/doctest.h>

#include <unistd.h>
#include <cstdio>

using namespace kiosk::dispenser::sim;

namespace {

MechanismState sample() {
    MechanismState s = empty_mechanism(20);
    s.slots[3] = "/cards/a card.card";
    s.slots[19] = "/cards/b.card";
    s.place = CardPlace::read_position;
    s.transport_card = "/cards/c.card";
    s.bin_counter = 7;
    s.bin_full = true;
    s.bin_cards = {"/cards/d.card", "/cards/e.card"};
    s.taken_cards = {"/cards/f.card", "/cards/f.card"};
    return s;
}

}  // namespace

TEST_CASE("a state round-trips through its text form") {
    const auto s = sample();
    auto back = parse_state(serialize_state(s));
    REQUIRE(back.ok());
    CHECK(*back == s);
    CHECK(back->all_cards().size() == 5);  // the taken cards left the machine
    CHECK(back->taken_cards == std::vector<std::string>{"/cards/f.card", "/cards/f.card"});
    CHECK(back->occupied_slots() == 2);
}

TEST_CASE("every truncation of a state file is refused, never half loaded") {
    const std::string text = serialize_state(sample());
    for (std::size_t n = 0; n < text.size(); ++n) {
        INFO("prefix of " << n << " bytes");
        CHECK_FALSE(parse_state(std::string_view(text).substr(0, n)).ok());
    }
}

TEST_CASE("inconsistent state files are refused") {
    CHECK_FALSE(
        parse_state("kiosk-sim-dispenser state 1\nslots 5\nslot 7 /x\nplace none\nbin_counter 0\nbin_full 0\nend\n")
            .ok());
    CHECK_FALSE(parse_state("kiosk-sim-dispenser state 1\nslots 5\nplace read\nbin_counter 0\nbin_full 0\nend\n").ok());
    CHECK_FALSE(
        parse_state(
            "kiosk-sim-dispenser state 1\nslots 5\nslot 1 /x\nslot 1 /y\nplace none\nbin_counter 0\nbin_full 0\nend\n")
            .ok());
    CHECK_FALSE(
        parse_state("kiosk-sim-dispenser state 1\nslots 5\nplace none\nbin_counter 1000\nbin_full 0\nend\n").ok());
    CHECK(parse_state("kiosk-sim-dispenser state 1\nslots 5\nplace none\nbin_counter 999\nbin_full 0\nend\n").ok());
}

TEST_CASE("save replaces the file atomically and load reads it back") {
    const std::string path = "/tmp/kiosk-dispenser-state-test-" + std::to_string(::getpid());
    auto first = empty_mechanism(4);
    REQUIRE(save_state_atomically(path, first).ok());
    const auto s = sample();
    REQUIRE(save_state_atomically(path, s).ok());
    auto loaded = load_state(path);
    REQUIRE(loaded.ok());
    CHECK(*loaded == s);
    CHECK(::access((path + ".tmp").c_str(), F_OK) != 0);
    std::remove(path.c_str());
    CHECK_FALSE(load_state(path).ok());
}

TEST_CASE("card paths with control characters cannot be stored") {
    CHECK(storable_card_path("/tmp/x y.card"));
    CHECK_FALSE(storable_card_path(""));
    CHECK_FALSE(storable_card_path("/tmp/x\nslot 1 /y"));
}
