// result.hpp is header-only; this unit compiles it on its own so a broken header fails here first.
#include "kiosk/core/result.hpp"
