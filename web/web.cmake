# The web app: web/main_web.cpp (GLFW + ImGui backends on WebGL2, on-demand frames, IndexedDB
# persistence, downloads, the window.vastuu automation API) linked into build/web/dist/app.{js,wasm},
# with web/page_store.js (the database as pages in IndexedDB), web/pre.js and web/post.js; plus
# shell.html as dist/index.html. Included by the root CMakeLists.txt on Emscripten only.

# [SECTION] The UI font: Noto Sans subset to Latin-1, Latin Extended-A and a few symbols, as a C array.
set(VASTUU_FONT_SOURCE /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf)
set(VASTUU_GENERATED ${CMAKE_BINARY_DIR}/generated)
set(VASTUU_FONT_TTF ${VASTUU_GENERATED}/NotoSans-Vastuu.ttf)
set(VASTUU_FONT_C ${VASTUU_GENERATED}/font_noto_sans.c)
find_program(VASTUU_PYFTSUBSET pyftsubset)
if(VASTUU_PYFTSUBSET)
  set(VASTUU_SUBSET_COMMAND ${VASTUU_PYFTSUBSET})
else()
  # Debian's python3-fonttools has the module but not the pyftsubset script (that is in `fonttools`).
  set(VASTUU_SUBSET_COMMAND /usr/bin/python3 -m fontTools.subset)
endif()
add_custom_command(OUTPUT ${VASTUU_FONT_TTF}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${VASTUU_GENERATED}
  COMMAND ${VASTUU_SUBSET_COMMAND} ${VASTUU_FONT_SOURCE}
          --unicodes=U+0020-017F,U+2013-2014,U+2018-201E,U+2022,U+2026,U+2039-203A,U+20AC,U+2190-2193,U+2212,U+2713
          --layout-features= --no-hinting --drop-tables+=GSUB,GPOS,GDEF,DSIG
          --output-file=${VASTUU_FONT_TTF}
  DEPENDS ${VASTUU_FONT_SOURCE}
  COMMENT "Subsetting Noto Sans for the UI")
add_custom_command(OUTPUT ${VASTUU_FONT_C}
  COMMAND ${CMAKE_COMMAND} -DIN=${VASTUU_FONT_TTF} -DOUT=${VASTUU_FONT_C} -DNAME=vastuu_font_noto_sans
          -P ${VASTUU_ROOT}/web/embed_file.cmake
  DEPENDS ${VASTUU_FONT_TTF} ${VASTUU_ROOT}/web/embed_file.cmake)

# [SECTION] The app
set(VASTUU_DIST ${CMAKE_BINARY_DIR}/dist)
add_executable(app ${VASTUU_ROOT}/web/main_web.cpp ${VASTUU_ROOT}/web/team_web.cpp ${VASTUU_FONT_C})
target_link_libraries(app PRIVATE vastuu_ui imgui_backends)
target_compile_options(app PRIVATE -Wall -Wextra)
set_target_properties(app PROPERTIES OUTPUT_NAME app SUFFIX ".js" RUNTIME_OUTPUT_DIRECTORY ${VASTUU_DIST})
set(VASTUU_WEB_JS ${VASTUU_ROOT}/web/page_store.js ${VASTUU_ROOT}/web/pre.js ${VASTUU_ROOT}/web/team.js ${VASTUU_ROOT}/web/post.js)
target_link_options(app PRIVATE
  -sUSE_GLFW=3 -sMAX_WEBGL_VERSION=2 -sMIN_WEBGL_VERSION=2 -sFORCE_FILESYSTEM=1
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB -sENVIRONMENT=web
  "SHELL:-sEXPORTED_RUNTIME_METHODS=['ccall','UTF8ToString','stringToUTF8','lengthBytesUTF8','addRunDependency','removeRunDependency','FS']"
  "SHELL:-sEXPORTED_FUNCTIONS=['_main','_malloc','_free']"
  "SHELL:--pre-js ${VASTUU_ROOT}/web/page_store.js" "SHELL:--pre-js ${VASTUU_ROOT}/web/pre.js" "SHELL:--pre-js ${VASTUU_ROOT}/web/team.js" "SHELL:--post-js ${VASTUU_ROOT}/web/post.js")
set_property(TARGET app APPEND PROPERTY LINK_DEPENDS ${VASTUU_WEB_JS})

# [SECTION] Static files next to the app (copied on every build, so editing shell.html needs no relink)
add_custom_target(app_shell ALL
  COMMAND ${CMAKE_COMMAND} -E make_directory ${VASTUU_DIST}
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${VASTUU_ROOT}/shell.html ${VASTUU_DIST}/index.html
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${VASTUU_ROOT}/web/sw.js ${VASTUU_DIST}/sw.js
  DEPENDS ${VASTUU_ROOT}/shell.html ${VASTUU_ROOT}/web/sw.js
  COMMENT "Copying shell.html to dist/index.html and the team mode's service worker (web/sw.js)")
add_dependencies(app app_shell)
