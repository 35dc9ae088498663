// The network side of vastuu-server: listens, speaks HTTP and WebSocket (Boost.Beast), and hands
// every request and message to Team. The only file that includes Beast (it compiles slowly).
#pragma once
#include <string>

#include "team.h"

namespace vastuu::server {

struct ListenOptions {
    std::string address = "127.0.0.1";
    int port = 8080;  // 0: any free port (the URL printed says which)
};

// Opens the data folder, prints the URL (and the first administrator's invitation link on a first
// start), and serves until SIGINT or SIGTERM. Returns the process exit code.
int serve(ServeOptions options, const ListenOptions& listen);

}  // namespace vastuu::server
