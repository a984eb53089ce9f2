/** @file pipeline.h
 *  @brief reader → N workers → one consumer, in input order, in bounded memory.
 *
 *  fahras-index's parallel runs: one thread reads the inputs and cuts them
 *  into blocks, N worker threads each take a whole block (analyse its
 *  articles, and for a fresh build also write them), and the caller's
 *  thread receives the blocks back in the order they were read.  At most
 *  @c max_in_flight blocks exist at any time, whatever the archive's size:
 *  the reader waits for the consumer when the window is full.
 */
#ifndef FAHRAS_PIPELINE_H
#define FAHRAS_PIPELINE_H

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace fahras {

/** Thrown inside the reader to leave it early once the pipeline is cancelled. */
struct PipelineCancelled {};

template <typename Block>
class OrderedPipeline {
  public:
    /// Runs on the reader thread; hands blocks over with emit().
    using Reader = std::function<void(OrderedPipeline&)>;
    /// Runs on a worker thread: @a worker is 0…workers-1, for per-thread
    /// state; long work should give up when @a cancelled becomes true.
    using Work = std::function<void(Block&, std::size_t worker, const std::atomic<bool>& cancelled)>;

    OrderedPipeline(std::size_t workers, std::size_t max_in_flight, Work work, Reader reader)
        : max_in_flight_(max_in_flight < 1 ? 1 : max_in_flight), work_(std::move(work)), reader_(std::move(reader)) {
        // Started last: every member above is ready before a thread runs.
        try {
            for (std::size_t i = 0; i < (workers < 1 ? 1 : workers); ++i) workers_.emplace_back([this, i] { work_loop(i); });
            reader_thread_ = std::thread([this] { read_loop(); });
        } catch (...) {
            shut_down();
            throw;
        }
    }

    ~OrderedPipeline() { shut_down(); }

    OrderedPipeline(const OrderedPipeline&) = delete;
    OrderedPipeline& operator=(const OrderedPipeline&) = delete;

    /** Reader side: hand over the next block; waits while the window is
     *  full.  Throws PipelineCancelled once the pipeline is cancelled. */
    void emit(Block block) {
        std::unique_lock<std::mutex> lock(mutex_);
        space_.wait(lock, [this] { return cancelled_ || slots_.size() < max_in_flight_; });
        if (cancelled_) throw PipelineCancelled{};
        slots_.push_back(std::make_unique<Slot>(std::move(block)));
        pending_.push_back(slots_.back().get());
        lock.unlock();
        work_ready_.notify_one();
    }

    /** Consumer side: the next block in reading order once its work is
     *  done, or nothing when the reader has finished and every block was
     *  returned (or after cancel()).  Rethrows a worker's exception with
     *  its block, and the reader's at the end.  @a on_wait, if given, is
     *  called about every 200 ms while waiting (to draw progress). */
    std::optional<Block> next(const std::function<void()>& on_wait = {}) {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            if (!slots_.empty() && slots_.front()->done) {
                std::unique_ptr<Slot> slot = std::move(slots_.front());
                slots_.pop_front();
                lock.unlock();
                space_.notify_one();
                if (slot->error) std::rethrow_exception(slot->error);
                return std::move(slot->block);
            }
            if (cancelled_) return std::nullopt;
            if (slots_.empty() && reader_done_) {
                if (reader_error_) std::rethrow_exception(std::exchange(reader_error_, nullptr));
                return std::nullopt;
            }
            if (on_wait) {
                done_.wait_for(lock, std::chrono::milliseconds(200));
                lock.unlock();
                on_wait();
                lock.lock();
            } else {
                done_.wait(lock);
            }
        }
    }

    /** Stop reading and working as soon as possible (blocks being worked
     *  on finish or notice cancelled()); next() then returns nothing. */
    void cancel() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            cancelled_ = true;
        }
        space_.notify_all();
        work_ready_.notify_all();
        done_.notify_all();
    }

    bool cancelled() const { return cancelled_; }

  private:
    struct Slot {
        explicit Slot(Block b) : block(std::move(b)) {}
        Block block;
        bool done = false;
        std::exception_ptr error;
    };

    void read_loop() {
        std::exception_ptr error;
        try {
            reader_(*this);
        } catch (const PipelineCancelled&) {
        } catch (...) {
            error = std::current_exception();
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            reader_done_ = true;
            reader_error_ = error;
        }
        work_ready_.notify_all();
        done_.notify_all();
    }

    void work_loop(std::size_t index) {
        for (;;) {
            Slot* slot = nullptr;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                work_ready_.wait(lock, [this] { return cancelled_ || !pending_.empty() || reader_done_; });
                if (cancelled_ || pending_.empty()) return;
                slot = pending_.front();
                pending_.pop_front();
            }
            // The slot stays where it is until the consumer takes it, and
            // the consumer only takes it once it is done.
            try {
                work_(slot->block, index, cancelled_);
            } catch (...) {
                slot->error = std::current_exception();
            }
            {
                std::lock_guard<std::mutex> lock(mutex_);
                slot->done = true;
            }
            done_.notify_all();
        }
    }

    void shut_down() {
        cancel();
        if (reader_thread_.joinable()) reader_thread_.join();
        for (auto& worker : workers_)
            if (worker.joinable()) worker.join();
    }

    const std::size_t max_in_flight_;
    Work work_;
    Reader reader_;

    mutable std::mutex mutex_;
    std::condition_variable space_, work_ready_, done_;
    std::deque<std::unique_ptr<Slot>> slots_;  ///< in reading order
    std::deque<Slot*> pending_;                ///< not yet taken by a worker
    bool reader_done_ = false;
    std::atomic<bool> cancelled_{false};  ///< written under mutex_, read anywhere
    std::exception_ptr reader_error_;

    std::vector<std::thread> workers_;
    std::thread reader_thread_;
};

}  // namespace fahras

#endif  // FAHRAS_PIPELINE_H
