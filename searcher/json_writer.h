/** @file json_writer.h
 *  @brief JSON written straight into a string, one line per record.
 *
 *  fahras-search --json writes a few small objects per query.  Building
 *  them as nlohmann::json trees first (a map node and an allocation per
 *  field) took a sixth of a keyword search's time (bench/eval/latency.sh);
 *  writing the text directly takes a fraction of that.  The tests still
 *  parse every line with nlohmann::json.
 */
#ifndef FAHRAS_JSON_WRITER_H
#define FAHRAS_JSON_WRITER_H

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/** Appends JSON to a string: containers, keys and values in the order
 *  written, commas where they belong.  Strings are escaped as RFC 8259
 *  asks; bytes that are not UTF-8 become U+FFFD, so the output is always
 *  valid JSON and valid UTF-8. */
class JsonWriter {
  public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }

    /** The key of the next value in an object. */
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(double number);  ///< shortest form that reads back the same; NaN and infinities as null
    JsonWriter& value(std::size_t number);
    JsonWriter& value(int number);
    JsonWriter& value(bool flag);
    JsonWriter& null();

    /** key(name).value(v) */
    template <typename T>
    JsonWriter& field(std::string_view name, const T& v) {
        return key(name).value(v);
    }

  private:
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    void separate();  ///< a comma before every element but a container's first
    void append_string(std::string_view text);

    std::string& out_;
    std::vector<bool> first_;  ///< per open container: nothing written in it yet
    bool after_key_ = false;
};

}  // namespace fahras

#endif  // FAHRAS_JSON_WRITER_H
