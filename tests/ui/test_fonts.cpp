// The font atlas holds every character the UI's texts use: a glyph missing from it is drawn as "?"
// (as "›" in "File › Restore previous data" was). The web build subsets the font to the same list.
#include <doctest/doctest.h>
#include <imgui.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "theme.h"

using namespace vastuu::ui;

namespace {

std::string read_source(const std::string& relative) {
    std::ifstream in(std::string(VASTUU_SOURCE_DIR) + "/" + relative, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), relative);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The code points of UTF-8 `text` (the catalogue is valid UTF-8: an engine test checks that).
std::vector<unsigned> code_points(const std::string& text) {
    std::vector<unsigned> out;
    for (size_t i = 0; i < text.size();) {
        const unsigned char b = static_cast<unsigned char>(text[i]);
        const size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        unsigned cp = len == 1 ? b : b & (0xFF >> (len + 1));
        for (size_t k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (text[i + k] & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

bool in_ranges(unsigned cp) {
    for (const ImWchar* r = font_glyph_ranges(); r[0]; r += 2)
        if (cp >= r[0] && cp <= r[1]) return true;
    return false;
}

}  // namespace

TEST_CASE("every character of the string catalogue is in the font atlas") {
    for (const char* file : {"assets/i18n/ui.inc", "assets/i18n/engine.inc"}) {
        std::istringstream lines(read_source(file));
        std::string line;
        int number = 0;
        while (std::getline(lines, line)) {
            ++number;
            if (line.rfind("//", 0) == 0) continue;
            for (unsigned cp : code_points(line)) {
                if (cp == '\t') continue;
                INFO(file << ":" << number << ": " << line);
                char hex[16];
                std::snprintf(hex, sizeof hex, "U+%04X", cp);
                CHECK_MESSAGE(in_ranges(cp), hex);
            }
        }
    }
}

TEST_CASE("the web build subsets the font to exactly the atlas's ranges") {
    const std::string cmake = read_source("web/web.cmake");
    std::smatch m;
    REQUIRE(std::regex_search(cmake, m, std::regex("--unicodes=([0-9A-Fa-f+U,-]+)")));
    std::set<std::pair<unsigned, unsigned>> subset, atlas;
    std::stringstream list(m[1].str());
    std::string item;
    while (std::getline(list, item, ',')) {
        REQUIRE(item.rfind("U+", 0) == 0);
        const size_t dash = item.find('-');
        const unsigned first = std::stoul(item.substr(2, dash == std::string::npos ? std::string::npos : dash - 2), nullptr, 16);
        const unsigned last = dash == std::string::npos ? first : std::stoul(item.substr(dash + 1), nullptr, 16);
        subset.emplace(first, last);
    }
    for (const ImWchar* r = font_glyph_ranges(); r[0]; r += 2) atlas.emplace(r[0], r[1]);
    CHECK(subset == atlas);
}
