// The runtime state of a migration and the effect of one
// step on it.
#pragma once

#include "compiler/sema/model.h"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cutover::state {

// Absent: a component that a later `deploy` creates; policies do not see it.
enum class Status : uint8_t { Absent, Active, Decommissioned };

struct ComponentState {
  Status status = Status::Absent;
  sema::SymbolId site = sema::kNoId;
  int64_t users = 0;
  std::vector<sema::SymbolId> services; // sorted, unique
  // Declared, `set`, `deploy` and `enable` (stored as S_<attr>) attributes,
  // sorted by key; never the built-ins users, site and services.
  std::vector<sema::Attribute> attrs;

  const sema::Value *attr(sema::SymbolId key) const;
  // Whether `c` is among its references (`refs`): an attribute that holds it.
  bool refersTo(sema::ComponentId c) const;
  bool hasService(sema::SymbolId s) const;
  // Writes attributes; the built-ins users, site and services go to their
  // fields, so that steps and policies read them without a lookup.
  void merge(const sema::Model &model, const std::vector<sema::Attribute> &written);
};

struct DataState {
  bool backedUp = false;
  std::optional<std::string> backupLocation;
  sema::ComponentId heldBy = sema::kNoId;
  sema::ComponentId migratedTo = sema::kNoId;
};

namespace detail {
// A vector whose copies share storage: elements live in chunks of 64 and
// chunks in pages of 64, all behind shared pointers, so copying costs one
// pointer per 4,096 elements and writing one element copies that element and
// the pointer tables of its chunk and page. (With one level, each of the
// thousands of states along a long chain copied a pointer per 64 components:
// quadratic.)
template <typename T> class SharedVector {
public:
  static constexpr size_t kChunk = 64;
  static constexpr size_t kPage = kChunk * kChunk;

  explicit SharedVector(std::vector<T> items = {});
  size_t size() const { return size_; }
  const T &operator[](size_t i) const { return *(*(*pages_[i / kPage])[i % kPage / kChunk])[i % kChunk]; }
  T &mutableAt(size_t i);

private:
  using Chunk = std::array<std::shared_ptr<T>, kChunk>;
  using Page = std::array<std::shared_ptr<Chunk>, kChunk>;
  std::vector<std::shared_ptr<Page>> pages_;
  size_t size_ = 0;
};
} // namespace detail

// One reachable state. Copying is cheap (components and data sets are shared
// until written); the explorer keeps one State per reachable phase set.
class State {
public:
  // The deployment: declared components active, deployed ones absent.
  static State initial(const sema::Model &model);

  const ComponentState &component(sema::ComponentId c) const { return components_[c]; }
  const DataState &data(sema::DataId d) const { return data_[d]; }
  size_t componentCount() const { return components_.size(); }
  size_t dataCount() const { return data_.size(); }
  bool confirmed(sema::SymbolId tag) const;
  const std::vector<sema::SymbolId> &confirmedTags() const { return confirmed_; } // sorted

  ComponentState &mutableComponent(sema::ComponentId c) { return components_.mutableAt(c); }
  DataState &mutableData(sema::DataId d) { return data_.mutableAt(d); }
  void confirm(sema::SymbolId tag);

private:
  detail::SharedVector<ComponentState> components_;
  detail::SharedVector<DataState> data_;
  std::vector<sema::SymbolId> confirmed_;
};

// Applies one step (the step table of docs/semantics.md; each verb's effect
// is its function in step_effects.cpp). On failure returns the E-STEP
// message and leaves `s` unchanged.
std::optional<std::string> applyStep(const sema::Model &model, const sema::Step &step, State &s);

// Applies every step of `phase` in order; failing steps have no effect.
void applyPhase(const sema::Model &model, const sema::PhaseDecl &phase, State &s);

// The value of a built-in or declared attribute in `s`; none when missing.
// Components: name, role, status (none while absent), site, users, services,
// refs, any declared or set key, enable's S_<attr>. Data sets: name, kind,
// held_by, backed_up, backup_location, migrated_to, refs, declared keys.
sema::Value componentAttr(const sema::Model &model, const State &s, sema::ComponentId id, sema::SymbolId key);
sema::Value dataAttr(const sema::Model &model, const State &s, sema::DataId d, sema::SymbolId key);

namespace detail {
template <typename T> SharedVector<T>::SharedVector(std::vector<T> items) : size_(items.size()) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i % kPage == 0) pages_.push_back(std::make_shared<Page>());
    std::shared_ptr<Chunk> &chunk = (*pages_.back())[i % kPage / kChunk];
    if (i % kChunk == 0) chunk = std::make_shared<Chunk>();
    (*chunk)[i % kChunk] = std::make_shared<T>(std::move(items[i]));
  }
}

template <typename T> T &SharedVector<T>::mutableAt(size_t i) {
  std::shared_ptr<Page> &page = pages_[i / kPage];
  if (page.use_count() > 1) page = std::make_shared<Page>(*page);
  std::shared_ptr<Chunk> &chunk = (*page)[i % kPage / kChunk];
  if (chunk.use_count() > 1) chunk = std::make_shared<Chunk>(*chunk);
  std::shared_ptr<T> &item = (*chunk)[i % kChunk];
  if (item.use_count() > 1) item = std::make_shared<T>(*item);
  return *item;
}
} // namespace detail

} // namespace cutover::state
