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
# TSan and ASan cannot share a process (each owns the shadow memory), hence a build of its own.
if(KIOSK_SANITIZE_THREAD)
  if(KIOSK_SANITIZE)
    message(FATAL_ERROR "KIOSK_SANITIZE and KIOSK_SANITIZE_THREAD exclude each other: one build each")
  endif()
  # GCC warns (-Wtsan) that TSan does not model atomic_thread_fence, which Asio puts around each
  # handler it runs; Asio hands handlers between threads through its scheduler's mutex, which TSan
  # does see, so the fence is not what orders them and the warning is noise here.
  target_compile_options(kiosk_flags INTERFACE -fsanitize=thread -fno-omit-frame-pointer
    $<$<CXX_COMPILER_ID:GNU>:-Wno-tsan>)
  target_link_options(kiosk_flags INTERFACE -fsanitize=thread)
endif()
# The project's headers are included as "kiosk/core/nik.hpp", "drivers/serial/link.hpp".
target_include_directories(kiosk_flags INTERFACE ${PROJECT_SOURCE_DIR})

function(kiosk_target_defaults target)
  target_link_libraries(${target} PRIVATE kiosk_flags)
endfunction()
