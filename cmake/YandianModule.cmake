# yandian_module(NAME DEPS...) — one static library per folder of src/, sources globbed from that folder
# (and its sub-folders), includes rooted at src/. DEPS states who may depend on whom.
function(yandian_module name)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(yandian_${name} STATIC ${sources})
  target_include_directories(yandian_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(yandian_${name} PUBLIC ${ARGN})
endfunction()

# yandian_tests(NAME DEPS...) — one gtest binary per folder of tests/, from every *_test.cpp in it.
function(yandian_tests name)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
  if(NOT sources)
    return()
  endif()
  add_executable(${name}_tests ${sources})
  target_link_libraries(${name}_tests PRIVATE ${ARGN} GTest::gtest GTest::gtest_main GTest::gmock)
  target_compile_definitions(${name}_tests PRIVATE
    YANDIAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    YANDIAN_BINARY="$<TARGET_FILE:yandian>")
  gtest_discover_tests(${name}_tests DISCOVERY_TIMEOUT 30 PROPERTIES LABELS ${name})
endfunction()
