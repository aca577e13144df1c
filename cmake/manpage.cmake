# manpage.cmake - writes gosize.1 with the built gosize (`gosize help --man`):
#   cmake -DGOSIZE=path/to/gosize -DOUT=gosize.1 -P manpage.cmake
execute_process(COMMAND "${GOSIZE}" help --man OUTPUT_FILE "${OUT}.tmp" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(REMOVE "${OUT}.tmp")
  message(FATAL_ERROR "gosize help --man failed: ${rc}")
endif()
file(RENAME "${OUT}.tmp" "${OUT}")
