#include "drivers/cardreader/ktp_card_reader.hpp"

#include "drivers/cardreader/security_object.hpp"
#include "kiosk/core/hex.hpp"

#include <chrono>

namespace kiosk::cardreader {

namespace {

std::string sw_text(std::uint16_t status) {
    return core::format_hex_number(status, 4);
}

Unexpected<CardRefused> refuse(Refusal reason, std::string detail) {
    return Unexpected<CardRefused>{CardRefused{reason, std::move(detail)}};
}

CardRefused from_transport(const CardError& error, const std::string& step) {
    const bool gone = error.code == CardErrc::removed || error.code == CardErrc::no_card;
    return CardRefused{gone ? Refusal::removed : Refusal::unreadable, step + ": " + error.to_string()};
}

// One tap: the channel plus the deadline that bounds it.
class Exchange {
public:
    Exchange(ApduChannel& channel, const ReadOptions& options)
        : channel_(channel),
          options_(options),
          deadline_(options.clock->now() + std::chrono::milliseconds(options.deadline_ms)) {}

    Result<ResponseApdu, CardRefused> send(const Bytes& command, const std::string& step) {
        if (options_.clock->now() > deadline_)
            return refuse(Refusal::unreadable, step + ": tap took longer than the deadline");
        auto raw = channel_.transmit(command);
        if (!raw) return fail(from_transport(raw.error(), step));
        auto response = ResponseApdu::parse(*raw);
        if (!response) return refuse(Refusal::unreadable, step + ": response shorter than a status word");
        return *response;
    }

    // A whole EF: nullopt when the card lacks it (6A 82).
    Result<std::optional<Bytes>, CardRefused> read_file(Fid fid) {
        const std::string step = "EF " + sw_text(static_cast<std::uint16_t>(fid));
        const auto selected = TRY(send(select_ef_command(fid), "SELECT " + step));
        if (selected.status == sw::not_found) return std::optional<Bytes>{};
        if (!selected.ok())
            return refuse(Refusal::unreadable, "SELECT " + step + ": status " + sw_text(selected.status));
        Bytes content;
        std::uint8_t chunk = static_cast<std::uint8_t>(kMaxReadChunk);
        while (true) {
            if (content.size() > options_.max_file_size)
                return refuse(Refusal::unreadable,
                              "READ " + step + ": file larger than " + std::to_string(options_.max_file_size));
            const auto read =
                TRY(send(read_binary_command(static_cast<std::uint16_t>(content.size()), chunk), "READ " + step));
            if (read.data.size() > chunk)
                return refuse(Refusal::unreadable, "READ " + step + ": more bytes than asked");
            content.insert(content.end(), read.data.begin(), read.data.end());
            if (read.status == sw::ok) {
                if (read.data.empty()) break;
                continue;
            }
            if (read.status == sw::end_of_file) break;
            // Offset exactly at the end: the previous chunk was the file's last.
            if (read.status == sw::wrong_offset && read.data.empty()) break;
            // 6C xx: the card names the length it can return.
            if ((read.status & 0xFF00) == 0x6C00 && read.data.empty() && (read.status & 0xFF) != 0 &&
                (read.status & 0xFF) < chunk) {
                chunk = static_cast<std::uint8_t>(read.status & 0xFF);
                continue;
            }
            return refuse(Refusal::unreadable, "READ " + step + ": status " + sw_text(read.status));
        }
        return std::optional<Bytes>(std::move(content));
    }

private:
    ApduChannel& channel_;
    const ReadOptions& options_;
    SteadyClock::time_point deadline_;
};

// Whether a hold that did not end cleanly (the card left the field or was reset meanwhile) overrides
// the outcome: a verdict drawn from the card's answers (genuine, forged, cloned, not ours) is only
// sound when they all came from one card session, while a tap already refused as removed or
// unreadable keeps its own refusal, which names the step.
bool lost_hold_overrides(const Result<KtpCard, CardRefused>& outcome) {
    return outcome.ok() ||
           (outcome.error().reason != Refusal::removed && outcome.error().reason != Refusal::unreadable);
}

Result<KtpCard, CardRefused> read_held_card(Exchange& exchange, const EcPublicKey& issuer_key,
                                            const ReadOptions& options) {
    KtpCard card;

    const auto uid = TRY(exchange.send(get_uid_command(), "GET UID"));
    if (!uid.ok() || uid.data.empty()) return refuse(Refusal::unreadable, "GET UID: status " + sw_text(uid.status));
    card.uid = uid.data;

    const auto selected = TRY(exchange.send(select_aid_command(kKtpElAid), "SELECT application"));
    if (!selected.ok())
        return refuse(Refusal::not_our_application, "SELECT application: status " + sw_text(selected.status));

    SignedFiles files;
    std::optional<Bytes> security_object;
    for (auto [fid, target] :
         {std::pair{Fid::biodata, &files.biodata}, std::pair{Fid::template_right, &files.template_right},
          std::pair{Fid::template_left, &files.template_left}, std::pair{Fid::chip_public_key, &files.chip_public_key},
          std::pair{Fid::security_object, &security_object}}) {
        *target = TRY(exchange.read_file(fid));
    }
    if (!files.biodata) return refuse(Refusal::unreadable, "EF 0101 (biodata) missing");
    if (!security_object) return refuse(Refusal::forged, "EF 010F (security object) missing");
    if (!files.chip_public_key) return refuse(Refusal::forged, "EF 0104 (chip key) missing");

    // Forgery: every file the card carries must hash to what the issuer signed.
    if (!issuer_key.verify(security_object_message(files), *security_object))
        return refuse(Refusal::forged, "issuer signature does not match the card's files");

    // Cloning: the chip must sign our fresh challenge with the private half of the signed 0104 key.
    auto chip_key = EcPublicKey::from_point(*files.chip_public_key);
    if (!chip_key) return refuse(Refusal::forged, "signed EF 0104 is not a P-256 point");
    auto challenge = random_bytes(options.challenge_size);
    if (!challenge) return refuse(Refusal::unreadable, "no random challenge: " + challenge.error().what);
    const auto answer = TRY(exchange.send(internal_authenticate_command(*challenge), "INTERNAL AUTHENTICATE"));
    if (!answer.ok()) return refuse(Refusal::cloned, "INTERNAL AUTHENTICATE: status " + sw_text(answer.status));
    if (!chip_key->verify(*challenge, answer.data))
        return refuse(Refusal::cloned, "chip signature over the challenge does not verify");

    auto biodata = parse_biodata(*files.biodata);
    if (!biodata) return refuse(Refusal::unreadable, "EF 0101: " + biodata.error().what);
    card.biodata = std::move(*biodata);
    card.template_right = std::move(files.template_right);
    card.template_left = std::move(files.template_left);
    card.chip_public_key = std::move(*files.chip_public_key);
    return card;
}

PinResult pin_transport_failure(const CardError& error) {
    const bool gone = error.code == CardErrc::removed || error.code == CardErrc::no_card;
    return PinResult{gone ? PinOutcome::removed : PinOutcome::unreadable, -1};
}

PinResult verify_held_pin(ApduChannel& channel, std::string_view pin) {
    auto selected_raw = channel.transmit(select_aid_command(kKtpElAid));
    if (!selected_raw) return pin_transport_failure(selected_raw.error());
    const auto selected = ResponseApdu::parse(*selected_raw);
    if (!selected || !selected->ok()) return {PinOutcome::unreadable, -1};
    auto raw = channel.transmit(verify_pin_command(pin));
    if (!raw) return pin_transport_failure(raw.error());
    const auto response = ResponseApdu::parse(*raw);
    if (!response) return {PinOutcome::unreadable, -1};
    if (response->ok()) return {PinOutcome::accepted, -1};
    if (response->status == sw::blocked) return {PinOutcome::blocked, 0};
    if ((response->status & 0xFFF0) == sw::wrong_pin_base) return {PinOutcome::wrong, response->status & 0x0F};
    if (response->status == sw::security_not_satisfied) return {PinOutcome::not_a_staff_card, -1};
    return {PinOutcome::unreadable, -1};
}

}  // namespace

const char* to_string(Refusal refusal) {
    switch (refusal) {
        case Refusal::unreadable: return "unreadable";
        case Refusal::removed: return "removed mid-read";
        case Refusal::not_our_application: return "not a KTP-el card";
        case Refusal::forged: return "forged data";
        case Refusal::cloned: return "cloned chip";
    }
    return "unknown";
}

std::string CardRefused::to_string() const {
    return std::string(cardreader::to_string(reason)) + " (" + detail + ")";
}

const char* to_string(PinOutcome outcome) {
    switch (outcome) {
        case PinOutcome::accepted: return "accepted";
        case PinOutcome::wrong: return "wrong PIN";
        case PinOutcome::blocked: return "PIN blocked";
        case PinOutcome::not_a_staff_card: return "not a staff card";
        case PinOutcome::removed: return "removed";
        case PinOutcome::unreadable: return "unreadable";
    }
    return "unknown";
}

Result<KtpCard, CardRefused> read_ktp_card(ApduChannel& channel, const EcPublicKey& issuer_key,
                                           const ReadOptions& options) {
    Exchange exchange(channel, options);  // the deadline also covers the wait for the hold
    if (auto held = channel.begin_exclusive(); !held) return fail(from_transport(held.error(), "hold the card"));
    auto card = read_held_card(exchange, issuer_key, options);
    auto released = channel.end_exclusive();
    if (!released && lost_hold_overrides(card)) return fail(from_transport(released.error(), "end of the tap"));
    return card;
}

Result<KtpCard, CardRefused> read_ktp_card_in(PcscContext& context, const std::string& reader,
                                              const EcPublicKey& issuer_key, const ReadOptions& options) {
    auto card = context.connect(reader);
    if (!card) return fail(from_transport(card.error(), "connect"));
    return read_ktp_card(**card, issuer_key, options);
}

PinResult verify_staff_pin(ApduChannel& channel, std::string_view pin) {
    if (auto held = channel.begin_exclusive(); !held) return pin_transport_failure(held.error());
    const PinResult result = verify_held_pin(channel, pin);
    auto released = channel.end_exclusive();
    // As for a read: the card's answer counts only when the hold ended cleanly.
    const bool already_refused = result.outcome == PinOutcome::removed || result.outcome == PinOutcome::unreadable;
    if (!released && !already_refused) return pin_transport_failure(released.error());
    return result;
}

}  // namespace kiosk::cardreader
