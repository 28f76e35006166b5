#include "kiosk/ui/png_encoder.hpp"

#include "kiosk/core/assert.hpp"

#include <zlib.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

namespace kiosk::ui {

namespace {

void put_u32(std::string& out, std::uint32_t v) {
    out.push_back(static_cast<char>((v >> 24) & 0xFF));
    out.push_back(static_cast<char>((v >> 16) & 0xFF));
    out.push_back(static_cast<char>((v >> 8) & 0xFF));
    out.push_back(static_cast<char>(v & 0xFF));
}

// Appends a chunk: length, type, data, CRC-32 of type and data (PNG spec, section 5.3).
void put_chunk(std::string& out, const char (&type)[5], const std::string& data) {
    put_u32(out, static_cast<std::uint32_t>(data.size()));
    out.append(type, 4);
    out.append(data);
    uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(type), 4);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    put_u32(out, static_cast<std::uint32_t>(crc));
}

// The image data: every row as filter type 0 and its RGB bytes, deflated as one zlib stream.
Result<std::string> deflated_rows(const SDL_Surface& surface) {
    z_stream stream{};
    if (deflateInit(&stream, Z_DEFAULT_COMPRESSION) != Z_OK) return fail("ui.png", "zlib could not start");
    const auto width = static_cast<std::size_t>(surface.w);
    std::vector<Bytef> row(1 + 3 * width);
    std::array<Bytef, 64 * 1024> chunk{};
    std::string out;
    int status = Z_OK;
    for (int y = 0; y <= surface.h && status == Z_OK; ++y) {
        const bool last = y == surface.h;
        if (!last) {
            const auto* pixels = reinterpret_cast<const std::uint8_t*>(surface.pixels) +
                                 static_cast<std::size_t>(y) * static_cast<std::size_t>(surface.pitch);
            row[0] = 0;  // filter: none
            for (std::size_t x = 0; x < width; ++x) {
                std::uint32_t argb = 0;
                std::memcpy(&argb, pixels + 4 * x, 4);
                row[1 + 3 * x] = static_cast<Bytef>((argb >> 16) & 0xFF);
                row[2 + 3 * x] = static_cast<Bytef>((argb >> 8) & 0xFF);
                row[3 + 3 * x] = static_cast<Bytef>(argb & 0xFF);
            }
            stream.next_in = row.data();
            stream.avail_in = static_cast<uInt>(row.size());
        }
        do {
            stream.next_out = chunk.data();
            stream.avail_out = static_cast<uInt>(chunk.size());
            status = deflate(&stream, last ? Z_FINISH : Z_NO_FLUSH);
            out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size() - stream.avail_out);
        } while (status == Z_OK && (stream.avail_out == 0 || (last && status != Z_STREAM_END)));
        if (!last && status == Z_BUF_ERROR) status = Z_OK;  // no progress possible without more input
    }
    deflateEnd(&stream);
    if (status != Z_STREAM_END) return fail("ui.png", "zlib could not compress the frame");
    return out;
}

}  // namespace

Result<std::string> encode_png(const SDL_Surface& surface) {
    VERIFY_MSG(surface.format != nullptr && surface.format->format == SDL_PIXELFORMAT_ARGB8888,
               "encode_png wants an ARGB8888 surface");
    std::string png("\x89PNG\r\n\x1a\n", 8);
    std::string header;
    put_u32(header, static_cast<std::uint32_t>(surface.w));
    put_u32(header, static_cast<std::uint32_t>(surface.h));
    header.push_back(8);  // bit depth
    header.push_back(2);  // colour type: RGB
    header.push_back(0);  // compression: deflate
    header.push_back(0);  // filter method 0
    header.push_back(0);  // no interlace
    put_chunk(png, "IHDR", header);
    put_chunk(png, "IDAT", TRY(deflated_rows(surface)));
    put_chunk(png, "IEND", {});
    return png;
}

}  // namespace kiosk::ui
