// A set of positions in graph.order (a downset, the ancestors of a phase),
// kept as its runs of consecutive positions. A downset of a long thin chain
// is a run or a few whatever the length of the plan: copying, hashing,
// comparing and uniting sets cost their runs, where bit vectors over every
// phase made each of them, and so the work per phase, grow with the plan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cutover::explore {

class PositionSet {
public:
  PositionSet() = default;
  // Positions [begin, end).
  static PositionSet range(uint32_t begin, uint32_t end);

  bool none() const { return runs_.empty(); }
  size_t count() const { return count_; }
  bool test(uint32_t position) const;
  // The largest position; the set must not be empty.
  uint32_t last() const { return runs_.back().end - 1; }
  void set(uint32_t position);
  void reset(uint32_t position);
  PositionSet &operator|=(const PositionSet &other);

  // Every position, ascending.
  template <typename F> void forEach(F f) const {
    for (const Run &run : runs_)
      for (uint32_t p = run.begin; p < run.end; ++p) f(p);
  }

  bool operator==(const PositionSet &other) const { return runs_ == other.runs_; }
  size_t hash() const;
  // Fewer positions first, then the one holding the smaller first differing
  // position: the canonical order of downsets.
  static bool less(const PositionSet &a, const PositionSet &b);

private:
  struct Run {
    uint32_t begin, end; // [begin, end), never empty nor touching the next
    bool operator==(const Run &) const = default;
  };
  // For upper_bound: the first run that starts after `position`.
  static bool startsAfter(uint32_t position, const Run &run) { return position < run.begin; }
  std::vector<Run> runs_; // ascending
  size_t count_ = 0;
};

struct PositionSetHash {
  size_t operator()(const PositionSet &s) const { return s.hash(); }
};

} // namespace cutover::explore
