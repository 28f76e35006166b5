#include <SDL.h>
#include "drivers/fingerprint/driver.hpp"
