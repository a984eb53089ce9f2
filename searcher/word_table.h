/** @file word_table.h
 *  @brief A map from words to values for the snippet code's hot loops.
 *
 *  Snippets look up every published word of a result, so the lookup must
 *  not cost a cache miss per step: std::unordered_map's bucket chains made
 *  its lookups a quarter of a search's time (bench/perf).  This is one
 *  open-addressing table of entry numbers (linear probing, at most half
 *  full) over a vector of entries; it grows by doubling, so a table that
 *  sees a few hundred words stays small.
 */
#ifndef FAHRAS_WORD_TABLE_H
#define FAHRAS_WORD_TABLE_H

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fahras {

template <typename Value>
class WordTable {
  public:
    /** The value of @a word, or null.  Valid until the next insert() or clear(). */
    Value* find(std::string_view word) {
        if (slots_.empty()) return nullptr;
        const std::size_t hash = hash_word(word);
        const auto tag = static_cast<std::uint32_t>(hash >> 32);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
            const Slot slot = slots_[i];
            if (slot.entry == 0) return nullptr;
            if (slot.hash == tag && entries_[slot.entry - 1].first == word) return &entries_[slot.entry - 1].second;
        }
    }

    /** Add @a word, which find() does not know. */
    Value& insert(std::string_view word, Value value) {
        if (2 * (entries_.size() + 1) > slots_.size()) {
            slots_.assign(std::max<std::size_t>(1024, 2 * slots_.size()), Slot{});
            for (std::size_t e = 0; e < entries_.size(); ++e)
                place(hash_word(entries_[e].first), static_cast<std::uint32_t>(e + 1));
        }
        entries_.emplace_back(std::string(word), std::move(value));
        place(hash_word(word), static_cast<std::uint32_t>(entries_.size()));
        return entries_.back().second;
    }

    void clear() {
        entries_.clear();
        std::fill(slots_.begin(), slots_.end(), Slot{});
    }

    std::size_t size() const { return entries_.size(); }

  private:
    struct Slot {
        std::uint32_t hash = 0;   ///< the high bits of the word's hash
        std::uint32_t entry = 0;  ///< entry number + 1; 0 for an empty slot
    };

    static std::size_t hash_word(std::string_view word) { return std::hash<std::string_view>{}(word); }

    void place(std::size_t hash, std::uint32_t entry) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = hash & mask;
        while (slots_[i].entry != 0) i = (i + 1) & mask;
        slots_[i] = Slot{static_cast<std::uint32_t>(hash >> 32), entry};
    }

    std::vector<Slot> slots_;  ///< a power of two (or none yet)
    std::vector<std::pair<std::string, Value>> entries_;
};

}  // namespace fahras

#endif  // FAHRAS_WORD_TABLE_H
