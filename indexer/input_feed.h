/** @file input_feed.h
 *  @brief The inputs, read into the run: serially or with analysis threads
 *  ahead of one writer (an update), and the reader thread of every parallel
 *  run (a shard build's too), which cuts the inputs into blocks.
 */
#ifndef FAHRAS_INPUT_FEED_H
#define FAHRAS_INPUT_FEED_H

#include "article_writer.h"
#include "index_run.h"
#include "pipeline.h"

#include <fahras/article.h>
#include <fahras/article_reader.h>

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace fahras {

/** Parallel runs pass the inputs along in blocks of consecutive items. */
struct InputItem {
    enum class Kind { file, article, problem };
    enum class Action { added, replaced, unchanged };

    Kind kind = Kind::article;
    Article article;
    InputProblem problem;
    std::uint64_t input_bytes = 0;  ///< input read so far when this came (for progress)
    PreparedArticle prepared;       ///< incremental runs: filled by an analysis thread
    // Shard builds: decided by the reader, in input order.
    Action action = Action::added;
    Xapian::docid docid = 0;
};

struct InputBlock {
    std::vector<InputItem> items;
    std::size_t articles = 0;
    std::size_t text_bytes = 0;
    // Shard builds: the block's number, the new docids [first_docid,
    // end_docid) it brings, how far its thread got before a stop, and the
    // databases it wrote ("" for none).
    std::size_t number = 0;
    Xapian::docid first_docid = 0, end_docid = 0;
    std::size_t processed = 0;
    bool stopped = false;
    std::string shard, fixups;
};

using BlockPipeline = OrderedPipeline<InputBlock>;

/** A block is full at this much article text, whatever its count. */
constexpr std::size_t MAX_BLOCK_TEXT_BYTES = 64u << 20;

/** The reader thread of a parallel run: @a files, cut into blocks for
 *  @a pipe, numbered from 0.  @a decide (may be empty) sees each item, in
 *  order, before it joins the block; @a full says when the block goes.
 *  Stops early at a stop or when @a pipe is cancelled. */
void produce_blocks(IndexRun& run, BlockPipeline& pipe, const std::vector<InputFile>& files,
                    const std::function<void(InputBlock&, InputItem&)>& decide,
                    const std::function<bool(const InputBlock&)>& full);

/** Read every input into @a writer: serially, or with analysis threads
 *  ahead of it.  @a precheck: the database already holds articles, so
 *  the threads look for unchanged ones and do not analyse those. */
void read_inputs(IndexRun& run, ArticleWriter& writer, const std::string& stemmer, bool precheck);

}  // namespace fahras

#endif  // FAHRAS_INPUT_FEED_H
