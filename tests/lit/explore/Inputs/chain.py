"""Prints a plan of N phases in one chain, each moving one user along."""
import sys

n = int(sys.argv[1])
print("deployment d {")
print(f"  front_end pool0 {{ users {n} }}")
print("  front_end pool1 { }")
print("}")
print("migration chain of d {")
for i in range(n):
    after = f" after p{i - 1}" if i else ""
    print(f"  phase p{i}{after} {{ move 1 users from pool0 to pool1 }}")
print("}")
