/** @file variants.h
 *  @brief Two-way name variants applied to queries (أمريكا ↔ أميركا, داعش ↔ «تنظيم الدولة»).
 *
 *  Normalization already joins spellings that differ by hamza, ة/ه, ى/ي or
 *  diacritics; variants cover the rest: transliterations of foreign names
 *  and the different names newspapers give one thing.  They are expanded at
 *  query time, so a user's new group works without reindexing.
 */
#ifndef FAHRAS_VARIANTS_H
#define FAHRAS_VARIANTS_H

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fahras {

class VariantTable {
  public:
    /** Add the groups of a file ("a|b|c" per line, # comments).  Throws
     *  std::runtime_error if it cannot be read. */
    void load(const std::string& path);

    /** Add one group (members in any spelling: they are normalized). */
    void add_group(const std::vector<std::string>& members);

    /** One way only: a query naming @a key also finds @a members, which
     *  expand to nothing themselves.  A key that is already a member of a
     *  group keeps that group's members and gains these (for this key
     *  alone); expansions of one key add up.  The searcher adds the
     *  gazetteer's English place names so (places.h). */
    void add_expansion(const std::string& key, const std::vector<std::string>& members);

    /** Rewrite a normalized query so that each member found (a whole word
     *  sequence, outside quotes, not after a field prefix or +/-) becomes
     *  "(m1 OR m2 OR "m3 m4")".  Longest members win. */
    std::string expand(std::string_view normalized_query) const;

    /** The same rewrite, each member found becoming one token,
     *  "<VARIANT_GROUP_QUERY_PREFIX>:N" (N: the group), for a parser that
     *  reads it with add_variant_groups() (analyzer.h): the group is then
     *  weighed as one word, not as its rarest spelling. */
    std::string mark_groups(std::string_view normalized_query) const;

    /** Group @a n as expand() writes it: "(m1 OR m2 OR "m3 m4")"; "" if
     *  there is no such group. */
    std::string group_text(std::size_t n) const;

    /** The members of one word of the group that @a normalized_word is a
     *  member of (itself included); empty when it is in none. */
    std::vector<std::string> one_word_members(const std::string& normalized_word) const;

    std::size_t groups() const { return groups_.size(); }

  private:
    std::string rewrite(std::string_view normalized_query, bool as_tokens) const;

    std::vector<std::vector<std::string>> groups_;  ///< normalized members
    std::vector<bool> one_way_;                     ///< per group: made by add_expansion
    std::unordered_map<std::string, std::size_t> group_of_;
    std::size_t max_words_ = 1;
};

/** The bundled variants file (data/variants_ar.txt); "" if not found. */
std::string bundled_variants_path();

}  // namespace fahras

#endif  // FAHRAS_VARIANTS_H
