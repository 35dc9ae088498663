// A map from SQLite row ids to indexes in an in-memory model (customer id -> row, …). Row ids of
// one table are dense, so it is a vector indexed by id, several times faster than a hash map when
// a model of 250,000 responsibilities is loaded; the rare id far above the table's size goes to a
// hash map instead, so a single huge id cannot make the vector huge.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace vastuu {

class IdIndex {
public:
    void clear() {
        dense_.clear();
        sparse_.clear();
        size_ = 0;
    }

    // Maps `id` to `index`, replacing any earlier index of that id.
    void set(int64_t id, uint32_t index) {
        if (index == kNone) return;
        if (id >= 0 && id < dense_limit()) {
            if (static_cast<size_t>(id) >= dense_.size()) dense_.resize(static_cast<size_t>(id) + 1, kNone);
            if (dense_[id] == kNone) ++size_;
            dense_[id] = index;
        } else if (sparse_.insert_or_assign(id, index).second) {
            ++size_;
        }
    }

    // The index of `id`, or nullptr when it has none.
    const uint32_t* find(int64_t id) const {
        if (id >= 0 && static_cast<uint64_t>(id) < dense_.size())
            return dense_[id] == kNone ? nullptr : &dense_[id];
        auto it = sparse_.find(id);
        return it == sparse_.end() ? nullptr : &it->second;
    }

    void erase(int64_t id) {
        if (id >= 0 && static_cast<uint64_t>(id) < dense_.size()) {
            if (dense_[id] != kNone) --size_;
            dense_[id] = kNone;
        } else {
            size_ -= sparse_.erase(id);
        }
    }

    size_t size() const { return size_; }

private:
    static constexpr uint32_t kNone = 0xFFFFFFFFu;
    // Ids below this live in the vector: room for every id of a dense table plus some growth.
    int64_t dense_limit() const { return 4 * static_cast<int64_t>(size_) + (1 << 16); }

    std::vector<uint32_t> dense_;
    std::unordered_map<int64_t, uint32_t> sparse_;
    size_t size_ = 0;
};

}  // namespace vastuu
