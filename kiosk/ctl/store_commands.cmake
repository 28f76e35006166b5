# kioskctl's database command groups (init, seed, import, record, audit), over kiosk_store.
target_sources(kioskctl PRIVATE store_commands.cpp store_access.cpp db_commands.cpp seed_command.cpp
  import_command.cpp record_command.cpp audit_command.cpp)
target_link_libraries(kioskctl PRIVATE kiosk_store)
