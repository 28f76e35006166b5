// PNG encoding of a frame, in memory: the one PNG writer of the program (zlib's C API lives in this
// file's .cpp alone). 8-bit RGB, no alpha (a frame is opaque), no filtering: the kiosk's flat
// colours compress well without it.
//
// Thread safety: any thread. It reads the surface's memory and calls no SDL function, so the
// management thread can encode a frame the UI thread read back (kiosk/app/operator_orders.hpp).
#pragma once

#include "kiosk/core/result.hpp"

#include <SDL_surface.h>

#include <string>

namespace kiosk::ui {

// `surface` must be SDL_PIXELFORMAT_ARGB8888 (what Display::read_pixels gives): anything else is a
// programmer error. Errors: zlib failed (out of memory).
[[nodiscard]] Result<std::string> encode_png(const SDL_Surface& surface);

}  // namespace kiosk::ui
