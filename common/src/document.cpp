#include <fahras/document.h>

#include "hash_internal.h"

#include <fahras/schema.h>

#include <nlohmann/json.hpp>

#include <string_view>

namespace fahras {

namespace {

// Positions between fields: a phrase must never match across title and body.
constexpr Xapian::termpos FIELD_GAP = 100;

/** The first @a count words of normalized @a text (whitespace-separated). */
std::string_view leading_words(std::string_view text, std::size_t count) {
    auto is_space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
    std::size_t words = 0;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool space = is_space(text[i]);
        if (!space && !in_word && words++ == count) return text.substr(0, i);
        in_word = !space;
    }
    return text;
}

std::string date_iso(const Article& article) {
    return article.date ? article.date->iso() : std::string();
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

Xapian::Document make_document(const Article& article, Xapian::TermGenerator& generator,
                               const ArticlePlaces* places, const std::string& analysis_salt) {
    Xapian::Document doc;
    generator.set_document(doc);

    const std::string title = normalize_text(article.title);
    // Title words are searchable on their own (title:) and, weighted above
    // body words, as part of the free text.
    generator.index_text(title, 1, std::string(PREFIX_TITLE));
    generator.index_text(title, TITLE_WEIGHT);
    generator.increase_termpos(FIELD_GAP);
    const std::string body = normalize_text(article.body);
    generator.index_text(body);
    // The lead again, without positions: only the words' weight grows, and
    // phrases still see the body once.
    generator.index_text_without_positions(std::string(leading_words(body, LEAD_WORDS)), LEAD_EXTRA_WEIGHT);
    if (!article.author.empty()) {
        generator.increase_termpos(FIELD_GAP);
        generator.index_text(normalize_text(article.author), 1, std::string(PREFIX_AUTHOR));
    }

    doc.add_boolean_term(make_id_term(article.id));
    if (!article.source.empty()) doc.add_boolean_term(make_source_term(article.source));
    if (article.date) {
        const std::string day = article.date->value_date();
        doc.add_value(VALUE_DATE, day);
        doc.add_value(VALUE_TIMESTAMP, article.date->timestamp());
        doc.add_boolean_term(std::string(PREFIX_YEAR) + day.substr(0, 4));
        doc.add_boolean_term(std::string(PREFIX_MONTH) + day.substr(0, 6));
    }
    doc.add_value(VALUE_FINGERPRINT, article_fingerprint(article, analysis_salt));
    if (!article.source.empty()) doc.add_value(VALUE_SOURCE, article.source);
    nlohmann::json place_list = nlohmann::json::array();
    if (places && !places->mentioned.empty()) {
        std::string ids, countries;
        for (const auto& place : places->mentioned) {
            ids += (ids.empty() ? "" : "|") + place.id;
            place_list.push_back({{"id", place.id}, {"name", place.name}});
        }
        for (const auto& code : places->countries) countries += (countries.empty() ? "" : "|") + code;
        for (const auto& id : places->with_parents) doc.add_boolean_term(std::string(PREFIX_PLACE) + id);
        doc.add_value(VALUE_PLACES, ids);
        if (!countries.empty()) doc.add_value(VALUE_COUNTRIES, countries);
    }

    // The original text (entities decoded, nothing normalized) is what
    // results display: snippets keep the diacritics as published.
    nlohmann::json data = {
        {"id", article.id},         {"url", article.url},       {"title", article.title},
        {"date", date_iso(article)}, {"source", article.source}, {"author", article.author},
        {"body", article.body},     {"places", place_list},
    };
    doc.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return doc;
}

StoredArticle read_stored_article(const Xapian::Document& doc) {
    StoredArticle stored;
    const nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (!data.is_object()) return stored;
    auto field = [&](const char* name) {
        const auto it = data.find(name);
        return it != data.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    stored.id = field("id");
    stored.url = field("url");
    stored.title = field("title");
    stored.body = field("body");
    stored.source = field("source");
    stored.author = field("author");
    stored.date = field("date");
    if (const auto places = data.find("places"); places != data.end() && places->is_array()) {
        for (const auto& place : *places) {
            if (place.is_object() && place.value("id", nlohmann::json()).is_string())
                stored.places.push_back({place.value("id", ""), place.value("name", "")});
        }
    }
    return stored;
}

}  // namespace fahras
