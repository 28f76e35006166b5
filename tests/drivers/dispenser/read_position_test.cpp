// End to end through real pcscd: cards made with `kioskctl card make` are loaded through the mouth
// into slots of the simulator process (--vpcd), fetched to the read position, read and authenticated
// on "Virtual PCD 00 01" by the kiosk's card reader, then presented and taken, or not taken and
// captured into the bin.
#include "drivers/cardreader/ktp_card_reader.hpp"
#include "tests/drivers/cardreader/pcsc_test_support.hpp"
#include "tests/drivers/dispenser/sim_fixture.hpp"
#include "tests/drivers/dispenser/sim_process.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace kiosk::dispenser;
using namespace kiosk::dispenser::testing;
using kiosk::cardreader::test::wait_card_state;
using kiosk::testing::kVpcdReader1;

namespace {

std::string temp_path(const std::string& name) {
    return remove_at_exit("/tmp/kiosk-dispenser-e2e-" + std::to_string(::getpid()) + "-" + name);
}

// Runs a program to its end; it must exit with 0.
void run(const std::vector<std::string>& argv) {
    std::string command;
    for (const auto& arg : argv) command += arg + " ";
    INFO(command);
    const auto ran = kiosk::testing::require_ok(kiosk::testing::run(argv));
    INFO("stderr: " << ran.err);
    REQUIRE(ran.exit_code == 0);  // exited by itself with 0 (a signal death reads 128 + N)
}

// A synthetic resident (invented NIK and name) signed by the test issuer key.
std::string make_card(const std::string& issuer_private, const std::string& file_name, const std::string& nik,
                      const std::string& name) {
    const auto path = temp_path(file_name);
    run({KIOSKCTL_BIN, "card", "make", "--nik", nik, "--name", name, "--issuer-key", issuer_private, "--out", path});
    return path;
}

std::string nik_at_read_position(kiosk::cardreader::PcscContext& context,
                                 const kiosk::cardreader::EcPublicKey& issuer) {
    REQUIRE(wait_card_state(context, kVpcdReader1, true, 5000));
    auto card = kiosk::cardreader::read_ktp_card_in(context, kVpcdReader1, issuer);
    REQUIRE_MESSAGE(card.ok(), (card.ok() ? "" : card.error().to_string()));
    return card->biodata.nik;
}

}  // namespace

TEST_CASE("load through the mouth, fetch, read the chip at the read position, present; take or capture") {
    auto context = kiosk::cardreader::test::test_context();  // starts pcscd with the vpcd readers
    const auto issuer_private = temp_path("issuer.key.pem");
    const auto issuer_public = temp_path("issuer.pub.pem");
    run({KIOSKCTL_BIN, "card", "keygen", "--out-private", issuer_private, "--out-public", issuer_public});
    auto issuer = kiosk::cardreader::EcPublicKey::from_pem_file(issuer_public);
    REQUIRE(issuer.ok());
    const std::string nik_a = "3171014101900001";
    const std::string nik_b = "3171015202910002";
    const auto card_a = make_card(issuer_private, "a.card.toml", nik_a, "WARGA UJI SATU");
    const auto card_b = make_card(issuer_private, "b.card.toml", nik_b, "WARGA UJI DUA");

    const auto socket = temp_path("ctl");
    SimProcess sim({"--pty", temp_path("pty"), "--slots", "10", "--control", socket, "--move-ms", "30", "--init-ms",
                    "5", "--vpcd", "127.0.0.1:" + std::to_string(kiosk::testing::kVpcdPort1)});
    auto opened = Dispenser::open(kiosk::serial::PortSpec::device_path(sim.device_path()), {}, test_settings());
    REQUIRE(opened.ok());
    Dispenser& d = **opened;
    REQUIRE(d.initialize(InitializeMode::keep_card).ok());
    REQUIRE(wait_card_state(*context, kVpcdReader1, false, 5000));

    // Staff load both cards; the chip of each is readable while it passes the read position.
    const std::pair<std::string, int> loads[] = {{card_a, 3}, {card_b, 7}};
    for (const auto& [file, slot] : loads) {
        REQUIRE(d.accept_cards().ok());
        REQUIRE(control(socket, "insert " + file) == "ok");
        auto arrived = d.wait_for_inserted_card(3000);
        REQUIRE(arrived.ok());
        REQUIRE(*arrived);
        const auto nik = nik_at_read_position(*context, *issuer);
        CHECK(nik == (file == card_a ? nik_a : nik_b));
        REQUIRE(d.stop_accepting().ok());
        REQUIRE(d.store(slot).ok());
        CHECK(wait_card_state(*context, kVpcdReader1, false, 5000));
    }

    // Pickup: the resident's card comes to the read position, its chip says whose it is, it is taken.
    REQUIRE(d.fetch(7).ok());
    const auto nik_fetched = nik_at_read_position(*context, *issuer);
    CHECK(nik_fetched == nik_b);
    REQUIRE(d.present().ok());
    CHECK(wait_card_state(*context, kVpcdReader1, false, 5000));  // gone from the antenna
    CHECK(control(socket, "take") == "ok");
    auto taken = d.wait_until_taken(3000);
    REQUIRE(taken.ok());
    CHECK(*taken == PresentOutcome::taken);

    // Not taken in time: pulled back into the capture bin, and the counter says so.
    REQUIRE(d.fetch(3).ok());
    const auto nik_not_taken = nik_at_read_position(*context, *issuer);
    CHECK(nik_not_taken == nik_a);
    auto outcome = d.present_and_wait(500);
    REQUIRE(outcome.ok());
    CHECK(*outcome == PresentOutcome::not_taken_in_time);
    REQUIRE(d.capture().ok());
    auto counter = d.bin_counter();
    REQUIRE(counter.ok());
    CHECK(*counter == 1);
    auto inventory = d.inventory();
    REQUIRE(inventory.ok());
    CHECK(std::none_of(inventory->occupied.begin(), inventory->occupied.end(), [](bool b) { return b; }));
    CHECK(wait_card_state(*context, kVpcdReader1, false, 5000));
}

TEST_CASE("a card at the read position when the simulator is killed is readable again after restart") {
    auto context = kiosk::cardreader::test::test_context();
    const auto issuer_private = temp_path("issuer2.key.pem");
    const auto issuer_public = temp_path("issuer2.pub.pem");
    run({KIOSKCTL_BIN, "card", "keygen", "--out-private", issuer_private, "--out-public", issuer_public});
    auto issuer = kiosk::cardreader::EcPublicKey::from_pem_file(issuer_public);
    REQUIRE(issuer.ok());
    const std::string nik = "3171016303920003";
    const auto card = make_card(issuer_private, "c.card.toml", nik, "WARGA UJI TIGA");
    const auto socket = temp_path("ctl2");
    const auto state = temp_path("state2");
    const std::vector<std::string> args{"--pty",     temp_path("pty2"),
                                        "--slots",   "4",
                                        "--control", socket,
                                        "--state",   state,
                                        "--move-ms", "30",
                                        "--init-ms", "5",
                                        "--vpcd",    "127.0.0.1:" + std::to_string(kiosk::testing::kVpcdPort1)};
    {
        SimProcess sim(args);
        auto d = Dispenser::open(kiosk::serial::PortSpec::device_path(sim.device_path()), {}, test_settings());
        REQUIRE(d.ok());
        REQUIRE((*d)->initialize(InitializeMode::keep_card).ok());
        REQUIRE((*d)->accept_cards().ok());
        REQUIRE(control(socket, "insert " + card) == "ok");
        REQUIRE((*d)->stop_accepting().ok());
        REQUIRE((*d)->store(2).ok());
        REQUIRE((*d)->fetch(2).ok());
        REQUIRE(wait_card_state(*context, kVpcdReader1, true, 5000));
        sim.kill_and_wait(SIGKILL);  // a power cut with the card at the read position
    }
    REQUIRE(wait_card_state(*context, kVpcdReader1, false, 5000));
    SimProcess sim(args);
    const auto read_back = nik_at_read_position(*context, *issuer);
    CHECK(read_back == nik);
    auto d = Dispenser::open(kiosk::serial::PortSpec::device_path(sim.device_path()), {}, test_settings());
    REQUIRE(d.ok());
    auto status = (*d)->status();
    REQUIRE(status.ok());
    CHECK(status->transport == TransportState::at_read_position);
    REQUIRE((*d)->initialize(InitializeMode::keep_card).ok());
    REQUIRE((*d)->store(2).ok());
    CHECK(wait_card_state(*context, kVpcdReader1, false, 5000));
}
