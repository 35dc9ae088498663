# The Dear ImGui views (platform-neutral): library vastuu_ui; natively also the windowless UI tests.
# Included by the root CMakeLists.txt on both targets.
file(GLOB VASTUU_UI_SOURCES CONFIGURE_DEPENDS ${VASTUU_ROOT}/ui/*.cpp)
add_library(vastuu_ui STATIC ${VASTUU_UI_SOURCES})
target_include_directories(vastuu_ui PUBLIC ${VASTUU_ROOT}/ui)
target_link_libraries(vastuu_ui PUBLIC vastuu_engine imgui_core)
target_compile_options(vastuu_ui PRIVATE -Wall -Wextra)

if(NOT EMSCRIPTEN)
  file(GLOB VASTUU_UI_TEST_SOURCES CONFIGURE_DEPENDS ${VASTUU_ROOT}/tests/ui/*.cpp)
  add_executable(ui_tests ${VASTUU_UI_TEST_SOURCES} ${VASTUU_ROOT}/tests/engine/test_main.cpp)
  target_link_libraries(ui_tests PRIVATE vastuu_ui header_only)
  # The persons view's export test reads the downloaded workbook back.
  target_sources(ui_tests PRIVATE ${VASTUU_ROOT}/tests/engine/xlsx_reader.cpp)
  target_include_directories(ui_tests PRIVATE ${VASTUU_ROOT}/tests/engine)
  # The font test reads the string catalogue and the web build's font subset list.
  target_compile_definitions(ui_tests PRIVATE VASTUU_SOURCE_DIR="${VASTUU_ROOT}")
  add_test(NAME ui_tests COMMAND ui_tests WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
endif()
