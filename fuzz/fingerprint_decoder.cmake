# The R30x packet decoder. codec.cpp is compiled into the target so libFuzzer instruments it.
kiosk_add_fuzzer(NAME fingerprint_decoder SOURCE ${CMAKE_CURRENT_SOURCE_DIR}/fingerprint_decoder.cpp LIBS kiosk_core)
target_sources(fuzz_fingerprint_decoder PRIVATE ${PROJECT_SOURCE_DIR}/drivers/fingerprint/codec.cpp)
target_compile_features(fuzz_fingerprint_decoder PRIVATE cxx_std_20)
