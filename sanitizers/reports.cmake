# The sanitizer run's report folder (see tests/CMakeLists.txt):
#   cmake -D REPORTS=DIR -D MODE=clear -P reports.cmake   empties it before the tests
#   cmake -D REPORTS=DIR -D MODE=check -P reports.cmake   fails, printing each report, if any
if(MODE STREQUAL "clear")
  file(REMOVE_RECURSE "${REPORTS}")
  file(MAKE_DIRECTORY "${REPORTS}")
elseif(MODE STREQUAL "check")
  file(GLOB found "${REPORTS}/*")
  if(found)
    list(LENGTH found count)
    foreach(report IN LISTS found)
      file(READ "${report}" text)
      message("==== ${report}\n${text}")
    endforeach()
    message(FATAL_ERROR "${count} sanitizer report(s) above: each is a bug to fix, "
      "or, if it comes from inside a system library, a suppression in sanitizers/ with its reason")
  endif()
else()
  message(FATAL_ERROR "reports.cmake: MODE must be clear or check, not '${MODE}'")
endif()
