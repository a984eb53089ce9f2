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
        // Runs that need no escaping, Arabic letters included, are copied
        // whole: a hit's title and snippet are mostly such one run.
        std::size_t run = pos;
        while (run < text.size()) {
            const auto byte = static_cast<unsigned char>(text[run]);
            if (byte < 0x80) {
                if (byte < 0x20 || byte == '"' || byte == '\\') break;
                ++run;
                continue;
            }
            std::size_t next = run;
            // An invalid byte decodes as U+FFFD, one byte long; a real
            // U+FFFD is three bytes and is copied like any other letter.
            if (utf8::decode(text, next) == utf8::REPLACEMENT && next - run == 1) break;
            run = next;
        }
        out_.append(text.data() + pos, run - pos);
        pos = run;
        if (pos == text.size()) break;
        const auto byte = static_cast<unsigned char>(text[pos++]);
        switch (byte) {
            case '"': out_ += "\\\""; break;
            case '\\': out_ += "\\\\"; break;
            case '\n': out_ += "\\n"; break;
            case '\r': out_ += "\\r"; break;
            case '\t': out_ += "\\t"; break;
            case '\b': out_ += "\\b"; break;
            case '\f': out_ += "\\f"; break;
            default:
                if (byte >= 0x80) {
                    out_ += "\xEF\xBF\xBD";  // the invalid byte, as U+FFFD
                } else {
                    out_ += "\\u00";
                    out_ += HEX[byte >> 4];
                    out_ += HEX[byte & 0xF];
                }
        }
    }
    out_ += '"';
}

}  // namespace fahras
