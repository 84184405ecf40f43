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

# yandian_embed_tables(TARGET GLOB HEADER NAMESPACE) — compiles the CSV files matching GLOB into TARGET, one raw string
# each, so the binary needs no data directory at run time. HEADER declares, in NAMESPACE, `struct EmbeddedTable
# {std::string_view name, text;}` and `std::span<const EmbeddedTable> embedded_tables();`, which the generated source
# defines. Re-configures when a table changes.
function(yandian_embed_tables target glob header namespace)
  file(GLOB tables CONFIGURE_DEPENDS ${glob})
  get_filename_component(header_name ${header} NAME_WE)  # one generated source per header: a folder may embed twice
  set(embedded_cpp ${CMAKE_CURRENT_BINARY_DIR}/${header_name}.cpp)
  set(text "// Generated from ${glob} by yandian_embed_tables (cmake/YandianModule.cmake). Do not edit.\n")
  string(APPEND text "#include \"${header}\"\n\nnamespace ${namespace} {\n\nnamespace {\n")
  set(index 0)
  set(entries "")
  foreach(table ${tables})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${table})
    file(READ ${table} content)
    get_filename_component(table_name ${table} NAME_WE)
    string(APPEND text "constexpr char kTable${index}[] = R\"ydcsv(${content})ydcsv\";\n")
    string(APPEND entries "    {\"${table_name}\", kTable${index}},\n")
    math(EXPR index "${index} + 1")
  endforeach()
  string(APPEND text "constexpr EmbeddedTable kTables[] = {\n${entries}    {\"\", \"\"},\n};\n}  // namespace\n\n")
  string(APPEND text "std::span<const EmbeddedTable> embedded_tables() { return {kTables, ${index}}; }\n\n")
  string(APPEND text "}  // namespace ${namespace}\n")
  file(CONFIGURE OUTPUT ${embedded_cpp} CONTENT "${text}" @ONLY)
  target_sources(${target} PRIVATE ${embedded_cpp})
endfunction()
