# Installation (cmake --install) and the Debian package (cpack -G DEB).
#
# loa is a system service, so the layout is the system's: the binary and
# data under CMAKE_INSTALL_PREFIX (/usr by default, see CMakeLists.txt), the
# configuration in /etc/loa (CMAKE_INSTALL_FULL_SYSCONFDIR: /etc for the
# /usr prefix), the unit where systemd looks for packaged units, the state
# in /var/lib/loa (made by the package's postinst, not installed).
# To stage an install elsewhere: DESTDIR=/tmp/stage cmake --install build.

# Hardening, as Debian's dpkg-buildflags would add it: fortified libc calls
# (which need optimisation, so not in Debug builds) and a read-only GOT.
foreach(t loa_core loa_cli loa_web loa_link loa_mqtt loa loa-web loa-link loa-hub)
  target_compile_options(${t} PRIVATE $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
endforeach()
foreach(t loa loa-web loa-link loa-hub)
  target_link_options(${t} PRIVATE -Wl,-z,relro,-z,now)
endforeach()

# Man pages, compressed as Debian wants them (gzip -9n: no timestamp).
find_program(GZIP gzip REQUIRED)
set(loa_man_pages loa.1 loa.conf.5)
set(loa_man_gz)
foreach(page ${loa_man_pages})
  string(REGEX REPLACE ".*\\.([0-9])$" "\\1" section ${page})
  set(gz ${PROJECT_BINARY_DIR}/doc/${page}.gz)
  add_custom_command(OUTPUT ${gz}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/doc
    COMMAND ${GZIP} -9nc ${PROJECT_SOURCE_DIR}/doc/${page} > ${gz}
    DEPENDS ${PROJECT_SOURCE_DIR}/doc/${page})
  list(APPEND loa_man_gz ${gz})
  install(FILES ${gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
set(changelog_gz ${PROJECT_BINARY_DIR}/packaging/changelog.gz)
add_custom_command(OUTPUT ${changelog_gz}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/packaging
  COMMAND ${GZIP} -9nc ${PROJECT_SOURCE_DIR}/packaging/changelog > ${changelog_gz}
  DEPENDS ${PROJECT_SOURCE_DIR}/packaging/changelog)
# loa-hub's page goes with loa-hub (below), not into a station's install.
set(hub_man_gz ${PROJECT_BINARY_DIR}/doc/loa-hub.1.gz)
add_custom_command(OUTPUT ${hub_man_gz}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/doc
  COMMAND ${GZIP} -9nc ${PROJECT_SOURCE_DIR}/doc/loa-hub.1 > ${hub_man_gz}
  DEPENDS ${PROJECT_SOURCE_DIR}/doc/loa-hub.1)
add_custom_target(loa_docs ALL DEPENDS ${loa_man_gz} ${changelog_gz} ${hub_man_gz})

# The hub's program is installed only when asked for, on the hub's
# machine: `cmake --install BUILD --component hub`, or its own package,
# loa-hub (below). It links libpq, which a station's package must not pull
# in, so neither the default install nor the station's .deb carries it.
install(TARGETS loa-hub RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT hub EXCLUDE_FROM_ALL)
install(FILES ${hub_man_gz} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT hub EXCLUDE_FROM_ALL)
install(FILES packaging/copyright ${changelog_gz} DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/loa-hub
        COMPONENT hub EXCLUDE_FROM_ALL)
install(FILES packaging/hub/loa-hub.default DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/default
        RENAME loa-hub COMPONENT hub EXCLUDE_FROM_ALL)

install(FILES packaging/bash-completion/loa
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES packaging/loa.conf DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/loa)
install(FILES packaging/copyright ${changelog_gz} DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The systemd unit is written by the daemon's work (packaging/loa.service).
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  pkg_get_variable(LOA_SYSTEMD_UNITDIR systemd systemdsystemunitdir)
endif()
if(NOT LOA_SYSTEMD_UNITDIR)
  set(LOA_SYSTEMD_UNITDIR ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
endif()
if(EXISTS ${PROJECT_SOURCE_DIR}/packaging/loa.service)
  # loa-web.service is installed, not enabled: the console waits for a user;
  # loa-link.service too: the link waits for [link] in loa.conf.
  install(FILES packaging/loa.service packaging/loa-web.service packaging/loa-link.service
          DESTINATION ${LOA_SYSTEMD_UNITDIR})
  install(FILES packaging/loa-hub.service DESTINATION ${LOA_SYSTEMD_UNITDIR} COMPONENT hub EXCLUDE_FROM_ALL)
else()
  message(STATUS "packaging/loa.service is not there yet: the package will have no systemd unit")
endif()

# The Debian packages, one per install component (CPack's DEB component
# packaging): loa, the station (every file not in a named component), and
# loa-hub, the hub's program, unit and page (the component hub).
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL Unspecified hub)
set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_NAME loa)
set(CPACK_DEBIAN_HUB_PACKAGE_NAME loa-hub)
set(CPACK_PACKAGE_NAME loa)
set(CPACK_PACKAGE_VENDOR "The loa project")
# The address is a placeholder (.invalid, RFC 2606) until the project has one.
set(LOA_MAINTAINER "loa maintainers <maintainers@loa.invalid>" CACHE STRING "Maintainer of the Debian package")
set(CPACK_PACKAGE_CONTACT "${LOA_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "broadcast scheduler for commune loudspeaker radio")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION sound)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${LOA_MAINTAINER}")
# CPack writes the summary line, then this text with each line indented and
# empty lines as " .". No double quotes: CPack would break the text there.
set(CPACK_PACKAGE_DESCRIPTION "loa plays a commune's loudspeaker schedule (loa truyen thanh co so)
unattended, at the exact minute, for months. The officer adds audio clips
and schedules them as iCalendar slots; the loa service airs them through
the sound card, switches the amplifier with optional hook commands, and
keeps a tamper-evident log of every airing and every miss, from which loa
writes the quarterly report the district asks for.

The package creates the loa system user (in the audio group), a station in
/var/lib/loa and enables the loa service. Messages are in Vietnamese on a
Vietnamese system, in English otherwise.")
set(CPACK_DEBIAN_UNSPECIFIED_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}
${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_SOURCE_DIR}/packaging/cpack-project.cmake)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# FFmpeg is dlopen()ed when a file needs it (src/audio/decode_av.c), not
# linked, so dpkg-shlibdeps does not see it: the package names its
# libraries itself. Debian names each after its soname (libavcodec59 has
# libavcodec.so.59, the major of the headers built against) and versions it
# as the FFmpeg release (7:5.1.x); the release of the -dev packages here is
# the oldest whose libraries fit the headers, which decode_av.c checks
# again at run time.
set(loa_av_depends)
foreach(lib avformat avcodec avutil)
  string(REGEX MATCH "^[0-9]+" major "${LIBAV_lib${lib}_VERSION}")
  set(dep "lib${lib}${major}")
  execute_process(COMMAND dpkg-query -W -f=\${Version} lib${lib}-dev
    OUTPUT_VARIABLE dev_version RESULT_VARIABLE rc ERROR_QUIET)
  if(rc EQUAL 0 AND dev_version MATCHES "^([0-9]+:)?[0-9]+\\.[0-9]+")
    string(APPEND dep " (>= ${CMAKE_MATCH_0})")
  endif()
  list(APPEND loa_av_depends "${dep}")
endforeach()
list(JOIN loa_av_depends ", " loa_av_depends)
# The libraries loaded on first use (CMakeLists.txt, include/loa/lazy.h) are
# not linked either: each is named by the package that ships its soname
# here, at least the version built against.
set(loa_lazy_depends)
foreach(soname ${LOA_LAZY_SONAMES})
  string(REGEX REPLACE "^lib(.*)\\.so\\..*$" "\\1" lib ${soname})
  string(TOUPPER ${lib} macro)
  get_filename_component(real ${LOA_LIBFILE_${macro}} REALPATH)
  execute_process(COMMAND dpkg-query -S ${real} OUTPUT_VARIABLE owner RESULT_VARIABLE rc ERROR_QUIET)
  if(NOT rc EQUAL 0 OR NOT owner MATCHES "^([^:,]+)")
    message(WARNING "no Debian package ships ${real}: the package will not depend on ${soname}")
    continue()
  endif()
  set(dep ${CMAKE_MATCH_1})
  execute_process(COMMAND dpkg-query -W -f=\${Version} ${dep} OUTPUT_VARIABLE v RESULT_VARIABLE rc ERROR_QUIET)
  if(rc EQUAL 0 AND v MATCHES "^([0-9]+:)?[0-9][0-9.]*")
    string(APPEND dep " (>= ${CMAKE_MATCH_0})")
  endif()
  list(APPEND loa_lazy_depends "${dep}")
  set(LOA_LAZY_DEP_${macro} "${dep}")
endforeach()
list(JOIN loa_lazy_depends ", " loa_lazy_depends)
set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_DEPENDS
    "adduser, init-system-helpers (>= 1.54~), ${loa_av_depends}, ${loa_lazy_depends}")
set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_SUGGESTS "jackd2, espeak-ng, sox")
set(CPACK_DEBIAN_UNSPECIFIED_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
  ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
  ${PROJECT_SOURCE_DIR}/packaging/debian/postrm
  ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles)

# loa-hub: libpq and libmosquitto (dpkg-shlibdeps finds them); the
# report's writer and the chain's hash, loaded on first use, by name. It
# does not need loa: a province's server is not a station.
set(CPACK_DEBIAN_HUB_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~), ${LOA_LAZY_DEP_XLSXWRITER}, ${LOA_LAZY_DEP_CRYPTO}, ${LOA_LAZY_DEP_ICAL}")
set(CPACK_DEBIAN_HUB_PACKAGE_SECTION net)
set(CPACK_DEBIAN_HUB_PACKAGE_SUGGESTS "postgresql, mosquitto")
set(CPACK_DEBIAN_HUB_DESCRIPTION "hub of a province's loa stations: their airing logs in PostgreSQL
loa-hub is the other end of loa link: every commune station of a province
sends its airing log over MQTT (Mosquitto); loa-hub checks each row against
the station's hash chain, stores it once in PostgreSQL, acknowledges it,
and writes the province's quarterly, half-year and yearly report, one row
per commune, from what the stations sent.

The package installs loa-hub.service, not enabled: make the database first
(loa-hub init, see loa-hub(1)), then enable it.")
set(CPACK_DEBIAN_HUB_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/packaging/hub/postinst
  ${PROJECT_SOURCE_DIR}/packaging/hub/prerm
  ${PROJECT_SOURCE_DIR}/packaging/hub/postrm
  ${PROJECT_SOURCE_DIR}/packaging/hub/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_GENERATOR DEB)
include(CPack)
