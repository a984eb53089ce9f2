// The bytes under the readers (byte_input.cpp): opening, gzip told by its
// magic bytes, where the file was read to, and how the input ended.
#include "byte_input_internal.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <atomic>
#include <string>

using fahras::detail::ByteInput;
using fahras::detail::InputEnd;
using fahras::detail::OpenError;
using namespace fahras;

namespace {

// Everything @a input hands out, in reads of @a step bytes.
std::string read_all(ByteInput& input, std::size_t step = 7) {
    std::string all, piece(step, '\0');
    while (const std::size_t n = input.read(piece.data(), piece.size())) all.append(piece, 0, n);
    return all;
}

}  // namespace

TEST_CASE("byte input: what cannot be opened says why, in strerror's words") {
    test::TempDir dir;
    CHECK_THROWS_WITH_AS(ByteInput(dir.file("missing"), nullptr), "No such file or directory", OpenError);
    CHECK_THROWS_WITH_AS(ByteInput(dir.path(), nullptr), "Is a directory", OpenError);
}

TEST_CASE("byte input: plain bytes as they are, the smallest files included") {
    test::TempDir dir;
    // A file shorter than gzip's two magic bytes still has its byte to give.
    for (const std::string text : {"", "x", "\x1f", "ab", "\x1f\x8a plain", "one line\nand more\n"}) {
        CAPTURE(text);
        test::write_file(dir.file("plain"), text);
        ByteInput input(dir.file("plain"), nullptr);
        CHECK(read_all(input) == text);
        CHECK(input.end() == InputEnd::end);
        CHECK(input.offset() == text.size());
        CHECK_FALSE(input.trailing_data());
        CHECK(input.read(nullptr, 0) == 0);  // over: nothing more, whatever is asked
    }
}

TEST_CASE("byte input: gzip is told by its magic bytes, not its name") {
    test::TempDir dir;
    const std::string text = test::synthetic_articles(200);  // several reads of the file
    test::write_gzip(dir.file("archive.jsonl"), text);
    const std::string gzip = test::read_file(dir.file("archive.jsonl"));
    REQUIRE(gzip.size() < text.size());

    ByteInput input(dir.file("archive.jsonl"), nullptr);
    CHECK(read_all(input, 1000) == text);
    CHECK(input.end() == InputEnd::end);
    CHECK(input.offset() == gzip.size());  // compressed bytes: progress is measured on the file

    // Two members are one stream; bytes after the last one are a warning.
    test::write_gzip(dir.file("second"), "second member\n");
    test::write_file(dir.file("two.gz"), gzip + test::read_file(dir.file("second")) + "tape padding");
    ByteInput two(dir.file("two.gz"), nullptr);
    CHECK(read_all(two, 1000) == text + "second member\n");
    CHECK(two.end() == InputEnd::end);
    CHECK(two.trailing_data());
}

TEST_CASE("byte input: damaged gzip hands out what came before the damage, then the error") {
    test::TempDir dir;
    const std::string text = test::synthetic_articles(50);
    test::write_gzip(dir.file("whole.gz"), text);
    const std::string gzip = test::read_file(dir.file("whole.gz"));

    test::write_file(dir.file("cut.gz"), gzip.substr(0, gzip.size() / 2));
    ByteInput cut(dir.file("cut.gz"), nullptr);
    const std::string begun = read_all(cut);
    CHECK_FALSE(begun.empty());
    CHECK(text.compare(0, begun.size(), begun) == 0);
    CHECK(cut.end() == InputEnd::error);
    CHECK(cut.error() == "unexpected end of file");

    std::string damaged = gzip;
    damaged[damaged.size() - 6] ^= 0x5A;  // the CRC: found once everything is inflated
    test::write_file(dir.file("crc.gz"), damaged);
    ByteInput crc(dir.file("crc.gz"), nullptr);
    CHECK(read_all(crc) == text);
    CHECK(crc.end() == InputEnd::error);
    CHECK(crc.error() == "incorrect data check");
}

TEST_CASE("byte input: a cancel ends reading before anything is read") {
    test::TempDir dir;
    test::write_file(dir.file("plain"), "text that is never read\n");
    std::atomic<bool> cancel{true};
    ByteInput input(dir.file("plain"), &cancel);
    char byte = 0;
    CHECK(input.read(&byte, 1) == 0);
    CHECK(input.end() == InputEnd::cancelled);
    CHECK(input.offset() == 0);
}
