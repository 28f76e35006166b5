#include "kiosk/app/config/config.hpp"
#include "kiosk/core/nik.hpp"
#include "kiosk/store/records.hpp"
