# The layer table: which directories a file may include project headers from, and which system
# headers a layer must not use. It is the build's copy of DESIGN.md's "Dependencies point one way"
# (core <- drivers/store <- ui/mgmt <- app), made exact. cmake/check_layers.cmake reads it; the
# build runs that check (target check_layers, part of ALL) and so does ctest (test "layers").
#
# A file belongs to the longest layer path that prefixes its own path; so does an included header.
# Including a header of one's own layer is always allowed. tests/, bench/ and fuzz/ may include
# anything, as may the generated sources in the build tree.
#
# KIOSK_LAYER_<path with / and . as _>_USES   project layers it may include
# KIOSK_LAYER_<...>_DENIES                   regexes of system includes it must not use
set(KIOSK_LAYER_PATHS
  kiosk/core kiosk/log kiosk/clock
  drivers/serial drivers/cardreader drivers/cardreader/sim drivers/fingerprint drivers/fingerprint/sim
  drivers/dispenser drivers/dispenser/sim
  kiosk/store kiosk/ui kiosk/mgmt
  kiosk/app/config kiosk/app kiosk/ctl)

# core: the standard library and nothing else (checked separately: only <name> headers without a
# '.h' or a '/').
set(KIOSK_LAYER_kiosk_core_USES "")
set(KIOSK_LAYER_kiosk_log_USES kiosk/core)
# clock: the one SteadyClock seam, for the drivers' and the app's own deadlines.
set(KIOSK_LAYER_kiosk_clock_USES "")

set(kiosk_layer_no_ui_db_http "^SDL" "^sqlite3\\.h$" "^boost/beast" "^boost/asio")
set(KIOSK_LAYER_drivers_serial_USES kiosk/core kiosk/log)
set(KIOSK_LAYER_drivers_cardreader_USES kiosk/core kiosk/log kiosk/clock)
set(KIOSK_LAYER_drivers_cardreader_sim_USES drivers/cardreader kiosk/core kiosk/log kiosk/clock)
set(KIOSK_LAYER_drivers_fingerprint_USES drivers/serial kiosk/core kiosk/log kiosk/clock)
set(KIOSK_LAYER_drivers_fingerprint_sim_USES drivers/fingerprint drivers/serial kiosk/core kiosk/log kiosk/clock)
set(KIOSK_LAYER_drivers_dispenser_USES drivers/serial kiosk/core kiosk/log kiosk/clock)
# The dispenser simulator presents cards at its read position through a virtual card on vpcd.
set(KIOSK_LAYER_drivers_dispenser_sim_USES drivers/dispenser drivers/serial drivers/cardreader
  drivers/cardreader/sim kiosk/core kiosk/log kiosk/clock)
foreach(layer drivers_serial drivers_cardreader drivers_cardreader_sim drivers_fingerprint
    drivers_fingerprint_sim drivers_dispenser drivers_dispenser_sim)
  set(KIOSK_LAYER_${layer}_DENIES ${kiosk_layer_no_ui_db_http})
endforeach()

set(KIOSK_LAYER_kiosk_store_USES kiosk/core kiosk/log)
set(KIOSK_LAYER_kiosk_store_DENIES "^SDL" "^boost/beast" "^boost/asio")
# ui and mgmt never talk to each other, nor to the devices or the database directly: both talk to
# the application's services, which app hands them.
set(KIOSK_LAYER_kiosk_ui_USES kiosk/core kiosk/log)
set(KIOSK_LAYER_kiosk_ui_DENIES "^sqlite3\\.h$" "^boost/beast" "^boost/asio")
set(KIOSK_LAYER_kiosk_mgmt_USES kiosk/core kiosk/log)
set(KIOSK_LAYER_kiosk_mgmt_DENIES "^SDL" "^sqlite3\\.h$")

# The configuration (kiosk/app/config) is its own unit inside app so that kioskctl can validate a
# kiosk.toml without linking the program's threads and screens. It names device ports, hence
# drivers/serial.
set(KIOSK_LAYER_kiosk_app_config_USES kiosk/core kiosk/log drivers/serial)
set(KIOSK_LAYER_kiosk_app_config_DENIES ${kiosk_layer_no_ui_db_http})
set(KIOSK_LAYER_kiosk_app_USES kiosk/core kiosk/log kiosk/clock drivers/serial drivers/cardreader drivers/cardreader/sim
  drivers/fingerprint drivers/fingerprint/sim drivers/dispenser drivers/dispenser/sim kiosk/store kiosk/ui
  kiosk/mgmt kiosk/app/config)
# kioskctl works on the box at the app's level, but never through the running program's code.
set(KIOSK_LAYER_kiosk_ctl_USES kiosk/core kiosk/log kiosk/clock kiosk/store kiosk/app/config drivers/serial
  drivers/cardreader drivers/cardreader/sim drivers/dispenser drivers/fingerprint)
set(KIOSK_LAYER_kiosk_ctl_DENIES "^SDL" "^boost/beast" "^boost/asio")

# The directories the check walks.
set(KIOSK_LAYER_ROOTS kiosk drivers)
