# cutover_npm_stage(NAME SOURCE STAGE): the test NAME, and a fixture of the
# same name, that copies the directory SOURCE (a package.json with its
# package-lock.json) to STAGE in the build tree and installs the pinned npm
# packages there (tests/npm_stage.py: `npm ci`, skipped while the lock file
# is unchanged). The tests that run them require the fixture NAME and find
# the packages in STAGE/node_modules.
function(cutover_npm_stage name source stage)
  add_test(NAME ${name} COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/npm_stage.py ${source} ${stage})
  set_tests_properties(${name} PROPERTIES FIXTURES_SETUP ${name} TIMEOUT 300)
endfunction()
