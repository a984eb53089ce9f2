/** @file percentile.h
 *  @brief The one percentile both latency programs report, so their tables
 *  compare like with like (report.py computes the same).
 */
#ifndef FAHRAS_BENCH_PERCENTILE_H
#define FAHRAS_BENCH_PERCENTILE_H

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace fahras::bench {

/** Nearest rank: the smallest value with at least @a p percent of the values
 *  at or below it; 0 for no values. */
inline double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(values.size())));
    return values[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace fahras::bench

#endif  // FAHRAS_BENCH_PERCENTILE_H
