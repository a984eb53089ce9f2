#include <fahras/document.h>

#include "hash_internal.h"

#include <fahras/schema.h>
#include <fahras/stories.h>
#include <fahras/words.h>

#include <string_view>

namespace fahras {

namespace {

std::string date_iso(const Article& article) {
    return article.date ? article.date->iso() : std::string();
}

// The text of a free-text field as the index reads it: the caller
// normalized the title and body already (place recognition reads them too),
// any other field is normalized here, into @a storage.
const std::string& normalized_field(const FieldSpec& field, const Article& article, const NormalizedText& text,
                                    std::string& storage) {
    if (field.text == &Article::title) return text.title;
    if (field.text == &Article::body) return text.body;
    storage = normalize_text(article.*field.text);
    return storage;
}

}  // namespace

std::string article_fingerprint(const Article& article, const std::string& analysis_salt) {
    // Length-prefix each field so that moving text between fields changes
    // the fingerprint; versions are included so a new analysis reindexes.
    std::string data = std::to_string(SCHEMA_VERSION) + '/' + std::to_string(NORMALIZER_VERSION);
    for (const std::string* field : {&article.id, &article.url, &article.title, &article.body,
                                     &article.source, &article.author}) {
        data += '|';
        data += std::to_string(field->size());
        data += ':';
        data += *field;
    }
    data += '|';
    data += date_iso(article);
    data += '|';
    data += analysis_salt;
    return detail::hash128_hex(data);
}

NormalizedText normalized_text(const Article& article) {
    return NormalizedText{normalize_text(article.title), normalize_text(article.body)};
}

Xapian::Document make_document(const Article& article, Xapian::TermGenerator& generator,
                               const ArticlePlaces* places, const std::string& analysis_salt) {
    return make_document(article, normalized_text(article), generator, places, analysis_salt);
}

Xapian::Document make_document(const Article& article, const NormalizedText& text, Xapian::TermGenerator& generator,
                               const ArticlePlaces* places, const std::string& analysis_salt) {
    Xapian::Document doc;
    generator.set_document(doc);

    // Free-text fields, in the order of their positions, FIELD_GAP apart.
    bool first = true;
    for (const FieldSpec& field : indexed_fields()) {
        if (field.boolean || (field.skipped_when_empty && (article.*field.text).empty())) continue;
        if (!first) generator.increase_termpos(FIELD_GAP);
        first = false;
        std::string storage;
        const std::string& words = normalized_field(field, article, text, storage);
        if (!field.term_prefix.empty()) generator.index_text(words, 1, std::string(field.term_prefix));
        if (field.unprefixed_weight > 0) generator.index_text(words, field.unprefixed_weight);
        // The lead again, without positions: only the words' weight grows,
        // and phrases still see the text once.
        // The lead is the first LEAD_WORDS words the index holds (words.h):
        // a dash or quotation mark standing alone is none, حلب—اليوم is two.
        if (field.lead_extra_weight > 0)
            generator.index_text_without_positions(words.substr(0, end_of_words(words, LEAD_WORDS)),
                                                   field.lead_extra_weight);
    }

    for (const FieldSpec& field : indexed_fields()) {
        if (!field.boolean) continue;
        if (const std::string term = field.term_of(article); !term.empty()) doc.add_boolean_term(term);
    }
    if (article.date) {
        doc.add_value(VALUE_DATE, article.date->value_date());
        doc.add_value(VALUE_TIMESTAMP, article.date->timestamp());
    }
    doc.add_value(VALUE_FINGERPRINT, article_fingerprint(article, analysis_salt));
    if (!article.source.empty()) doc.add_value(VALUE_SOURCE, article.source);
    if (places && !places->mentioned.empty()) {
        std::string ids, countries;
        for (const auto& place : places->mentioned) ids += (ids.empty() ? "" : "|") + place.id;
        for (const auto& code : places->countries) countries += (countries.empty() ? "" : "|") + code;
        for (const auto& id : places->with_parents) doc.add_boolean_term(place_term(id));
        doc.add_value(VALUE_PLACES, ids);
        if (!countries.empty()) doc.add_value(VALUE_COUNTRIES, countries);
    }

    // The original text (entities decoded, nothing normalized) is what
    // results display: snippets keep the diacritics as published.
    std::vector<PlaceRef> place_refs;
    if (places) place_refs = places->mentioned;
    doc.set_data(encode_stored_article(StoredArticle{article.id, article.url, article.title, std::string(),
                                                     article.source, article.author, date_iso(article),
                                                     std::move(place_refs)}));
    if (!article.body.empty()) doc.add_value(VALUE_BODY, article.body);

    // The story's signature and its band terms; the group itself needs
    // the other articles, and is chosen by the indexer's grouping pass.
    const StorySignature signature = story_signature(text.body);
    if (!signature.empty()) {
        doc.add_value(VALUE_SIGNATURE, encode_signature(signature));
        for (const auto& term : band_terms(signature)) doc.add_boolean_term(term);
    }
    return doc;
}

// The stored article is a sequence of length-prefixed fields in a fixed
// order (the body is not among them: it is VALUE_BODY).  A search reads
// ten of these per page, so they are parsed as views into one string,
// without a JSON parser (which cost a sixth of a search's time, measured in
// bench/perf).
namespace {

constexpr char DATA_FORMAT = '\x02';  // the first byte: the layout's version (1 held the body)

void put_length(std::string& out, std::size_t length) {
    // Base-128, low bits first: one byte for lengths under 128.
    while (length >= 0x80) {
        out += static_cast<char>((length & 0x7F) | 0x80);
        length >>= 7;
    }
    out += static_cast<char>(length);
}

void put_field(std::string& out, std::string_view field) {
    put_length(out, field.size());
    out.append(field);
}

/** Reads fields back; any overrun sets failed and yields empty fields. */
struct FieldReader {
    std::string_view data;
    std::size_t pos = 0;
    bool failed = false;

    std::size_t length() {
        std::size_t value = 0;
        for (unsigned shift = 0; shift < 64 && pos < data.size(); shift += 7) {
            const auto byte = static_cast<unsigned char>(data[pos++]);
            value |= static_cast<std::size_t>(byte & 0x7F) << shift;
            if (!(byte & 0x80)) return value;
        }
        failed = true;
        return 0;
    }

    std::string field() {
        const std::size_t size = length();
        if (failed || size > data.size() - pos) {
            failed = true;
            return {};
        }
        std::string out(data.substr(pos, size));
        pos += size;
        return out;
    }
};

}  // namespace

std::string encode_stored_article(const StoredArticle& article) {
    std::string out(1, DATA_FORMAT);
    out.reserve(64 + article.id.size() + article.url.size() + article.title.size());
    for (const std::string* field : {&article.id, &article.url, &article.title, &article.date, &article.source,
                                     &article.author})
        put_field(out, *field);
    put_length(out, article.places.size());
    for (const auto& place : article.places) {
        put_field(out, place.id);
        put_field(out, place.name);
    }
    return out;
}

StoredArticle decode_stored_article(std::string_view data) {
    StoredArticle stored;
    if (data.empty() || data[0] != DATA_FORMAT) return stored;
    FieldReader in{data, 1};
    for (std::string* field : {&stored.id, &stored.url, &stored.title, &stored.date, &stored.source, &stored.author})
        *field = in.field();
    const std::size_t places = in.length();
    // Each place takes at least two bytes: a count past that is damage.
    if (!in.failed && places <= (data.size() - in.pos) / 2) {
        for (std::size_t i = 0; i < places && !in.failed; ++i) {
            PlaceRef place;
            place.id = in.field();
            place.name = in.field();
            stored.places.push_back(std::move(place));
        }
    } else {
        in.failed = true;
    }
    if (in.failed || in.pos != data.size()) return StoredArticle{};
    return stored;
}

StoredArticle read_stored_article(const Xapian::Document& doc, bool with_body) {
    StoredArticle stored = decode_stored_article(doc.get_data());
    if (with_body && !stored.id.empty()) stored.body = doc.get_value(VALUE_BODY);
    return stored;
}

}  // namespace fahras
