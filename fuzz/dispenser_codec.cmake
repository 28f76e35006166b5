kiosk_add_fuzzer(NAME dispenser_codec SOURCE ${CMAKE_CURRENT_LIST_DIR}/dispenser_codec.cpp
  LIBS kiosk_dispenser)
