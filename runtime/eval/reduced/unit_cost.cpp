#include "runtime/eval/reduced/unit_cost.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace cutover::eval::reduced {

namespace {

using policy::Binder;
using policy::Join;
using policy::Node;
using policy::NodeId;
using policy::Policy;
using policy::Slot;

// What the guess knows of the model: the entities of each role, the steps of
// each verb, and per attribute key (the last slot: any key) the references
// and the components holding one or referenced by one.
class Sizes {
public:
  explicit Sizes(const sema::Model &model)
      : model_(model), anyKey_(model.symbols.size()), byRole_(anyKey_, 0), refs_(anyKey_ + 1, 0),
        holders_(anyKey_ + 1, 0), targets_(anyKey_ + 1, 0) {
    for (const sema::ComponentDecl &c : model.components)
      if (c.role < byRole_.size()) ++byRole_[c.role];
    for (const sema::PhaseDecl &phase : model.phases)
      for (const sema::Step &step : phase.steps) {
        const auto verb = static_cast<size_t>(step.verb);
        if (verb >= byVerb_.size()) byVerb_.resize(verb + 1, 0);
        ++byVerb_[verb];
      }
    countOwners(model.referencesOf, holders_);
    countOwners(model.referencedBy, targets_);
    for (const auto &list : model.referencesOf)
      for (const sema::Model::Ref &ref : list) ++refs_[key(ref.key)], ++refs_[anyKey_];
  }

  double steps(ast::Verb verb) const {
    const auto v = static_cast<size_t>(verb);
    return v < byVerb_.size() ? static_cast<double>(byVerb_[v]) : 0;
  }

  // The entities a binder without a join ranges over.
  double domain(const Binder &b) const {
    if (b.domain.kind == policy::Domain::Kind::Data) return static_cast<double>(model_.data.size());
    if (b.domain.roles.empty()) return static_cast<double>(model_.components.size());
    double n = 0;
    for (sema::SymbolId role : b.domain.roles) n += role < byRole_.size() ? static_cast<double>(byRole_[role]) : 0;
    return n;
  }

  // The entities a join yields per entity of its outer variable, which ranges
  // over `outer` entities: the references of its key spread over the
  // components that hold (or are the target of) one, or over the outer
  // variable's entities when those are more (most then yield none).
  double fanOut(const Join &join, double outer) const {
    if (join.direction == Join::Direction::HeldBy)
      return static_cast<double>(model_.data.size()) / std::max(static_cast<double>(model_.components.size()), 1.0);
    const size_t k = key(join.key);
    const auto owners =
        static_cast<double>(join.direction == Join::Direction::ReferencesOf ? holders_[k] : targets_[k]);
    return static_cast<double>(refs_[k]) / std::max({owners, outer, 1.0});
  }

private:
  size_t key(sema::SymbolId k) const { return std::min<size_t>(k, anyKey_); }

  void countOwners(const std::vector<std::vector<sema::Model::Ref>> &lists, std::vector<uint64_t> &owners) const {
    std::vector<size_t> lastOwner(anyKey_ + 1, SIZE_MAX); // an owner counts once per key
    for (size_t c = 0; c < lists.size(); ++c)
      for (const sema::Model::Ref &ref : lists[c])
        for (const size_t k : {key(ref.key), anyKey_})
          if (lastOwner[k] != c) lastOwner[k] = c, ++owners[k];
  }

  const sema::Model &model_;
  size_t anyKey_;
  std::vector<uint64_t> byRole_, byVerb_, refs_, holders_, targets_;
};

// The guess for one policy: the nodes evaluated to enumerate its bindings
// and test them, once per step of its verb for a guard.
class Guess {
public:
  Guess(const Sizes &sizes, const Policy &policy)
      : sizes_(sizes), policy_(policy), slotSize_(policy.slotNames.size(), 1.0) {}

  double cost() {
    const double perStep = enumerate(policy_.binders, policy_.require);
    return policy_.guard ? sizes_.steps(policy_.verb) * perStep : perStep;
  }

private:
  // Binding `binders` in turn, each level testing its filters, then
  // evaluating `body` per binding: the nodes visited.
  double enumerate(const std::vector<Binder> &binders, NodeId body) {
    double bindings = 1, visited = 0;
    for (const Binder &b : binders) {
      double size = 0;
      if (b.join) {
        size = sizes_.fanOut(*b.join, b.join->outer < slotSize_.size() ? slotSize_[b.join->outer] : 1);
      } else {
        size = sizes_.domain(b);
        // A filter tying it to an earlier variable is looked up in an index
        // or a partition by value, not scanned.
        if (std::any_of(b.filters.begin(), b.filters.end(), [&](NodeId f) { return readsBefore(f, b.slot); }))
          size = std::min(size, 1.0);
      }
      if (b.slot < slotSize_.size()) slotSize_[b.slot] = b.join ? 1 : size;
      bindings *= size;
      double filters = 1;
      for (NodeId f : b.filters) filters += evaluate(f);
      visited += bindings * filters;
    }
    return visited + bindings * evaluate(body);
  }

  // The nodes evaluating `id` visits, quantifiers enumerating their binders.
  double evaluate(NodeId id) {
    if (id == policy::kNoNode || id >= policy_.nodes.size()) return 0;
    const Node &n = policy_.nodes[id];
    double cost = 1;
    for (NodeId arg : n.args) cost += evaluate(arg);
    if (!n.binders.empty()) cost += enumerate(n.binders, n.where);
    return cost;
  }

  // Whether `id` reads a variable bound before `slot`.
  bool readsBefore(NodeId id, Slot slot) const {
    if (id == policy::kNoNode || id >= policy_.nodes.size()) return false;
    const Node &n = policy_.nodes[id];
    if (n.op == Node::Op::Var && n.slot < slot) return true;
    return std::any_of(n.args.begin(), n.args.end(), [&](NodeId arg) { return readsBefore(arg, slot); });
  }

  const Sizes &sizes_;
  const Policy &policy_;
  std::vector<double> slotSize_; // the entities each variable ranges over, for the joins from it
};

} // namespace

std::vector<double> unitCosts(const sema::Model &model, const policy::PolicySet &policies) {
  const Sizes sizes(model);
  std::vector<double> costs;
  costs.reserve(policies.policies.size());
  for (const Policy &policy : policies.policies) {
    // Products of nested quantifiers can overflow to infinity, and an empty
    // domain times that is NaN, which no sort may compare: both count as the
    // dearest there is.
    const double cost = Guess(sizes, policy).cost();
    costs.push_back(std::isnan(cost) ? std::numeric_limits<double>::max()
                                     : std::min(cost, std::numeric_limits<double>::max()));
  }
  return costs;
}

std::vector<uint32_t> dearestFirst(const sema::Model &model, const policy::PolicySet &policies) {
  const std::vector<double> cost = unitCosts(model, policies);
  std::vector<uint32_t> order(cost.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return cost[a] > cost[b]; });
  return order;
}

} // namespace cutover::eval::reduced
