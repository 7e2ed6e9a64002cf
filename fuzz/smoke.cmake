# One bounded libFuzzer run (a ctest test): cmake -DFUZZER=... -DSEEDS=... -DWORK=... -P smoke.cmake
# [-DDICT=...] [-DSECONDS=60]. Starts from a fresh scratch corpus in the build tree and reads the
# checked-in seeds after it: libFuzzer writes new inputs only into its first corpus folder, so
# the repository is never modified.
if(NOT SECONDS)
    set(SECONDS 60)
endif()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus)
set(args -max_total_time=${SECONDS} -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
    -artifact_prefix=${WORK}/)
if(DICT)
    list(APPEND args -dict=${DICT})
endif()
execute_process(COMMAND ${FUZZER} ${args} ${WORK}/corpus ${SEEDS} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${FUZZER} failed (${rc}); the input that failed is in ${WORK}/")
endif()
