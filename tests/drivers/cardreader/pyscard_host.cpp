// Host for the independent pyscard client test: brings up pcscd (fixture), issues a card file,
// plays it with the real kiosk-sim-card binary on vpcd slot 0, then runs pyscard_client.py against it.
//   test_cardreader_pyscard_host SIM_CARD_BINARY PYTHON SCRIPT WORK_DIR
#include "drivers/cardreader/sim/card_factory.hpp"
#include "tests/drivers/cardreader/card_presence.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/pcscd_fixture.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using namespace kiosk::cardreader;

using kiosk::testing::ChildProcess;

// The simulator and the client die with this host, so a crashed run leaves neither behind.
kiosk::Result<ChildProcess> spawn(const std::vector<std::string>& argv) {
    kiosk::testing::SpawnOptions options;
    options.dies_with_parent = true;
    return ChildProcess::spawn(argv, options);
}

// One control-socket exchange with kiosk-sim-card: a command line in, the reply line out.
std::string control(const std::string& socket_path, const std::string& command) {
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", socket_path.c_str());
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string reply;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
        const std::string line = command + "\n";
        if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(line.size())) {
            char c = 0;
            while (::recv(fd, &c, 1, 0) == 1 && c != '\n') reply.push_back(c);
        }
    }
    ::close(fd);
    return reply;
}

int fail_with(const char* what) {
    std::fprintf(stderr, "pyscard host: %s\n", what);
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5) return fail_with("usage: SIM_CARD_BINARY PYTHON SCRIPT WORK_DIR");
    const std::filesystem::path work = argv[4];
    std::filesystem::create_directories(work);
    kiosk::testing::shared_pcscd();

    auto issuer = EcPrivateKey::generate();
    if (!issuer) return fail_with("no issuer key");
    const std::string issuer_pub = (work / "issuer.pub.pem").string();
    std::ofstream(issuer_pub) << issuer->public_key().to_pem();
    sim::CardSpec spec;
    spec.biodata.nik = "3171014101900001";
    spec.biodata.name = "WARGA UJI PYSCARD";
    spec.biodata.date_of_birth = "19900101";
    spec.biodata.sex = "P";
    auto image = sim::make_card(spec, *issuer);
    if (!image) return fail_with("cannot make the card");
    const std::string card_file = (work / "pyscard-card.toml").string();
    if (!sim::save_card_file(*image, card_file)) return fail_with("cannot write the card file");

    auto context = PcscContext::establish();
    if (!context) return fail_with("no PC/SC context");
    if (!test::wait_card_state(**context, kiosk::testing::kVpcdReader0, false, 5000))
        return fail_with("vpcd slot 0 is occupied");
    const std::string control_socket = (work / "sim-card.sock").string();
    auto sim = spawn({argv[1], "--vpcd", "127.0.0.1:35963", "--card", card_file, "--control", control_socket});
    if (!sim) return fail_with(sim.error().to_string().c_str());
    if (!test::wait_card_state(**context, kiosk::testing::kVpcdReader0, true, 5000)) {
        (void)sim->stop(SIGTERM, 2000);
        return fail_with("kiosk-sim-card did not put its card in the field");
    }
    auto python = spawn(
        {argv[2], argv[3], "--reader", kiosk::testing::kVpcdReader0, "--card", card_file, "--issuer-pub", issuer_pub});
    if (!python) return fail_with(python.error().to_string().c_str());
    const int python_status = python->wait_or_kill(30000);

    // The control socket: each line answered ok / error <reason>, and the card really leaves/returns.
    const std::string blocked_card = (work / "does-not-exist.toml").string();
    const bool control_ok =
        control(control_socket, "status") == "ok present connected" && control(control_socket, "remove") == "ok" &&
        test::wait_card_state(**context, kiosk::testing::kVpcdReader0, false, 5000) &&
        control(control_socket, "insert") == "ok" &&
        test::wait_card_state(**context, kiosk::testing::kVpcdReader0, true, 5000) &&
        control(control_socket, "slow 5") == "ok" && control(control_socket, "vanish-after 100") == "ok" &&
        control(control_socket, "slow -1").starts_with("error ") &&
        control(control_socket, "card " + blocked_card).starts_with("error ") &&
        control(control_socket, "card " + card_file) == "ok" && control(control_socket, "fly").starts_with("error ");
    const int sim_status = sim->stop(SIGTERM, 5000);
    if (sim_status != 0) return fail_with("kiosk-sim-card did not exit cleanly on SIGTERM");
    if (!control_ok) return fail_with("kiosk-sim-card's control socket misbehaved");
    return python_status == 0 ? 0 : fail_with("the pyscard client failed");
}
