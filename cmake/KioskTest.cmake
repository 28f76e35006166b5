# kiosk_add_test(NAME <name> SOURCES <files...> [LIBS <targets...>] [LABELS <labels...>]
#                [RESOURCE_LOCK <locks...>] [TIMEOUT <seconds>] [ENVIRONMENT <VAR=value...>])
#
# The one way to register a test: builds a doctest executable from SOURCES plus the shared doctest
# main, links LIBS, and registers it with ctest. Every test has a timeout (default 60 s) so none can
# hang CI. Tests that use a fixed system resource (pcscd and vpcd's TCP ports, an X display) name it
# in RESOURCE_LOCK so ctest never runs two of them at once.
function(kiosk_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS;RESOURCE_LOCK;ENVIRONMENT" ${ARGN})
  if(NOT T_NAME OR NOT T_SOURCES)
    message(FATAL_ERROR "kiosk_add_test needs NAME and SOURCES")
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 60)
  endif()
  add_executable(test_${T_NAME} ${T_SOURCES})
  target_link_libraries(test_${T_NAME} PRIVATE kiosk_test_main ${T_LIBS})
  kiosk_target_defaults(test_${T_NAME})
  add_test(NAME ${T_NAME} COMMAND test_${T_NAME})
  set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT})
  if(T_LABELS)
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
  if(T_RESOURCE_LOCK)
    set_tests_properties(${T_NAME} PROPERTIES RESOURCE_LOCK "${T_RESOURCE_LOCK}")
  endif()
  if(T_ENVIRONMENT)
    set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${T_ENVIRONMENT}")
  endif()
endfunction()
