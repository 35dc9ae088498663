// The catalogue lookup. Entries come from assets/i18n/engine.inc (engine messages) and
// assets/i18n/ui.inc (UI strings); each line is {"key", "English", "Finnish"}.
#include "core/i18n.h"

#include <cstring>
#include <string_view>
#include <unordered_map>

namespace vastuu {
namespace {

struct Entry {
    const char* key;
    const char* en;
    const char* fi;
};

const Entry kCatalogue[] = {
#include "engine.inc"
#include "ui.inc"
};

Lang g_lang = Lang::En;

const std::unordered_map<std::string_view, const Entry*>& index() {
    static const auto* map = [] {
        auto* m = new std::unordered_map<std::string_view, const Entry*>();
        for (const Entry& e : kCatalogue) m->emplace(e.key, &e);
        return m;
    }();
    return *map;
}

}  // namespace

void set_language(Lang lang) { g_lang = lang; }
Lang language() { return g_lang; }
const char* language_code(Lang lang) { return lang == Lang::Fi ? "fi" : "en"; }

const char* tr(const char* key) {
    auto it = index().find(key);
    if (it == index().end()) return key;
    const Entry* e = it->second;
    if (g_lang == Lang::Fi && e->fi[0] != '\0') return e->fi;
    return e->en[0] != '\0' ? e->en : e->key;
}

std::string tr_format(const char* key, std::initializer_list<std::string> args) {
    std::string out = tr(key);
    size_t i = 0;
    for (const std::string& arg : args) {
        std::string mark = "{" + std::to_string(i++) + "}";
        for (size_t pos = out.find(mark); pos != std::string::npos; pos = out.find(mark, pos + arg.size()))
            out.replace(pos, mark.size(), arg);
    }
    return out;
}

std::string tr_count(const char* key, long long count, std::initializer_list<std::string> args) {
    if (count == 1) {
        std::string one = std::string(key) + ".one";
        if (index().count(one)) return tr_format(index().find(one)->second->key, args);
    }
    return tr_format(key, args);
}

bool tr_has(const char* key) { return index().count(key) != 0; }

std::string tr_missing_translations() {
    std::string missing;
    for (const Entry& e : kCatalogue)
        if (e.en[0] == '\0' || e.fi[0] == '\0') missing += std::string(e.key) + " ";
    return missing;
}

}  // namespace vastuu
