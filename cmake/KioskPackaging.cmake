# Installation and the Debian packages (CPack's DEB generator, one package per component):
#   ktp-kiosk        the kiosk program, its fonts, its systemd unit, sysusers.d, tmpfiles.d and udev
#                    rules, and the appliance's configuration /etc/ktp-kiosk/kiosk.toml (a conffile)
#   ktp-kioskctl     the command-line tool for the box (roster, tokens, imports, audit)
#   ktp-kiosk-tools  the device simulators and the demo's TEST-ONLY issuer key (demos and tests only)
# `scripts/package` builds them into build/packages/; tests/packaging checks them with lintian and
# installs them on a clean Debian 12 root filesystem.
#
# Debian 12's layout: units and udev rules under /lib (the /usr merge of units comes after bookworm),
# sysusers.d and tmpfiles.d under /usr/lib.
set(KIOSK_DEB_UNIT_DIR /lib/systemd/system)
set(KIOSK_DEB_UDEV_DIR /lib/udev/rules.d)
set(KIOSK_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(KIOSK_PACKAGING_BUILD_DIR ${CMAKE_BINARY_DIR}/packaging)

# The kiosk and its assets.
install(TARGETS kiosk RUNTIME DESTINATION bin COMPONENT kiosk)
# The fonts are Debian's own (assets/fonts holds the same files as fonts-noto-core): the package
# links to them instead of carrying a second copy.
file(MAKE_DIRECTORY ${KIOSK_PACKAGING_BUILD_DIR}/fonts)
foreach(font NotoSans-Regular.ttf NotoSans-Bold.ttf)
  file(CREATE_LINK ../../fonts/truetype/noto/${font} ${KIOSK_PACKAGING_BUILD_DIR}/fonts/${font} SYMBOLIC)
  install(FILES ${KIOSK_PACKAGING_BUILD_DIR}/fonts/${font} DESTINATION share/ktp-kiosk/fonts COMPONENT kiosk)
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/systemd/ktp-kiosk.service DESTINATION ${KIOSK_DEB_UNIT_DIR} COMPONENT kiosk)
install(FILES ${KIOSK_PACKAGING_DIR}/sysusers.d/ktp-kiosk.conf DESTINATION lib/sysusers.d COMPONENT kiosk)
install(FILES ${KIOSK_PACKAGING_DIR}/tmpfiles.d/ktp-kiosk.conf DESTINATION lib/tmpfiles.d COMPONENT kiosk)
install(FILES ${KIOSK_PACKAGING_DIR}/udev/60-ktp-kiosk.rules DESTINATION ${KIOSK_DEB_UDEV_DIR} COMPONENT kiosk)

# The appliance's configuration: the documented defaults (assets/config/kiosk.toml, one definition of
# every key) with the devices named by their udev links instead of the simulators.
file(READ ${PROJECT_SOURCE_DIR}/assets/config/kiosk.toml KIOSK_DEFAULT_CONFIG)
set(KIOSK_APPLIANCE_CONFIG "${KIOSK_DEFAULT_CONFIG}")
string(REGEX REPLACE "\\[fingerprint\\]([^[]*)\ndevice = \"sim\"" "[fingerprint]\\1\ndevice = \"/dev/ktp-fingerprint\""
  KIOSK_APPLIANCE_CONFIG "${KIOSK_APPLIANCE_CONFIG}")
string(REGEX REPLACE "\\[dispenser\\]([^[]*)\ndevice = \"sim\"" "[dispenser]\\1\ndevice = \"/dev/ktp-dispenser\""
  KIOSK_APPLIANCE_CONFIG "${KIOSK_APPLIANCE_CONFIG}")
if(KIOSK_APPLIANCE_CONFIG STREQUAL KIOSK_DEFAULT_CONFIG)
  message(FATAL_ERROR "assets/config/kiosk.toml: no `device = \"sim\"` under [fingerprint] and [dispenser]")
endif()
file(WRITE ${KIOSK_PACKAGING_BUILD_DIR}/kiosk.toml.new
  "# The appliance's configuration, installed by the ktp-kiosk package (a conffile: an edit survives\n"
  "# upgrades). The keys and their documentation are those of `kioskctl config defaults`; here the two\n"
  "# devices are the udev links of /lib/udev/rules.d/60-ktp-kiosk.rules instead of the simulators.\n"
  "${KIOSK_APPLIANCE_CONFIG}")
configure_file(${KIOSK_PACKAGING_BUILD_DIR}/kiosk.toml.new ${KIOSK_PACKAGING_BUILD_DIR}/kiosk.toml COPYONLY)
install(FILES ${KIOSK_PACKAGING_BUILD_DIR}/kiosk.toml DESTINATION /etc/ktp-kiosk COMPONENT kiosk)

# The demo's TEST-ONLY issuer key, for `kiosk --demo` on an installed kiosk: with the simulators,
# never in the kiosk's own package.
install(FILES ${PROJECT_SOURCE_DIR}/tests/data/cards/TEST-ONLY-issuer.key.pem
  DESTINATION share/ktp-kiosk/demo COMPONENT tools)

# Each package's copyright and changelog (Debian policy 12.5 and 12.7; lintian refuses a package
# without them). The changelog is compressed without a time stamp, so that packages are reproducible.
find_program(KIOSK_GZIP gzip REQUIRED)
foreach(package ktp-kiosk ktp-kioskctl ktp-kiosk-tools)
  if(package STREQUAL ktp-kiosk)
    set(component kiosk)
  elseif(package STREQUAL ktp-kioskctl)
    set(component ctl)
  else()
    set(component tools)
  endif()
  configure_file(${KIOSK_PACKAGING_DIR}/debian/changelog ${KIOSK_PACKAGING_BUILD_DIR}/${package}/changelog @ONLY)
  add_custom_command(OUTPUT ${KIOSK_PACKAGING_BUILD_DIR}/${package}/changelog.gz
    COMMAND ${KIOSK_GZIP} -9 -n -f -k ${KIOSK_PACKAGING_BUILD_DIR}/${package}/changelog
    DEPENDS ${KIOSK_PACKAGING_BUILD_DIR}/${package}/changelog
    VERBATIM)
  list(APPEND KIOSK_CHANGELOGS ${KIOSK_PACKAGING_BUILD_DIR}/${package}/changelog.gz)
  install(FILES ${KIOSK_PACKAGING_DIR}/debian/copyright ${KIOSK_PACKAGING_BUILD_DIR}/${package}/changelog.gz
    DESTINATION share/doc/${package} COMPONENT ${component})
endforeach()
add_custom_target(package_changelogs ALL DEPENDS ${KIOSK_CHANGELOGS})

# The packages.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ktp-kiosk)
set(CPACK_PACKAGE_VENDOR "ktp-kiosk")
set(CPACK_PACKAGE_CONTACT "ktp-kiosk maintainers <maintainers@ktp-kiosk.example>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL kiosk ctl tools)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://ktp-kiosk.example/")
set(CPACK_DEBIAN_KIOSK_PACKAGE_NAME ktp-kiosk)
set(CPACK_DEBIAN_CTL_PACKAGE_NAME ktp-kioskctl)
set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME ktp-kiosk-tools)
set(CPACK_DEBIAN_KIOSK_PACKAGE_DEPENDS "pcscd, systemd, fonts-noto-core")
set(CPACK_DEBIAN_KIOSK_PACKAGE_RECOMMENDS "ktp-kioskctl")
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION devel)
set(CPACK_COMPONENT_KIOSK_DESCRIPTION "e-KTP status and card pickup kiosk
The resident-facing program of a ktp-kiosk: a full-screen touchscreen program
on KMS/DRM where a resident checks the status of their e-KTP and picks up the
printed card from the kiosk's dispenser after a fingerprint check. It talks to
a fingerprint sensor and a card dispenser on serial ports, to contactless
readers through pcscd, and serves an HTTPS management interface.")
set(CPACK_COMPONENT_CTL_DESCRIPTION "command-line tool for a ktp-kiosk
kioskctl manages a ktp-kiosk on the box itself: the staff roster, the
management tokens, record imports, the audit chain and the configuration
check.")
set(CPACK_COMPONENT_TOOLS_DESCRIPTION "device simulators for ktp-kiosk (demos and tests)
Simulators of the fingerprint sensor, the card dispenser and the virtual
e-KTP cards (through vpcd), and the demo's TEST-ONLY issuer key. Not for a
kiosk in service.")
set(CPACK_DEBIAN_KIOSK_PACKAGE_CONTROL_EXTRA
  ${KIOSK_PACKAGING_DIR}/debian/ktp-kiosk/conffiles
  ${KIOSK_PACKAGING_DIR}/debian/ktp-kiosk/postinst
  ${KIOSK_PACKAGING_DIR}/debian/ktp-kiosk/prerm
  ${KIOSK_PACKAGING_DIR}/debian/ktp-kiosk/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
