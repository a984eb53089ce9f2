/** @file prometheus_text.h
 *  @brief A strict reader of Prometheus's text exposition format (0.0.4)
 *  for the fahras-serve tests: it refuses what the format's rules refuse,
 *  so a test that reads /metrics through it checks the format too.
 *
 *  Rules checked: every line is "# HELP name text", "# TYPE name type" or
 *  a sample "name{label="value",…} value"; names match
 *  [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]*; label
 *  values are quoted, with only \\, \" and \n escaped; a family has at
 *  most one HELP and one TYPE, the TYPE before its samples, and its
 *  samples together; a histogram's samples are name_bucket (with le),
 *  name_sum and name_count; the value is a number (or +Inf, -Inf, NaN).
 */
#ifndef FAHRAS_TESTS_PROMETHEUS_TEXT_H
#define FAHRAS_TESTS_PROMETHEUS_TEXT_H

#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fahras::test {

struct PromSample {
    std::string name;
    std::map<std::string, std::string> labels;
    double value = 0;
};

struct PromText {
    std::map<std::string, std::string> types;  ///< family → counter, gauge, histogram…
    std::map<std::string, std::string> helps;
    std::vector<PromSample> samples;  ///< in order

    /** The value of the sample @a name with exactly @a labels; throws if none. */
    double value(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
        for (const auto& s : samples)
            if (s.name == name && s.labels == labels) return s.value;
        throw std::runtime_error("no sample " + name);
    }
    bool has(const std::string& name, const std::map<std::string, std::string>& labels = {}) const {
        for (const auto& s : samples)
            if (s.name == name && s.labels == labels) return true;
        return false;
    }
};

namespace prom_detail {

inline bool name_char(char c, bool first, bool colon) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
    return letter || (!first && c >= '0' && c <= '9');
}

inline std::string read_name(const std::string& line, std::size_t& at, bool colon) {
    const std::size_t start = at;
    while (at < line.size() && name_char(line[at], at == start, colon)) ++at;
    if (at == start) throw std::runtime_error("a name expected at column " + std::to_string(start) + ": " + line);
    return line.substr(start, at - start);
}

// The family a sample belongs to: a histogram's _bucket, _sum and _count
// are its family's.
inline std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string s(suffix);
        if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
            const std::string base = name.substr(0, name.size() - s.size());
            if (auto it = types.find(base); it != types.end() && it->second == "histogram") return base;
        }
    }
    return name;
}

// One sample line: name, labels, value.
inline PromSample read_sample(const std::string& line) {
    PromSample sample;
    std::size_t at = 0;
    sample.name = read_name(line, at, true);
    if (at < line.size() && line[at] == '{') {
        ++at;
        while (at < line.size() && line[at] != '}') {
            const std::string label = read_name(line, at, false);
            if (line.compare(at, 2, "=\"") != 0) throw std::runtime_error("label " + label + " without =\"…\": " + line);
            at += 2;
            std::string value;
            for (;; ++at) {
                if (at >= line.size()) throw std::runtime_error("unterminated label value: " + line);
                if (line[at] == '"') break;
                if (line[at] == '\\') {
                    const char next = at + 1 < line.size() ? line[at + 1] : '\0';
                    if (next != '\\' && next != '"' && next != 'n') throw std::runtime_error("bad escape in: " + line);
                    value += next == 'n' ? '\n' : next;
                    ++at;
                } else {
                    value += line[at];
                }
            }
            ++at;  // the closing quote
            if (sample.labels.count(label)) throw std::runtime_error("label " + label + " twice: " + line);
            sample.labels[label] = value;
            if (at < line.size() && line[at] == ',') ++at;
        }
        if (at >= line.size()) throw std::runtime_error("unterminated labels: " + line);
        ++at;  // '}'
    }
    if (at >= line.size() || line[at] != ' ') throw std::runtime_error("no space before the value: " + line);
    const std::string value = line.substr(at + 1);
    if (value == "+Inf" || value == "-Inf" || value == "NaN") {
        sample.value = value == "-Inf" ? -1e308 : 1e308;
    } else {
        char* end = nullptr;
        sample.value = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0') throw std::runtime_error("bad value: " + line);
    }
    return sample;
}

}  // namespace prom_detail

/** Reads @a text; throws std::runtime_error naming the first rule broken. */
inline PromText parse_prometheus_text(const std::string& text) {
    using namespace prom_detail;
    PromText out;
    std::set<std::string> finished;  // families whose samples have ended
    std::string current;             // the family of the last sample
    if (!text.empty() && text.back() != '\n') throw std::runtime_error("the text does not end with a newline");
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) continue;
        if (line[0] == '#') {
            std::istringstream words(line);
            std::string hash, kind, name;
            words >> hash >> kind >> name;
            if (kind != "HELP" && kind != "TYPE") continue;  // a plain comment
            std::size_t at = 0;
            if (read_name(name, at, true) != name) throw std::runtime_error("bad metric name in: " + line);
            std::string rest;
            std::getline(words, rest);
            if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
            auto& seen = kind == "HELP" ? out.helps : out.types;
            if (seen.count(name)) throw std::runtime_error("a second " + kind + " for " + name);
            if (kind == "TYPE") {
                static const std::set<std::string> types = {"counter", "gauge", "histogram", "summary", "untyped"};
                if (!types.count(rest)) throw std::runtime_error("unknown type in: " + line);
                for (const auto& s : out.samples)
                    if (family_of(s.name, {{name, rest}}) == name) throw std::runtime_error("TYPE after the samples of " + name);
            }
            seen[name] = rest;
            continue;
        }
        PromSample sample = read_sample(line);
        const std::string family = family_of(sample.name, out.types);
        if (!out.types.count(family)) throw std::runtime_error("a sample before its family's TYPE: " + line);
        if (family != current) {
            if (finished.count(family)) throw std::runtime_error("the samples of " + family + " are not together");
            if (!current.empty()) finished.insert(current);
            current = family;
        }
        if (out.types[family] == "histogram" && sample.name == family + "_bucket" && !sample.labels.count("le"))
            throw std::runtime_error("a bucket without le: " + line);
        if (out.types[family] == "histogram" && sample.name == family) throw std::runtime_error("a bare histogram sample: " + line);
        out.samples.push_back(std::move(sample));
    }
    return out;
}

/** Every histogram's buckets, by label set: their bounds increase, their
 *  counts never decrease, the last is +Inf and equals _count.  Returns a
 *  description of the first fault, or "". */
inline std::string histogram_fault(const PromText& text) {
    for (const auto& [family, type] : text.types) {
        if (type != "histogram") continue;
        std::map<std::map<std::string, std::string>, std::vector<std::pair<std::string, double>>> series;
        for (const auto& s : text.samples) {
            if (s.name != family + "_bucket") continue;
            auto labels = s.labels;
            const std::string le = labels.at("le");
            labels.erase("le");
            series[labels].push_back({le, s.value});
        }
        for (const auto& [labels, buckets] : series) {
            double bound = -1e308, count = 0;
            for (const auto& [le, value] : buckets) {
                const double b = le == "+Inf" ? 1e308 : std::strtod(le.c_str(), nullptr);
                if (b <= bound) return family + ": bounds not increasing at le=" + le;
                if (value < count) return family + ": bucket le=" + le + " counts less than the one before";
                bound = b;
                count = value;
            }
            if (buckets.empty() || buckets.back().first != "+Inf") return family + ": no +Inf bucket";
            if (!text.has(family + "_count", labels) || text.value(family + "_count", labels) != count)
                return family + ": _count differs from the +Inf bucket";
            if (!text.has(family + "_sum", labels)) return family + ": no _sum";
        }
    }
    return "";
}

}  // namespace fahras::test

#endif  // FAHRAS_TESTS_PROMETHEUS_TEXT_H
