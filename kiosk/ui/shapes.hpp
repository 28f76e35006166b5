// The few drawn shapes the screens' pictures are made of (the sensor, the card slot, the message
// signs, the step dots), built from the painter's fills so they are exact pixels on any renderer.
#pragma once

#include "kiosk/ui/geometry.hpp"
#include "kiosk/ui/painter.hpp"
#include "kiosk/ui/theme.hpp"

namespace kiosk::ui {

// The dark casing of the devices the screens draw (the fingerprint sensor, the dispenser's mouth).
inline constexpr Colour kDeviceBody{0x2B, 0x2F, 0x36};

// A filled disc of `radius_px` around `centre`.
void disc(Painter& painter, Point centre, int radius_px, Colour colour);
// A ring: a disc of `colour` with a disc of `inside` over it, `thickness_px` smaller.
void ring(Painter& painter, Point centre, int radius_px, int thickness_px, Colour colour, Colour inside);
// A thick arrow pointing down with its tip at `tip`.
void arrow_down(Painter& painter, Point tip, int width_px, int length_px, Colour colour);

}  // namespace kiosk::ui
