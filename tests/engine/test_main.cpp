// The doctest main shared by the engine and UI test binaries (natively and as wasm under node).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
