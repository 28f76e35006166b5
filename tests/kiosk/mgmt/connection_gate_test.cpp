#include "kiosk/mgmt/connection_gate.hpp"

#include <doctest/doctest.h>

using kiosk::mgmt::ConnectionGate;

TEST_CASE("one client gets at most its share; others still get in until the total cap") {
    ConnectionGate gate(5, 2);
    CHECK(gate.admit("10.0.0.1") == ConnectionGate::Verdict::admitted);
    CHECK(gate.admit("10.0.0.1") == ConnectionGate::Verdict::admitted);
    CHECK(gate.admit("10.0.0.1") == ConnectionGate::Verdict::refused_client);
    CHECK(gate.open_from("10.0.0.1") == 2);
    CHECK(gate.admit("10.0.0.2") == ConnectionGate::Verdict::admitted);
    CHECK(gate.admit("10.0.0.3") == ConnectionGate::Verdict::admitted);
    CHECK(gate.admit("10.0.0.4") == ConnectionGate::Verdict::admitted);
    CHECK(gate.admit("10.0.0.5") == ConnectionGate::Verdict::refused_total);
    CHECK(gate.open_total() == 5);
    CHECK(gate.open_from("10.0.0.5") == 0);
}

TEST_CASE("released connections free their slots") {
    ConnectionGate gate(2, 1);
    REQUIRE(gate.admit("a") == ConnectionGate::Verdict::admitted);
    REQUIRE(gate.admit("b") == ConnectionGate::Verdict::admitted);
    CHECK(gate.admit("c") == ConnectionGate::Verdict::refused_total);
    gate.release("a");
    CHECK(gate.open_from("a") == 0);
    CHECK(gate.admit("a") == ConnectionGate::Verdict::admitted);
    gate.release("a");
    gate.release("b");
    CHECK(gate.open_total() == 0);
}
