// Lines for the readers (line_reader.cpp): line breaks, numbers, the
// length limit, and no line that the end of a damaged input cut off.
#include "byte_input_internal.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <ostream>
#include <string>
#include <vector>

using fahras::detail::LineReader;
using Status = fahras::detail::LineReader::Status;
using namespace fahras;

namespace {

struct Line {
    Status status;
    std::size_t number;
    std::string text;
    bool operator==(const Line& other) const {
        return status == other.status && number == other.number && text == other.text;
    }
};

std::ostream& operator<<(std::ostream& out, const Line& line) {
    return out << "{" << static_cast<int>(line.status) << ", " << line.number << ", \"" << line.text << "\"}";
}

// Every line @a reader returns, with its number.
std::vector<Line> lines_of(LineReader& reader) {
    std::vector<Line> lines;
    std::string text;
    for (Status status; (status = reader.next(text)) != Status::end;)
        lines.push_back({status, reader.line_number(), text});
    return lines;
}

std::vector<Line> lines_of(const std::string& path, std::size_t max_line = 1000) {
    LineReader reader(path, max_line, nullptr);
    return lines_of(reader);
}

}  // namespace

TEST_CASE("line reader: \\n and \\r\\n end lines, a last line needs neither") {
    test::TempDir dir;
    test::write_file(dir.file("a"), "one\r\ntwo\n\nfour\rstill four\nlast");
    const std::vector<Line> expected = {{Status::line, 1, "one"},
                                        {Status::line, 2, "two"},
                                        {Status::line, 3, ""},
                                        {Status::line, 4, "four\rstill four"},
                                        {Status::line, 5, "last"}};
    CHECK(lines_of(dir.file("a")) == expected);

    test::write_file(dir.file("empty"), "");
    CHECK(lines_of(dir.file("empty")).empty());
    test::write_file(dir.file("newline"), "\n");
    CHECK(lines_of(dir.file("newline")) == std::vector<Line>{{Status::line, 1, ""}});
}

TEST_CASE("line reader: a line past the limit is reported, not kept, and counted") {
    test::TempDir dir;
    test::write_file(dir.file("a"),
                     std::string(10, 'x') + "\n" + std::string(11, 'y') + "\nshort\n" + std::string(12, 'z'));
    const std::vector<Line> expected = {{Status::line, 1, std::string(10, 'x')},  // the limit itself is fine
                                        {Status::too_long, 2, ""},
                                        {Status::line, 3, "short"},
                                        {Status::too_long, 4, ""}};
    CHECK(lines_of(dir.file("a"), 10) == expected);
}

TEST_CASE("line reader: a line longer than a read is joined whole") {
    test::TempDir dir;
    const std::string wide(3 * fahras::detail::READ_BUFFER_BYTES + 5, 'w');
    test::write_file(dir.file("a"), "first\n" + wide + "\nthird\n");
    const std::vector<Line> lines = lines_of(dir.file("a"), wide.size());
    REQUIRE(lines.size() == 3);
    CHECK(lines[1].text.size() == wide.size());
    CHECK((lines[1].text == wide));  // not decomposed: a failure would print 400 KB
    CHECK(lines[2] == Line{Status::line, 3, "third"});
    CHECK(lines_of(dir.file("a"), wide.size() - 1)[1] == Line{Status::too_long, 2, ""});
}

TEST_CASE("line reader: the line damage cuts off is not returned, and the error and the offset say where") {
    test::TempDir dir;
    std::string text;
    for (int i = 0; i < 2000; ++i) text += "line " + std::to_string(i) + " of a gzip that is cut short\n";
    test::write_gzip(dir.file("whole.gz"), text);
    const std::string gzip = test::read_file(dir.file("whole.gz"));
    test::write_file(dir.file("cut.gz"), gzip.substr(0, gzip.size() / 2));

    LineReader whole(dir.file("whole.gz"), 1000, nullptr);
    CHECK(lines_of(whole).size() == 2000);
    CHECK(whole.error().empty());
    CHECK(whole.offset() == gzip.size());

    LineReader cut(dir.file("cut.gz"), 1000, nullptr);
    const std::vector<Line> lines = lines_of(cut);
    REQUIRE(lines.size() > 100);
    REQUIRE(lines.size() < 2000);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        CAPTURE(i);
        CHECK(lines[i] == Line{Status::line, i + 1, "line " + std::to_string(i) + " of a gzip that is cut short"});
    }
    CHECK(cut.line_number() == lines.size());  // the cut line is not counted either
    CHECK(cut.error() == "unexpected end of file");
    CHECK_FALSE(cut.cancelled());
    CHECK(cut.offset() == gzip.size() / 2);
}
