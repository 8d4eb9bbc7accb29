# cmake -DPROGRAM=<sparkdeck> -DSHARE=<dir> -P generate-share.cmake: writes what `PROGRAM man` and
# `PROGRAM completion SHELL` print into SHARE's man and completion directories (at build time).
function(_write args file)
  execute_process(COMMAND ${PROGRAM} ${args} OUTPUT_FILE ${file} RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    file(REMOVE ${file})
    message(FATAL_ERROR "${PROGRAM} ${args} failed (${rc}): ${err}")
  endif()
endfunction()
_write("man" ${SHARE}/man/man1/sparkdeck.1)
_write("completion;bash" ${SHARE}/bash-completion/completions/sparkdeck)
_write("completion;zsh" ${SHARE}/zsh/site-functions/_sparkdeck)
_write("completion;fish" ${SHARE}/fish/vendor_completions.d/sparkdeck.fish)
