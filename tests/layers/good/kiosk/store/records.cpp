#include <sqlite3.h>

#include "kiosk/core/nik.hpp"
#include "kiosk/store/records.hpp"
