#include "kiosk/app/kiosk_loop.hpp"
#include "kiosk/ui/screen.hpp"
