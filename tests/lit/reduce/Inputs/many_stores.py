"""A plan whose one phase sets a pool's store N times, and a policy that
reads through it: more possible values than the reduced exploration's
abstract evaluation follows (tests/lit/reduce/explain.cut)."""
import sys

n = int(sys.argv[1])
print("deployment d {\n  front_end fe { }")
for k in range(n):
    print(f"  sql_store s{k} {{ version 2008 }}")
print("}\nmigration m of d {\n  phase repoint {")
for k in range(n):
    print(f"    set fe {{ store s{k} }}")
print("  }\n}")
print('policy V-1 error "stores are 2008 or later" { for p: front_end require p.store == none or '
      'p.store.version > 2000 }')
