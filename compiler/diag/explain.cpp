#include "compiler/diag/explain.h"

#include <llvm/Support/ErrorHandling.h>

namespace cutover::diag {

const Explanation &explanation(Kind kind) {
  switch (kind) {
  case Kind::Syntax: {
    static const Explanation e{
        R"(The text of a file must follow the grammar of the language. The parser stops
at the first place where it cannot go on and reports it, at the first byte of
the offending token, with what it expected there ("expected ',' or '}' after
an attribute", "unterminated string", ...). A file with a syntax error is not
checked any further: fix the reported place and run again. An empty file is a
valid, empty program.)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100
  edge      edge2010 { version 2010 }
}
)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100 }
  edge      edge2010 { version 2010 }
}
)",
        ""};
    return e;
  }
  case Kind::Dup: {
    static const Explanation e{
        R"(A name is declared once: components (in the deployment or by a `deploy`
step), data sets, phases and policy IDs each have one declaration, and a
program has at most one deployment and one migration. The second declaration
is reported, with a note at the first. Two components of different versions
need two names (fe2010, pool2013), because every step and policy refers to
components by name.)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100 }
  front_end fe2010 { version 2013 }
}
)",
        R"(deployment lab {
  front_end fe2010   { version 2010, users 100 }
  front_end pool2013 { version 2013 }
}
)",
        ""};
    return e;
  }
  case Kind::Unknown: {
    static const Explanation e{
        R"(Every name used must be declared: the components and data sets a step or an
attribute refers to, the phases after `after`, the variables and functions of
a policy, the pack of `use`, the policy ID of a waiver. An undeclared name is
reported where it is used, with the closest declared name as a suggestion
("did you mean 'pilot'?") when one is close.)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100 }
}

migration to2013 of lab {
  phase pilot {
    deploy front_end pool2013 { version 2013 }
  }
  phase users after pilto {
    move all users from fe2010 to pool2013
  }
}
)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100 }
}

migration to2013 of lab {
  phase pilot {
    deploy front_end pool2013 { version 2013 }
  }
  phase users after pilot {
    move all users from fe2010 to pool2013
  }
}
)",
        ""};
    return e;
  }
  case Kind::Vocab: {
    static const Explanation e{
        R"(A pack's vocabulary declares the roles, services, data kinds and confirmation
tags a plan may use. Once some vocabulary in scope declares names of a
category, a name of that category that none declares is reported, with the
closest declared name: a misspelt role would otherwise make a component that
no policy looks at. A program without packs declares nothing and is checked
without a schema.)",
        R"(use lync2013

deployment lab {
  front_end fe2010   { version 2010, users 100 }
  edg       edge2010 { version 2010 }
}
)",
        R"(use lync2013

deployment lab {
  front_end fe2010   { version 2010, users 100 }
  edge      edge2010 { version 2010 }
}
)",
        ""};
    return e;
  }
  case Kind::Cycle: {
    static const Explanation e{
        R"(`after` orders phases: a phase runs only once every phase it names has
completed. The phases and their `after` lists must form a graph without
cycles, or no phase of the cycle could ever start. The finding names the whole
cycle (pilot -> users -> pilot). Remove the `after` that points backwards.)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100 }
}

migration to2013 of lab {
  phase pilot after users {
    deploy front_end pool2013 { version 2013 }
  }
  phase users after pilot {
    move all users from fe2010 to pool2013
  }
}
)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100 }
}

migration to2013 of lab {
  phase pilot {
    deploy front_end pool2013 { version 2013 }
  }
  phase users after pilot {
    move all users from fe2010 to pool2013
  }
}
)",
        ""};
    return e;
  }
  case Kind::Conflict: {
    static const Explanation e{
        R"(Phases that no chain of `after` orders may run in either order, so their
steps must commute. Each step accesses locations of the state, one field of
one entity each: a component's status (which stands for its existence too),
its users, each of its services, each other attribute; a field of a data set;
a confirmation tag. An access reads (a step needs its target active), writes,
or adds (users moved into a pool, a tag confirmed: adds commute with each
other). Two steps of unordered phases conflict when they access the same
location and the two accesses are not both reads and not both adds. Moving
users out of one pool in two unordered waves conflicts (both write its user
count); two waves moving users into one new pool do not (both add).
References do not count: retiring an Archiving Server does not conflict with
moving users off the pool it serves; cutover checks every order in which such
phases can complete instead. One finding per pair of phases, at the first
conflicting step of the phase declared later, naming both steps and the
location. Fix it with the `after` that gives the phases the order you mean.)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 200 }
}

migration waves of lab {
  phase pilot {
    deploy front_end pool2013 { version 2013 }
  }
  phase wave1 after pilot {
    move 100 users from fe2010 to pool2013
  }
  phase wave2 after pilot {
    move 100 users from fe2010 to pool2013
  }
}
)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 200 }
}

migration waves of lab {
  phase pilot {
    deploy front_end pool2013 { version 2013 }
  }
  phase wave1 after pilot {
    move 100 users from fe2010 to pool2013
  }
  phase wave2 after wave1 {
    move 100 users from fe2010 to pool2013
  }
}
)",
        ""};
    return e;
  }
  case Kind::Step: {
    static const Explanation e{
        R"(Each step must be able to apply in every state in which it can run: deploy a
name that does not exist yet, decommission an active component, move at most
as many users as the source pool holds at that point, enable a service that
is not enabled yet, and so on; its targets must be active. A step that cannot
apply is reported once, at the step; it has no effect, and the rest of the
plan is still checked.)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100 }
}

migration to2013 of lab {
  phase pilot {
    deploy front_end pool2013 { version 2013 }
  }
  phase users after pilot {
    move 150 users from fe2010 to pool2013
  }
}
)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100 }
}

migration to2013 of lab {
  phase pilot {
    deploy front_end pool2013 { version 2013 }
  }
  phase users after pilot {
    move all users from fe2010 to pool2013
  }
}
)",
        ""};
    return e;
  }
  case Kind::Type: {
    static const Explanation e{
        R"(Values have types, and a value of the wrong type is reported where it is
written: a data set needs `kind` and `held_by` (a component); built-in
attributes have fixed types (`version` is a number or a version such as
4.0.7577.0, `users` an int) and some cannot be set by hand (`name`, `role`,
`status`, `refs`); a waiver's `until` is a date ("YYYY-MM-DD"). In policies,
comparisons need comparable sides (a version is not compared with a string),
ordering applies to ints and versions, conditions are booleans, and a policy
has exactly one `require`.)",
        R"(deployment lab {
  sql_store archdb { version 10.50 }
  data arch_history { kind archiving }
}
)",
        R"(deployment lab {
  sql_store archdb { version 10.50 }
  data arch_history { kind archiving, held_by archdb }
}
)",
        ""};
    return e;
  }
  case Kind::StateLimit: {
    static const Explanation e{
        R"(cutover checks every state a plan can reach: the state after each set of
completed phases that the `after` order allows. Unordered phases multiply
those states (four independent phases reach sixteen). When a plan reaches
more states than --max-states (1,000,000 unless given), the check stops and
reports this at the migration's name, and nothing else: a partial answer
would look like a clean plan. Order the phases that need not run in parallel,
or raise the bound.)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 400 }
}

migration waves of lab {
  phase pool_a { deploy front_end pool_a { version 2013 } }
  phase pool_b { deploy front_end pool_b { version 2013 } }
  phase pool_c { deploy front_end pool_c { version 2013 } }
  phase pool_d { deploy front_end pool_d { version 2013 } }
}

policy SITE-001 warning "At most four Lync 2013 pools" {
  require count(p: front_end where p.version >= 2013) <= 4
}
)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 400 }
}

migration waves of lab {
  phase pool_a { deploy front_end pool_a { version 2013 } }
  phase pool_b after pool_a { deploy front_end pool_b { version 2013 } }
  phase pool_c after pool_b { deploy front_end pool_c { version 2013 } }
  phase pool_d after pool_c { deploy front_end pool_d { version 2013 } }
}

policy SITE-001 warning "At most four Lync 2013 pools" {
  require count(p: front_end where p.version >= 2013) <= 4
}
)",
        "--max-states 8"};
    return e;
  }
  case Kind::UnusedWaiver: {
    static const Explanation e{
        R"(A waiver silences the findings of one policy, for the entities it names (or
everywhere). A waiver that silences nothing is reported: the finding it was
written for is gone (the plan was fixed), or the waiver names the wrong
entity and the finding it means is still reported. Delete it, or name the
entity of the finding you mean.)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 0 }
}

migration retire of lab {
  phase retire {
    decommission fe2010
  }
}

waive CORE-USERS-001 for fe2010 "the last users leave before the retire window"
)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 0 }
}

migration retire of lab {
  phase retire {
    decommission fe2010
  }
}
)",
        ""};
    return e;
  }
  case Kind::ExpiredWaiver: {
    static const Explanation e{
        R"(A waiver with `until "YYYY-MM-DD"` is a temporary exception: from that day on
(today in UTC, or --today) it silences nothing, the findings it silenced are
reported again, and the waiver itself is reported so that the exception
cannot quietly become permanent. Fix what it excused (and delete the waiver),
or decide again and write a new date.)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100 }
}

migration retire of lab {
  phase retire {
    decommission fe2010
  }
}

waive CORE-USERS-001 for fe2010 until "2020-01-31" "the users move before the window"
)",
        R"(deployment lab {
  front_end fe2010 { version 2010, users 100 }
}

migration retire of lab {
  phase pilot {
    deploy front_end pool2013 { version 2013 }
  }
  phase users after pilot {
    move all users from fe2010 to pool2013
  }
  phase retire after users {
    decommission fe2010
  }
}
)",
        ""};
    return e;
  }
  case Kind::Use: {
    static const Explanation e{
        R"(`use NAME` loads a built-in pack; `use "PATH"` loads a file relative to the
file that names it. A `use` that cannot be loaded is reported at the `use`:
the file cannot be read (note that a quoted name is a path, not a pack), the
uses form a cycle, the path leaves the directory tree of the checked file
(unless --allow-use-outside), or uses nest too deep. The program is not
checked without the file it needs.)",
        R"(use "lync2013"

deployment lab {
  front_end fe2010 { version 2010, users 100 }
}
)",
        R"(use lync2013

deployment lab {
  front_end fe2010 { version 2010, users 100 }
}
)",
        ""};
    return e;
  }
  case Kind::Limit: {
    static const Explanation e{
        R"(Inputs are bounded so that no file can exhaust the checker: expressions and
lists nest at most 256 levels deep, a file is at most 64 MiB, a migration has
at most 10,000 phases, and the users of a program sum to at most 2^63-1.
Input past a bound is reported where it crosses it, and the file is not
checked further. A policy whose evaluation takes more than --max-steps steps
(100,000,000 unless given) is reported at the policy instead, with none of
its findings: a partial answer would look like a clean plan. A deeper
nesting is never needed: write the condition without the extra
parentheses.)",
        R"(# A generator wrapped one condition in 257 pairs of parentheses.
deployment lab {
  front_end fe2010 { version 2010, users 100 }
}

policy GEN-001 warning "Generated: every Front End pool homes users" {
  for p: front_end
  require
          ((((((((((((((((((((((((((((((((((((((((((((((((((
          ((((((((((((((((((((((((((((((((((((((((((((((((((
          ((((((((((((((((((((((((((((((((((((((((((((((((((
          ((((((((((((((((((((((((((((((((((((((((((((((((((
          ((((((((((((((((((((((((((((((((((((((((((((((((((
          (((((((
          p.users > 0
          ))))))))))))))))))))))))))))))))))))))))))))))))))
          ))))))))))))))))))))))))))))))))))))))))))))))))))
          ))))))))))))))))))))))))))))))))))))))))))))))))))
          ))))))))))))))))))))))))))))))))))))))))))))))))))
          ))))))))))))))))))))))))))))))))))))))))))))))))))
          )))))))
}
)",
        R"(# The same condition, without the parentheses.
deployment lab {
  front_end fe2010 { version 2010, users 100 }
}

policy GEN-001 warning "Generated: every Front End pool homes users" {
  for p: front_end
  require p.users > 0
}
)",
        ""};
    return e;
  }
  }
  llvm_unreachable("every finding kind has an explanation");
}

} // namespace cutover::diag
