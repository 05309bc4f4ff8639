# Writes OUTPUT, a header defining CUTOVER_COMMIT: COMMIT when given
# (-DCUTOVER_COMMIT=... at configure time, for builds from a source tarball),
# else `git describe` of SOURCE_DIR when it is the top of a git work tree (a
# tag v*, or the commit; "-dirty" with uncommitted changes), else "unknown".
# Run at every build (tools/cutover), so --version follows new commits without
# reconfiguring; the header is rewritten only when the commit changes, so an
# unchanged tree rebuilds nothing.
#   cmake -DSOURCE_DIR=... -DOUTPUT=... [-DCOMMIT=...] -P commit.cmake
if(NOT COMMIT)
  set(COMMIT unknown)
  execute_process(COMMAND git -C "${SOURCE_DIR}" rev-parse --show-toplevel
                  OUTPUT_VARIABLE top OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE status)
  file(REAL_PATH "${SOURCE_DIR}" source)
  if(status EQUAL 0 AND top)
    file(REAL_PATH "${top}" top)
  endif()
  # A source tarball unpacked inside some other repository is not that repository's commit.
  if(status EQUAL 0 AND top STREQUAL source)
    execute_process(COMMAND git -C "${SOURCE_DIR}" describe --always --dirty --abbrev=12 --match "v[0-9]*"
                    OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE status)
    if(status EQUAL 0 AND described)
      set(COMMIT "${described}")
    endif()
  endif()
endif()
if(NOT COMMIT MATCHES "^[A-Za-z0-9._+~-]+$")
  message(FATAL_ERROR "CUTOVER_COMMIT '${COMMIT}': letters, digits and ._+~- only")
endif()
set(content "#define CUTOVER_COMMIT \"${COMMIT}\"\n")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL content)
  file(WRITE "${OUTPUT}" "${content}")
endif()
