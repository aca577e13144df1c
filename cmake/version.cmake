# version.cmake - the commit gosize is built from, for `gosize --version`.
#   include(version.cmake); gosize_commit(VAR SOURCE_DIR)   in CMakeLists.txt (configure time)
#   cmake -DSOURCE_DIR=DIR -P version.cmake                   prints it (the install test)
# VAR is `git describe --tags --always --dirty` of SOURCE_DIR, or "" when SOURCE_DIR
# is no git checkout (a release tarball) or git is missing; -DGOSIZE_COMMIT=... set
# by a packager wins.
function(gosize_commit var dir)
  set(commit "")
  if(DEFINED GOSIZE_COMMIT AND NOT GOSIZE_COMMIT STREQUAL "")
    set(commit "${GOSIZE_COMMIT}")
  elseif(EXISTS "${dir}/.git")
    find_program(GOSIZE_GIT git)
    if(GOSIZE_GIT)
      execute_process(COMMAND "${GOSIZE_GIT}" -C "${dir}" describe --tags --always --dirty
                      OUTPUT_VARIABLE out RESULT_VARIABLE rc ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(rc EQUAL 0 AND out MATCHES "^[A-Za-z0-9._+-]+$")
        set(commit "${out}")
      endif()
    endif()
  endif()
  set(${var} "${commit}" PARENT_SCOPE)
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  gosize_commit(c "${SOURCE_DIR}")
  execute_process(COMMAND "${CMAKE_COMMAND}" -E echo "${c}")
endif()
