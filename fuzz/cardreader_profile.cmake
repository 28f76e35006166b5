# The card profile reader against a card that answers anything: responses come from the fuzz input.
# The reader's own parsing sources are compiled in (instrumented); PC/SC and crypto come from the library.
kiosk_add_fuzzer(NAME cardreader_profile SOURCE ${CMAKE_CURRENT_LIST_DIR}/cardreader_profile.cpp LIBS kiosk_cardreader)
target_sources(fuzz_cardreader_profile PRIVATE
  ${PROJECT_SOURCE_DIR}/drivers/cardreader/apdu.cpp
  ${PROJECT_SOURCE_DIR}/drivers/cardreader/tlv.cpp
  ${PROJECT_SOURCE_DIR}/drivers/cardreader/biodata.cpp
  ${PROJECT_SOURCE_DIR}/drivers/cardreader/ktp_card_reader.cpp)
