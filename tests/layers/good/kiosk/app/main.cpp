#include "kiosk/app/config.hpp"
#include "kiosk/core/nik.hpp"
#include "kiosk/store/records.hpp"
