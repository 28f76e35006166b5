// Host for the independent pyscard client test: brings up pcscd (fixture), issues a card file,
// plays it with the real kiosk-sim-card binary on vpcd slot 0, then runs pyscard_client.py against it.
//   test_cardreader_pyscard_host SIM_CARD_BINARY PYTHON SCRIPT WORK_DIR
#include "drivers/cardreader/sim/card_factory.hpp"
#include "tests/drivers/cardreader/card_presence.hpp"
#include "tests/support/pcscd_fixture.hpp"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

namespace {

using namespace kiosk::cardreader;

pid_t spawn(std::vector<std::string> args) {
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
}

// Waits for the child up to timeout_ms; kills it after. Returns its exit status, or -1.
int wait_child(pid_t pid, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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
    const pid_t sim_pid =
        spawn({argv[1], "--vpcd", "127.0.0.1:35963", "--card", card_file, "--control", control_socket});
    if (!test::wait_card_state(**context, kiosk::testing::kVpcdReader0, true, 5000)) {
        ::kill(sim_pid, SIGTERM);
        wait_child(sim_pid, 2000);
        return fail_with("kiosk-sim-card did not put its card in the field");
    }
    const pid_t python = spawn(
        {argv[2], argv[3], "--reader", kiosk::testing::kVpcdReader0, "--card", card_file, "--issuer-pub", issuer_pub});
    const int python_status = wait_child(python, 30000);

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
    ::kill(sim_pid, SIGTERM);
    const int sim_status = wait_child(sim_pid, 5000);
    if (sim_status != 0) return fail_with("kiosk-sim-card did not exit cleanly on SIGTERM");
    if (!control_ok) return fail_with("kiosk-sim-card's control socket misbehaved");
    return python_status == 0 ? 0 : fail_with("the pyscard client failed");
}
