#include "json_writer.h"

#include <fahras/utf8.h>

#include <charconv>
#include <cmath>

namespace fahras {

void JsonWriter::separate() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back()) out_ += ',';
        first_.back() = false;
    }
}

JsonWriter& JsonWriter::open(char bracket) {
    separate();
    out_ += bracket;
    first_.push_back(true);
    return *this;
}

JsonWriter& JsonWriter::close(char bracket) {
    out_ += bracket;
    if (!first_.empty()) first_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    separate();
    append_string(name);
    out_ += ':';
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    separate();
    append_string(text);
    return *this;
}

JsonWriter& JsonWriter::value(double number) {
    if (!std::isfinite(number)) return null();
    separate();
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    out_.append(buffer, result.ptr);
    return *this;
}

JsonWriter& JsonWriter::value(std::size_t number) {
    separate();
    out_ += std::to_string(number);
    return *this;
}

JsonWriter& JsonWriter::value(int number) {
    separate();
    out_ += std::to_string(number);
    return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
    separate();
    out_ += flag ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    separate();
    out_ += "null";
    return *this;
}

void JsonWriter::append_string(std::string_view text) {
    static constexpr char HEX[] = "0123456789abcdef";
    out_ += '"';
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Runs that need no escaping are copied whole.
        std::size_t run = pos;
        while (run < text.size()) {
            const auto byte = static_cast<unsigned char>(text[run]);
            if (byte < 0x20 || byte == '"' || byte == '\\' || byte >= 0x80) break;
            ++run;
        }
        out_.append(text.substr(pos, run - pos));
        pos = run;
        if (pos == text.size()) break;
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (byte >= 0x80) {
            const std::size_t start = pos;
            const char32_t cp = utf8::decode(text, pos);
            // An invalid byte decodes as U+FFFD, one byte long; a real
            // U+FFFD is three bytes and is copied like any other letter.
            if (cp == utf8::REPLACEMENT && pos - start == 1) out_ += "\xEF\xBF\xBD";
            else out_.append(text.substr(start, pos - start));
            continue;
        }
        ++pos;
        switch (byte) {
            case '"': out_ += "\\\""; break;
            case '\\': out_ += "\\\\"; break;
            case '\n': out_ += "\\n"; break;
            case '\r': out_ += "\\r"; break;
            case '\t': out_ += "\\t"; break;
            case '\b': out_ += "\\b"; break;
            case '\f': out_ += "\\f"; break;
            default:
                out_ += "\\u00";
                out_ += HEX[byte >> 4];
                out_ += HEX[byte & 0xF];
        }
    }
    out_ += '"';
}

}  // namespace fahras
