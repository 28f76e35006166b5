// Fuzzes read_ktp_card() and verify_staff_pin() with a hostile card: every response APDU is carved
// from the input (a length byte, then that many bytes). Properties: no crash, no hang (the chunked
// read is bounded by max_file_size), and a card whose answers are not signed by the issuer is never
// accepted.
#include "drivers/cardreader/ec_key.hpp"
#include "drivers/cardreader/ktp_card_reader.hpp"
#include "kiosk/core/assert.hpp"

#include <cstdint>
#include <span>

using namespace kiosk::cardreader;

namespace {

class FuzzChannel final : public ApduChannel {
public:
    explicit FuzzChannel(std::span<const std::uint8_t> input) : input_(input) {}

    CardResult<Bytes> transmit(std::span<const std::uint8_t>) override {
        if (input_.empty()) return kiosk::fail(CardError{CardErrc::removed, "input exhausted"});
        const std::size_t length = std::min<std::size_t>(input_[0], input_.size() - 1);
        Bytes response(input_.begin() + 1, input_.begin() + 1 + static_cast<std::ptrdiff_t>(length));
        input_ = input_.subspan(1 + length);
        return response;
    }

private:
    std::span<const std::uint8_t> input_;
};

const EcPublicKey& issuer() {
    static const EcPublicKey key = EcPrivateKey::generate().value().public_key();
    return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzChannel channel({data, size});
    ReadOptions options;
    options.max_file_size = 1024;
    auto card = read_ktp_card(channel, issuer(), options);
    // The issuer key was made in this process: no input can carry its signature.
    VERIFY_MSG(!card.ok(), "a card built from fuzz input passed the issuer signature");
    FuzzChannel pin_channel({data, size});
    (void)verify_staff_pin(pin_channel, "1234");
    return 0;
}
