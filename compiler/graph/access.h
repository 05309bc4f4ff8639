// What each step does to the state, location by location: the table behind
// the conflict rule (docs/semantics.md, "Which steps commute").
#pragma once

#include "compiler/ast/verbs.h"
#include "compiler/sema/model.h"

#include <llvm/ADT/DenseMapInfo.h>

#include <string>
#include <vector>

namespace cutover::graph {

// One field of one entity. `Status` stands for the component's existence
// too; `Service` is one service of a component (`key`); `Services` is the
// list as a whole, which two `set N {services ...}` both replace; `Attr` is
// any other component attribute (`key`, enable's S_<attr> included).
struct Location {
  enum class Kind : uint8_t {
    Status,
    Users,
    Service,
    Services,
    Attr, // of a component
    BackedUp,
    BackupLocation,
    HeldBy,
    MigratedTo, // of a data set
    Tag,        // entity: the tag's symbol
  };
  Kind kind = Kind::Status;
  uint32_t entity = 0;
  sema::SymbolId key = sema::kNoId; // Service and Attr only
  auto operator<=>(const Location &) const = default;
};

// Reads commute with reads, adds (`users += k`, confirming a tag) with adds;
// nothing else commutes.
using ast::Access;

inline bool conflicting(Access a, Access b) { return a != b || a == Access::Write; }

struct StepAccess {
  Location location;
  Access access = Access::Read;
  ast::SMRange operand; // the operand that holds the location: where a conflict points
};

// The service and attribute locations of each component that some step of
// the plan names: `deploy N` writes every location of N and `set N
// {services ...}` every service of N, and only the locations other steps
// name can conflict with them.
class KnownLocations {
public:
  explicit KnownLocations(const sema::Model &model);
  const std::vector<Location> &of(sema::ComponentId c) const { return byComponent_[c]; } // sorted
private:
  std::vector<std::vector<Location>> byComponent_;
};

// The accesses of `step` in the order of the step table (its reads, writes,
// then adds; attributes as written), each location once: a step that reads
// or adds to a location it also writes, writes it. Replaces `out`.
void accessesOf(const sema::Model &model, const KnownLocations &known, const sema::Step &step,
                std::vector<StepAccess> &out);

// `fe2010.users`, `archiving in pool13.services`, `arch_history.backed_up`.
std::string describe(const sema::Model &model, const Location &location);

// The name of the entity a location belongs to.
const std::string &entityName(const sema::Model &model, const Location &location);

} // namespace cutover::graph

// Locations as keys of an llvm::DenseMap: the conflict rule's table holds
// one per location of every entity several phases access.
template <> struct llvm::DenseMapInfo<cutover::graph::Location> {
  using Location = cutover::graph::Location;
  // Kinds past the last one: never a location of a plan.
  static Location getEmptyKey() { return {static_cast<Location::Kind>(0xFE)}; }
  static Location getTombstoneKey() { return {static_cast<Location::Kind>(0xFF)}; }
  static unsigned getHashValue(const Location &l) {
    // Fibonacci hashing; the high half is the well-mixed one (the table indexes by the low bits).
    const uint64_t fields = (uint64_t{l.entity} << 32 | l.key) ^ static_cast<uint64_t>(l.kind) << 59;
    return static_cast<unsigned>(fields * 0x9E3779B97F4A7C15ull >> 32);
  }
  static bool isEqual(const Location &a, const Location &b) { return a == b; }
};
