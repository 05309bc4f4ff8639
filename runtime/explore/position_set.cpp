#include "runtime/explore/position_set.h"

#include <llvm/ADT/Hashing.h>

#include <algorithm>

namespace cutover::explore {

PositionSet PositionSet::range(uint32_t begin, uint32_t end) {
  PositionSet s;
  if (begin < end) {
    s.runs_.push_back({begin, end});
    s.count_ = end - begin;
  }
  return s;
}

bool PositionSet::test(uint32_t position) const {
  // The run that starts last at or before `position`.
  auto it = std::upper_bound(runs_.begin(), runs_.end(), position, startsAfter);
  return it != runs_.begin() && position < std::prev(it)->end;
}

void PositionSet::set(uint32_t position) {
  auto next = std::upper_bound(runs_.begin(), runs_.end(), position, startsAfter);
  const bool afterPrevious = next != runs_.begin();
  if (afterPrevious && position < std::prev(next)->end) return;
  const bool extendsPrevious = afterPrevious && std::prev(next)->end == position;
  const bool extendsNext = next != runs_.end() && next->begin == position + 1;
  ++count_;
  if (extendsPrevious && extendsNext) {
    std::prev(next)->end = next->end;
    runs_.erase(next);
  } else if (extendsPrevious) {
    ++std::prev(next)->end;
  } else if (extendsNext) {
    --next->begin;
  } else {
    runs_.insert(next, {position, position + 1});
  }
}

void PositionSet::reset(uint32_t position) {
  auto next = std::upper_bound(runs_.begin(), runs_.end(), position, startsAfter);
  if (next == runs_.begin() || position >= std::prev(next)->end) return;
  const auto run = std::prev(next);
  --count_;
  if (run->end - run->begin == 1) {
    runs_.erase(run);
  } else if (run->begin == position) {
    ++run->begin;
  } else if (run->end == position + 1) {
    --run->end;
  } else {
    const uint32_t end = run->end;
    run->end = position;
    runs_.insert(next, {position + 1, end});
  }
}

PositionSet &PositionSet::operator|=(const PositionSet &other) {
  if (other.none()) return *this;
  if (none()) return *this = other;
  std::vector<Run> merged;
  merged.reserve(runs_.size() + other.runs_.size());
  auto a = runs_.cbegin();
  auto b = other.runs_.cbegin();
  while (a != runs_.cend() || b != other.runs_.cend()) {
    const bool fromA = b == other.runs_.cend() || (a != runs_.cend() && a->begin < b->begin);
    const Run run = fromA ? *a++ : *b++;
    if (!merged.empty() && run.begin <= merged.back().end)
      merged.back().end = std::max(merged.back().end, run.end);
    else
      merged.push_back(run);
  }
  runs_ = std::move(merged);
  count_ = 0;
  for (const Run &run : runs_) count_ += run.end - run.begin;
  return *this;
}

size_t PositionSet::hash() const {
  llvm::hash_code h = llvm::hash_value(count_);
  for (const Run &run : runs_) h = llvm::hash_combine(h, run.begin, run.end);
  return h;
}

bool PositionSet::less(const PositionSet &a, const PositionSet &b) {
  if (a.count_ != b.count_) return a.count_ < b.count_;
  // The first differing position is where the first differing runs part:
  // the smaller begin is in its set alone, or else the smaller end is in
  // the other set alone (runs never touch).
  for (auto x = a.runs_.begin(), y = b.runs_.begin(); x != a.runs_.end() && y != b.runs_.end(); ++x, ++y) {
    if (x->begin != y->begin) return x->begin < y->begin;
    if (x->end != y->end) return x->end > y->end;
  }
  return false; // equal counts: one set runs out before a difference only when they are equal
}

} // namespace cutover::explore
