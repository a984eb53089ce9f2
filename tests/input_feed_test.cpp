// The inputs read into a run (indexer/input_feed.h): the blocks of the
// reader thread, and the serial and parallel ways into one writer.
#include "test_support.h"

#include "input_feed.h"

#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <sstream>
#include <string>
#include <vector>

using namespace fahras;

namespace {

std::string line(const std::string& id, const std::string& body) {
    return "{\"id\":\"" + id + "\",\"title\":\"عنوان\",\"body\":\"" + body + "\"}\n";
}

// Sets stop_requested for the length of a scope, as SIGTERM would.
struct StopRequested {
    StopRequested() { stop_requested = true; }
    ~StopRequested() { stop_requested = false; }
};

struct Outcome {
    std::string counts, err;
    Xapian::doccount in_db = 0;
};

// read_inputs() into the database @a db with @a threads threads.
Outcome read_into(const std::string& db_path, const std::vector<std::string>& inputs, std::size_t threads) {
    IndexerOptions opts;
    opts.db_path = db_path;
    opts.inputs = inputs;
    opts.places = false;
    opts.verbose = true;
    opts.threads = threads;
    std::ostringstream err;
    IndexRun run(opts, err);
    run.places.emplace(opts, err);
    Outcome out;
    {
        Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OPEN);
        const bool precheck = db.get_doccount() > 0;
        ArticleWriter writer(db, std::string(DEFAULT_STEMMER), opts, err, run.stats, *run.places);
        read_inputs(run, writer, std::string(DEFAULT_STEMMER), precheck);
        writer.commit();
        out.in_db = db.get_doccount();
    }
    const IndexStats& s = run.stats;
    out.counts = std::to_string(s.files) + " files, " + std::to_string(s.read) + " read, " + std::to_string(s.added) +
                 " added, " + std::to_string(s.replaced) + " replaced, " + std::to_string(s.unchanged) +
                 " unchanged, " + std::to_string(s.failed) + " failed, " + std::to_string(s.warnings) + " warnings";
    out.err = err.str();
    return out;
}

}  // namespace

TEST_CASE("produce_blocks cuts the inputs into numbered blocks, in order, with files and problems in their place") {
    test::TempDir dir;
    test::write_file(dir.file("a.jsonl"), line("a1", "نص") + "{broken\n" + line("a2", "نص") + line("a3", "نص"));
    test::write_file(dir.file("b.jsonl"), line("b1", "نص") + line("b2", "نص"));
    IndexerOptions opts;
    opts.inputs = {dir.file("a.jsonl"), dir.file("b.jsonl")};
    std::ostringstream err;
    IndexRun run(opts, err);
    std::uint64_t total = 0;
    const auto files = run.input_files(total);

    std::vector<std::string> decided;  // what decide saw, on the reader thread, in order
    BlockPipeline pipe(
        2, 3, [](InputBlock&, std::size_t, const std::atomic<bool>&) {},
        [&](BlockPipeline& p) {
            produce_blocks(
                run, p, files,
                [&](InputBlock&, InputItem& item) {
                    decided.push_back(item.kind == InputItem::Kind::article ? item.article.id : "-");
                },
                [](const InputBlock& b) { return b.articles >= 2; });
        });
    std::vector<std::string> blocks;
    std::size_t expected_number = 0;
    std::uint64_t last_bytes = 0;
    while (auto block = pipe.next()) {
        CHECK(block->number == expected_number++);
        std::string items;
        for (const InputItem& item : block->items) {
            switch (item.kind) {
                case InputItem::Kind::file: items += "file "; break;
                case InputItem::Kind::problem: items += "problem "; break;
                case InputItem::Kind::article:
                    items += item.article.id + " ";
                    CHECK(item.input_bytes >= last_bytes);
                    last_bytes = item.input_bytes;
                    break;
            }
        }
        blocks.push_back(items);
    }
    CHECK(blocks == std::vector<std::string>{"file a1 problem a2 ", "a3 file b1 ", "b2 "});
    CHECK(decided == std::vector<std::string>{"-", "a1", "-", "a2", "a3", "-", "b1", "b2"});
}

TEST_CASE("read_inputs: serial and parallel runs count, report and write the same, in input order") {
    test::TempDir dir;
    // 100 articles, then 25 of them again unchanged and 25 changed.
    std::string input;
    for (int i = 0; i < 100; ++i) input += line("x" + std::to_string(i), "نص رقم " + std::to_string(i));
    for (int i = 0; i < 50; ++i) input += line("x" + std::to_string(i), "نص رقم " + std::to_string(i < 25 ? i : -i));
    input.insert(input.find("{\"id\":\"x7\""), "{broken\n");
    test::write_file(dir.file("in/a.jsonl"), input);
    test::write_file(dir.file("in/b.jsonl"), line("b", "نص") + "{\"id\":\"e\",\"body\":\"\"}\n");

    const Outcome serial = read_into(dir.file("serial"), {dir.file("in"), dir.file("missing")}, 1);
    CHECK(serial.counts == "2 files, 152 read, 102 added, 25 replaced, 25 unchanged, 2 failed, 1 warnings");
    CHECK(serial.in_db == 102);
    for (const std::size_t threads : {2, 3}) {
        CAPTURE(threads);
        const Outcome parallel = read_into(dir.file("db" + std::to_string(threads)), {dir.file("in"), dir.file("missing")},
                                           threads);
        CHECK(parallel.counts == serial.counts);
        CHECK(parallel.err == serial.err);
        CHECK(parallel.in_db == serial.in_db);
        // Again: the analysis threads look in the database, the writer decides.
        const Outcome again = read_into(dir.file("db" + std::to_string(threads)), {dir.file("in")}, threads);
        CHECK(again.counts == "2 files, 152 read, 0 added, 50 replaced, 102 unchanged, 1 failed, 1 warnings");
    }
}

TEST_CASE("read_inputs reads nothing once a stop is requested, either way") {
    test::TempDir dir;
    test::write_file(dir.file("a.jsonl"), line("a", "نص"));
    for (const std::size_t threads : {1, 2}) {
        CAPTURE(threads);
        const StopRequested stop;
        const Outcome out = read_into(dir.file("db" + std::to_string(threads)), {dir.file("a.jsonl")}, threads);
        CHECK(out.counts == "0 files, 0 read, 0 added, 0 replaced, 0 unchanged, 0 failed, 0 warnings");
        CHECK(out.in_db == 0);
    }
}
