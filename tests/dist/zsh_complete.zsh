#!/bin/zsh -f
# The candidates zsh's completion system offers for each LINE (as if TAB were
# pressed at its end), with the completion functions of FPATH_DIR. An
# interactive zsh on a pseudo-terminal (zsh/zpty) runs compinit; compadd is
# wrapped to print what each call adds, then adds it as usual, so the
# completion functions' fallbacks behave as they do at a real TAB.
# Prints `=== N` before the candidates of the Nth line.
#   zsh -f zsh_complete.zsh FPATH_DIR LINE...
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a hits; local hit
  builtin compadd -A hits "$@"
  for hit in $hits; do print -r -- "<<${hit}>>"; done
  builtin compadd "$@"
}'
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
# ^X^T completes, then prints a mark and clears the line: the next keys are
# typed only after the mark is read, so no typeahead is pending while the
# completion functions run (some of them behave differently when it is).
zpty -w z 'complete-and-mark() { zle complete-word; print -r -- "@@""done"; BUFFER=; }; zle -N complete-and-mark; bindkey "^X^T" complete-and-mark'
shift
local out hit
zpty -w z "print -r -- '@@''ready'"
zpty -r z out '*@@ready*'
integer n=0
for cmdline in "$@"; do
  zpty -wn z "$cmdline"$'\C-x\C-t'
  zpty -r z out '*@@done*'
  print -r -- "=== $n"
  for hit in ${(f)out//$'\r'}; do
    [[ $hit == *'<<'*'>>'* && $hit != *'${hit}'* ]] && print -r -- ${${hit#*<<}%%>>*}
  done
  (( n++ ))
done
zpty -d z
