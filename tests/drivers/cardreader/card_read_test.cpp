// Reading and authenticating cards through real pcscd + vpcd: every refusal reason, the genuine
// card, a card leaving mid-read, another application or a card swap in the middle of a tap, and the
// staff PIN counter.
#include "drivers/cardreader/ktp_card_reader.hpp"
#include "drivers/cardreader/security_object.hpp"
#include "tests/drivers/cardreader/pcsc_test_support.hpp"
#include "tests/drivers/cardreader/test_cards.hpp"
#include "tests/kiosk/clock/test_clock.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <future>
#include <thread>

using namespace kiosk::cardreader;
using kiosk::testing::kVpcdReader0;

namespace {

EcPublicKey issuer() {
    return test::test_issuer_key().public_key();
}

kiosk::Result<KtpCard, CardRefused> tap(PcscContext& context, sim::CardImage image) {
    auto card = test::present_card(context, std::move(image));
    return read_ktp_card_in(context, kVpcdReader0, issuer());
}

void resign(sim::CardImage& image) {
    SignedFiles files;
    const auto file = [&](std::uint16_t fid) -> std::optional<Bytes> {
        if (!image.files.contains(fid)) return std::nullopt;
        return image.files.at(fid);
    };
    files.biodata = file(0x0101);
    files.template_right = file(0x0102);
    files.template_left = file(0x0103);
    files.chip_public_key = file(0x0104);
    image.files[0x010F] = test::test_issuer_key().sign(security_object_message(files)).value();
}

}  // namespace

TEST_CASE("a genuine card is read and authenticated, with all its data") {
    auto context = test::test_context();
    const sim::CardImage image = test::make_test_card();
    auto result = tap(*context, image);
    REQUIRE_MESSAGE(result.ok(), (result.ok() ? "" : result.error().to_string()));
    CHECK(result->uid == image.uid);
    CHECK(result->biodata == test::test_biodata());
    CHECK(result->template_right == image.files.at(0x0102));
    CHECK(result->template_left == image.files.at(0x0103));
    CHECK(result->chip_public_key == image.files.at(0x0104));
}

TEST_CASE("refusals say exactly why") {
    auto context = test::test_context();

    SUBCASE("forged: data changed after the issuer signed it") {
        auto result = tap(*context, test::make_test_card(sim::Tampering::forge));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().reason == Refusal::forged);
    }
    SUBCASE("forged: signed by another issuer") {
        sim::CardSpec spec;
        spec.biodata = test::test_biodata();
        auto other_issuer = EcPrivateKey::generate();
        auto result = tap(*context, sim::make_card(spec, *other_issuer).value());
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().reason == Refusal::forged);
    }
    SUBCASE("forged: no security object") {
        sim::CardImage image = test::make_test_card();
        image.files.erase(0x010F);
        auto result = tap(*context, image);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().reason == Refusal::forged);
    }
    SUBCASE("cloned: genuine files, but the chip lacks the signed key") {
        auto result = tap(*context, test::make_test_card(sim::Tampering::clone));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().reason == Refusal::cloned);
        CHECK(result.error().detail.find("challenge") != std::string::npos);
    }
    SUBCASE("not our application: another card type in the field") {
        sim::CardImage image = test::make_test_card();
        image.aid = Bytes{0xA0, 0x00, 0x00, 0x00, 0x03, 0x10, 0x10};  // a payment card's AID
        auto result = tap(*context, image);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().reason == Refusal::not_our_application);
    }
    SUBCASE("unreadable: signed but malformed biodata") {
        sim::CardImage image = test::make_test_card();
        image.files[0x0101] = Bytes{0x61, 0x05, 0x5F, 0x01, 0x02, '1', '2'};
        resign(image);
        auto result = tap(*context, image);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().reason == Refusal::unreadable);
        CHECK(result.error().detail.find("5F01") != std::string::npos);
    }
    SUBCASE("refusal details never carry the NIK or the name") {
        auto result = tap(*context, test::make_test_card(sim::Tampering::forge));
        REQUIRE_FALSE(result.ok());
        const std::string text = result.error().to_string();
        CHECK(text.find(test::test_biodata().nik) == std::string::npos);
        CHECK(text.find("WARGA") == std::string::npos);
    }
}

TEST_CASE("a card that vanishes mid-read is 'removed' (tap again), and reads fine when tapped again") {
    auto context = test::test_context();
    auto card = test::present_card(*context, test::make_test_card());
    card->vanish_after(4);  // UID, SELECT AID, SELECT 0101, one READ BINARY; then gone
    auto first = read_ktp_card_in(*context, kVpcdReader0, issuer());
    REQUIRE_FALSE(first.ok());
    CHECK_MESSAGE(first.error().reason == Refusal::removed, first.error().to_string());

    REQUIRE(test::wait_card_state(*context, kVpcdReader0, false, 5000));
    REQUIRE(card->try_insert(test::make_test_card()).ok());
    REQUIRE(test::wait_card_state(*context, kVpcdReader0, true, 5000));
    auto second = read_ktp_card_in(*context, kVpcdReader0, issuer());
    CHECK_MESSAGE(second.ok(), (second.ok() ? "" : second.error().to_string()));
}

TEST_CASE("a card taken away during a slow read is 'removed'") {
    auto context = test::test_context();
    auto card = test::present_card(*context, test::make_test_card());
    card->set_delay_ms(150);
    const std::uint64_t before = card->apdus_answered();
    auto reading = std::async(std::launch::async, [&] {
        auto own_context = PcscContext::establish();
        REQUIRE(own_context.ok());
        return read_ktp_card_in(**own_context, kVpcdReader0, issuer());
    });
    // Take the card once the read is demonstrably under way (two APDUs answered).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (card->apdus_answered() < before + 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(card->apdus_answered() >= before + 2);
    card->remove();
    REQUIRE(reading.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    auto result = reading.get();
    REQUIRE_FALSE(result.ok());
    CHECK_MESSAGE(result.error().reason == Refusal::removed, result.error().to_string());
}

// Our channel to the card, pausing once, right after the answer to the first command that starts
// with `prefix`, to run `pause` (another application's turn, a card swap). The hold passes through.
class PausingChannel final : public ApduChannel {
public:
    PausingChannel(ApduChannel& inner, Bytes prefix, std::function<void()> pause)
        : inner_(inner), prefix_(std::move(prefix)), pause_(std::move(pause)) {}
    CardResult<Bytes> transmit(std::span<const std::uint8_t> command) override {
        auto answer = inner_.transmit(command);
        if (!paused_ && command.size() >= prefix_.size() &&
            std::equal(prefix_.begin(), prefix_.end(), command.begin())) {
            paused_ = true;
            pause_();
        }
        return answer;
    }
    CardResult<void> begin_exclusive() override { return inner_.begin_exclusive(); }
    CardResult<void> end_exclusive() override { return inner_.end_exclusive(); }
    [[nodiscard]] bool paused() const { return paused_; }

private:
    ApduChannel& inner_;
    Bytes prefix_;
    std::function<void()> pause_;
    bool paused_ = false;
};

TEST_CASE("another application cannot select another file in the middle of a read: its APDUs wait for the tap") {
    auto context = test::test_context();
    auto card = test::present_card(*context, test::make_test_card());
    auto connected = context->connect(kVpcdReader0);
    REQUIRE(connected.ok());

    // The other application: its own PC/SC context and connection to the same card, on its own
    // thread. Told to go, it selects the application and the chip key EF 0104; were those to reach the
    // card between our SELECT of 0101 and our READ BINARY, we would read the key as the biodata.
    std::promise<bool> other_connected;
    auto other_connected_signal = other_connected.get_future();
    std::promise<void> go;
    auto other = std::async(std::launch::async, [&other_connected, go_signal = go.get_future()] {
        std::vector<std::uint16_t> statuses;  // of its two APDUs
        auto other_context = PcscContext::establish();
        if (!other_context) {
            other_connected.set_value(false);
            return statuses;
        }
        auto other_card = (*other_context)->connect(kVpcdReader0);
        other_connected.set_value(other_card.ok());
        // Bounded, so that a test that fails before the pause does not wait here for ever.
        if (!other_card || go_signal.wait_for(std::chrono::seconds(10)) != std::future_status::ready) return statuses;
        for (const Bytes& command : {select_aid_command(kKtpElAid), select_ef_command(Fid::chip_public_key)}) {
            auto answer = (*other_card)->transmit(command);
            const auto response = answer ? ResponseApdu::parse(*answer) : std::nullopt;
            statuses.push_back(response ? response->status : 0);
        }
        return statuses;
    });
    REQUIRE(other_connected_signal.get());

    bool other_got_through = false;
    PausingChannel ours(**connected, select_ef_command(Fid::biodata), [&] {
        go.set_value();
        // Its two APDUs take a few milliseconds when nothing holds them back; while we hold the card,
        // no wait is long enough.
        other_got_through = other.wait_for(std::chrono::milliseconds(500)) == std::future_status::ready;
    });
    auto read = read_ktp_card(ours, issuer());
    REQUIRE(ours.paused());
    CHECK_FALSE(other_got_through);
    REQUIRE_MESSAGE(read.ok(), (read.ok() ? std::string() : read.error().to_string()));
    CHECK(read->biodata == test::test_biodata());
    // Held, not lost: its APDUs reached the card once our tap was over.
    REQUIRE(other.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
    CHECK(other.get() == std::vector<std::uint16_t>{sw::ok, sw::ok});
}

TEST_CASE("a card swapped for another during a tap is 'removed', never read as a mix of the two cards") {
    auto context = test::test_context();
    auto card = test::present_card(*context, test::make_test_card());
    // Both genuine: only a read that mixes them could be taken for a forgery.
    const sim::CardImage other_card = test::make_staff_card("2468");
    Bytes pause_after;
    SUBCASE("between our SELECT of 0101 and its READ BINARY") {
        pause_after = select_ef_command(Fid::biodata);
    }
    SUBCASE("after the card's last answer, before the tap ends") {
        pause_after = Bytes{0x00, 0x88};  // INTERNAL AUTHENTICATE: every answer came from the first card
    }
    auto connected = context->connect(kVpcdReader0);
    REQUIRE(connected.ok());
    // The swap as pcscd sees it: the first card leaves the field, then the other arrives.
    PausingChannel ours(**connected, pause_after, [&] {
        card->remove();
        REQUIRE(test::wait_card_state(*context, kVpcdReader0, false, 5000));
        card->insert(other_card);
        REQUIRE(test::wait_card_state(*context, kVpcdReader0, true, 5000));
    });
    auto read = read_ktp_card(ours, issuer());
    REQUIRE(ours.paused());
    REQUIRE_FALSE(read.ok());
    CHECK_MESSAGE(read.error().reason == Refusal::removed, read.error().to_string());
}

// The card's channel through pcscd, with the tap's clock moved on by `step` after every answer:
// the tap then lasts exactly as long, in simulated time, as the test says, however fast or slow
// pcscd and the machine are.
class TimedChannel final : public ApduChannel {
public:
    TimedChannel(ApduChannel& inner, kiosk::test::TestSteadyClock& clock, std::chrono::milliseconds step)
        : inner_(inner), clock_(clock), step_(step) {}
    CardResult<Bytes> transmit(std::span<const std::uint8_t> command) override {
        auto answer = inner_.transmit(command);
        clock_.advance(step_);
        ++transmitted_;
        return answer;
    }
    [[nodiscard]] int transmitted() const { return transmitted_; }

private:
    ApduChannel& inner_;
    kiosk::test::TestSteadyClock& clock_;
    std::chrono::milliseconds step_;
    int transmitted_ = 0;
};

TEST_CASE("a tap that outlasts its deadline is unreadable, and no APDU is sent past it") {
    using namespace std::chrono_literals;
    auto context = test::test_context();
    auto card = test::present_card(*context, test::make_test_card());
    auto connected = context->connect(kVpcdReader0);
    REQUIRE(connected.ok());
    kiosk::test::TestSteadyClock clock;
    ReadOptions options;
    options.deadline_ms = 3000;
    options.clock = &clock;

    // 1 s an APDU: the fourth ends at 4 s, past the 3 s deadline, and the read stops before a fifth.
    TimedChannel slow(**connected, clock, 1000ms);
    auto late = read_ktp_card(slow, issuer(), options);
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().reason == Refusal::unreadable);
    CHECK(late.error().detail.find("tap took longer than the deadline") != std::string::npos);
    CHECK(slow.transmitted() == 4);  // at 0, 1, 2 and 3 s: the deadline is passed only after 3 s

    // The same card, its APDUs taking no simulated time: read whole within the same deadline.
    TimedChannel quick(**connected, clock, 0ms);
    auto read = read_ktp_card(quick, issuer(), options);
    CHECK_MESSAGE(read.ok(), (read.ok() ? "" : read.error().to_string()));
    CHECK(quick.transmitted() > 4);
}

TEST_CASE("staff PIN: accepted, then 63 C2, 63 C1, blocked 69 83 through pcscd") {
    auto context = test::test_context();
    auto card = test::present_card(*context, test::make_staff_card("2468"));
    auto connection = context->connect(kVpcdReader0);
    REQUIRE(connection.ok());
    auto read = read_ktp_card(**connection, issuer());
    REQUIRE(read.ok());
    CHECK(read->biodata.role == CardRole::staff);
    CHECK_FALSE(read->template_right.has_value());  // staff cards carry no fingerprints

    PinResult result = verify_staff_pin(**connection, "2468");
    CHECK(result.outcome == PinOutcome::accepted);
    result = verify_staff_pin(**connection, "0000");
    CHECK(result.outcome == PinOutcome::wrong);
    CHECK(result.tries_left == 2);
    result = verify_staff_pin(**connection, "0001");
    CHECK(result.outcome == PinOutcome::wrong);
    CHECK(result.tries_left == 1);
    result = verify_staff_pin(**connection, "0002");
    CHECK(result.outcome == PinOutcome::blocked);
    result = verify_staff_pin(**connection, "2468");
    CHECK(result.outcome == PinOutcome::blocked);
    // The counter lives on the card: the virtual card's image shows it.
    REQUIRE(card->current_image().has_value());
    CHECK(card->current_image()->pin_tries == 0);
}

TEST_CASE("a resident card has no staff PIN") {
    auto context = test::test_context();
    auto card = test::present_card(*context, test::make_test_card());
    auto connection = context->connect(kVpcdReader0);
    REQUIRE(connection.ok());
    CHECK(verify_staff_pin(**connection, "1234").outcome == PinOutcome::not_a_staff_card);
}

TEST_CASE("the demo cards `kioskctl card make` wrote read as labelled") {
    auto context = test::test_context();
    const std::string dir = KIOSK_TEST_CARDS_DIR;
    auto demo_issuer = EcPublicKey::from_pem_file(dir + "/TEST-ONLY-issuer.pub.pem");
    REQUIRE(demo_issuer.ok());
    const auto read_file = [&](const std::string& name) {
        auto image = sim::load_card_file(dir + "/" + name);
        REQUIRE(image.ok());
        auto card = test::present_card(*context, *image);
        return read_ktp_card_in(*context, kVpcdReader0, *demo_issuer);
    };
    auto resident = read_file("demo-resident.card.toml");
    CHECK_MESSAGE(resident.ok(), (resident.ok() ? std::string() : resident.error().to_string()));
    auto staff = read_file("demo-staff.card.toml");
    REQUIRE_MESSAGE(staff.ok(), (staff.ok() ? std::string() : staff.error().to_string()));
    CHECK(staff->biodata.role == CardRole::staff);
    auto forged = read_file("demo-forged.card.toml");
    REQUIRE_FALSE(forged.ok());
    CHECK(forged.error().reason == Refusal::forged);
    auto cloned = read_file("demo-cloned.card.toml");
    REQUIRE_FALSE(cloned.ok());
    CHECK(cloned.error().reason == Refusal::cloned);
}
