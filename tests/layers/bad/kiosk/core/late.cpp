// Lines with ';' and brackets before the offence, which must still be reported at its own line.
namespace {
int table[3] = {1, 2, 3};
[[maybe_unused]] int x = table[0];

}  // namespace
#include "kiosk/core/fine.hpp"
#include <kiosk/ui/theme.hpp>
