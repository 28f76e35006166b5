# BER-TLV and biodata parsers of the card profile: they read untrusted card data.
# The parser sources are compiled into the fuzzer so that they carry the fuzzer's instrumentation.
kiosk_add_fuzzer(NAME cardreader_tlv SOURCE ${CMAKE_CURRENT_LIST_DIR}/cardreader_tlv.cpp LIBS kiosk_core)
target_sources(fuzz_cardreader_tlv PRIVATE
  ${PROJECT_SOURCE_DIR}/drivers/cardreader/apdu.cpp
  ${PROJECT_SOURCE_DIR}/drivers/cardreader/tlv.cpp
  ${PROJECT_SOURCE_DIR}/drivers/cardreader/biodata.cpp)
