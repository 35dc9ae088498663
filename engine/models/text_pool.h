// Texts of an in-memory model kept end to end in one buffer: a load of 150,000 names and their
// search folds allocates a few times instead of once per text, and rows hold an 8-byte Ref. Texts
// are only added; clear() empties the pool for the next load (every Ref of it is then void).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace vastuu {

class TextPool {
public:
    struct Ref { uint32_t at = 0, size = 0; };

    Ref add(std::string_view s) {
        Ref r{static_cast<uint32_t>(buffer_.size()), static_cast<uint32_t>(s.size())};
        buffer_.append(s);
        return r;
    }
    // Valid until the next add() or clear().
    std::string_view operator[](Ref r) const { return std::string_view(buffer_.data() + r.at, r.size); }
    void clear() { buffer_.clear(); }

private:
    std::string buffer_;
};

}  // namespace vastuu
