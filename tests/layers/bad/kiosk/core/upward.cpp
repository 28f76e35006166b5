// A core file that reaches up into the store: the check must name this line.
#include "kiosk/core/fine.hpp"

#include <vector>

#include "kiosk/store/records.hpp"
