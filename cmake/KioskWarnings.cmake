# Project-wide compile flags. Targets opt in with kiosk_target_defaults(target).
add_library(kiosk_flags INTERFACE)
target_compile_options(kiosk_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
  -Wold-style-cast -Wcast-align -Woverloaded-virtual -Wconversion -Wsign-conversion
  -Wimplicit-fallthrough)
if(KIOSK_WERROR)
  target_compile_options(kiosk_flags INTERFACE -Werror)
endif()
if(KIOSK_SANITIZE)
  target_compile_options(kiosk_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(kiosk_flags INTERFACE -fsanitize=address,undefined)
endif()
# The project's headers are included as "kiosk/core/nik.hpp", "drivers/serial/link.hpp".
target_include_directories(kiosk_flags INTERFACE ${PROJECT_SOURCE_DIR})

function(kiosk_target_defaults target)
  target_link_libraries(${target} PRIVATE kiosk_flags)
endfunction()
