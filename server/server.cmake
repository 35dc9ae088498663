# vastuu-server (native only): the team server. Boost.Beast/Asio are header-only (libboost-dev),
# libsodium from libsodium-dev. Beast lives in server/http_server.cpp and the test/bench clients only:
# it compiles slowly, so the logic (team.cpp, accounts.cpp) is a library of its own.
find_package(Boost 1.74 REQUIRED)
find_package(Threads REQUIRED)
find_library(SODIUM_LIBRARY sodium REQUIRED)

add_library(vastuu_server_core STATIC ${VASTUU_ROOT}/server/accounts.cpp ${VASTUU_ROOT}/server/team.cpp)
target_include_directories(vastuu_server_core PUBLIC ${VASTUU_ROOT}/server)
target_link_libraries(vastuu_server_core PUBLIC vastuu_engine ${SODIUM_LIBRARY})
target_compile_options(vastuu_server_core PRIVATE -Wall -Wextra)

add_executable(vastuu-server ${VASTUU_ROOT}/server/main.cpp ${VASTUU_ROOT}/server/http_server.cpp)
target_link_libraries(vastuu-server PRIVATE vastuu_server_core Boost::boost Threads::Threads)
target_compile_options(vastuu-server PRIVATE -Wall -Wextra)

# The server's tests start the real vastuu-server on 127.0.0.1 with a temporary data folder.
# live_client.cpp (the only Beast file of the clients) is shared by the tests and the bench.
add_library(vastuu_live_client STATIC ${VASTUU_ROOT}/tests/server/live_client.cpp)
target_include_directories(vastuu_live_client PUBLIC ${VASTUU_ROOT}/tests/server)
target_link_libraries(vastuu_live_client PUBLIC header_only Boost::boost Threads::Threads)
add_executable(server_tests ${VASTUU_ROOT}/tests/server/test_server.cpp ${VASTUU_ROOT}/tests/server/test_team_batching.cpp
  ${VASTUU_ROOT}/tests/server/test_disk_full.cpp
  ${VASTUU_ROOT}/tests/engine/xlsx_reader.cpp ${VASTUU_ROOT}/tests/engine/test_main.cpp)
target_link_libraries(server_tests PRIVATE vastuu_live_client vastuu_server_core vastuu_engine vastuu_zlib header_only)
add_test(NAME server_tests COMMAND server_tests WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
set_tests_properties(server_tests PROPERTIES ENVIRONMENT "VASTUU_SERVER=$<TARGET_FILE:vastuu-server>" TIMEOUT 180)
add_dependencies(server_tests vastuu-server)

# bench/server_load: 200 WebSocket clients on loopback against a real server (bench/server_results.json).
add_executable(server_load ${VASTUU_ROOT}/bench/server_load.cpp)
target_link_libraries(server_load PRIVATE vastuu_live_client vastuu_engine)
add_dependencies(server_load vastuu-server)

# bench/server_soak: the server held for minutes with reconnecting clients (bench/soak_results.json).
add_executable(server_soak ${VASTUU_ROOT}/bench/server_soak.cpp)
target_link_libraries(server_soak PRIVATE vastuu_live_client vastuu_engine)
add_dependencies(server_soak vastuu-server)
