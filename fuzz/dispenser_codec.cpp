// Feeds arbitrary bytes, in arbitrary chunks, to the M1 stream decoder and every parser behind it.
// Checks that decoded frames re-encode to bytes that decode to the same frame.
#include "drivers/dispenser/codec.hpp"
#include "kiosk/core/assert.hpp"

using namespace kiosk::dispenser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = 1 + data[0] % 16;
    StreamDecoder decoder;
    for (std::size_t i = 1; i < size; i += chunk) {
        const std::size_t n = std::min(chunk, size - i);
        decoder.feed(std::span<const std::uint8_t>(data + i, n));
        while (auto event = decoder.next()) {
            if (event->kind != StreamDecoder::EventKind::frame) continue;
            const Frame& frame = event->frame;
            StreamDecoder again;
            again.feed(encode_frame(frame));
            auto round = again.next();
            VERIFY_MSG(round && round->kind == StreamDecoder::EventKind::frame && round->frame == frame,
                       "a decoded frame does not survive encode/decode");
            if (auto reply = parse_reply(frame); reply.ok()) {
                if (auto* p = std::get_if<PositiveReply>(&*reply)) {
                    (void)parse_sensors(p->data);
                    (void)parse_inventory(p->data);
                } else {
                    (void)std::get<NegativeReply>(*reply).error();
                }
            }
            if (auto command = parse_command(frame); command.ok()) (void)parse_slot(command->data);
        }
        if (decoder.mid_frame() && (data[i] & 0x80)) decoder.abandon_partial();
    }
    return 0;
}
