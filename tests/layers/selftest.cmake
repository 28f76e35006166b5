# cmake -DCHECKER=<check_layers.cmake> -DFIXTURES=<tests/support/layers> -P layers_selftest.cmake
#
# The layer check is only worth something if it fails on a wrong-way include: run it over a tree
# with deliberate offences and require each one by file and line, then over a clean tree and
# require a pass.
execute_process(COMMAND ${CMAKE_COMMAND} -DKIOSK_SOURCE_DIR=${FIXTURES}/bad -P ${CHECKER}
  RESULT_VARIABLE bad_rc OUTPUT_VARIABLE bad_out ERROR_VARIABLE bad_err)
set(bad_text "${bad_out}${bad_err}")
if(bad_rc EQUAL 0)
  message(FATAL_ERROR "the layer check passed a tree with wrong-way includes:\n${bad_text}")
endif()
foreach(expected
    "kiosk/core/upward.cpp:6: kiosk/core must not include \"kiosk/store/records.hpp\""
    "drivers/serial/link.cpp:1: drivers/serial must not include <SDL.h>"
    "drivers/serial/link.cpp:2: drivers/serial must not include \"drivers/fingerprint/driver.hpp\""
    "kiosk/ui/screen.cpp:1: kiosk/ui must not include \"kiosk/app/kiosk_loop.hpp\""
    "kiosk/stray/orphan.cpp:1: belongs to no layer"
    "kiosk/core/late.cpp:8: kiosk/core must not include \"kiosk/ui/theme.hpp\""
    "6 offence\\(s\\) against the layer table")
  if(NOT bad_text MATCHES "${expected}")
    message(FATAL_ERROR "the layer check did not report: ${expected}\nit said:\n${bad_text}")
  endif()
endforeach()
# kiosk/store may use <sqlite3.h>; its own header include and core's are fine.
if(bad_text MATCHES "kiosk/store/records.hpp:")
  message(FATAL_ERROR "the layer check refused the store's own use of sqlite3:\n${bad_text}")
endif()

execute_process(COMMAND ${CMAKE_COMMAND} -DKIOSK_SOURCE_DIR=${FIXTURES}/good -P ${CHECKER}
  RESULT_VARIABLE good_rc OUTPUT_VARIABLE good_out ERROR_VARIABLE good_err)
if(NOT good_rc EQUAL 0)
  message(FATAL_ERROR "the layer check refused a clean tree:\n${good_out}${good_err}")
endif()
message(STATUS "layer check self-test: 6 offences found, clean tree passes")
