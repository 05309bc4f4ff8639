" Indentation of .cut files as `cutover fmt` lays them out: one level inside
" each { } block or attribute list, [ ] list and ( ) group that stays open
" at the end of a line; a line that starts by closing one goes back a level.
" A line that continues a clause fmt broke keeps its indentation.
if exists('b:did_indent')
  finish
endif
let b:did_indent = 1

setlocal autoindent
setlocal indentexpr=GetCutIndent(v:lnum)
setlocal indentkeys=0},0),0],!^F,o,O
let b:undo_indent = 'setlocal autoindent< indentexpr< indentkeys<'

if exists('*GetCutIndent')
  finish
endif

" The line without its strings and its comment.
function! s:Code(line) abort
  return substitute(substitute(a:line, '"\%([^"\\]\|\\.\)*"\=', '""', 'g'), '#.*$', '', '')
endfunction

" A line that continues a policy clause `cutover fmt` broke (docs/formatter.md,
" "Long clauses"): its `where`, a conditional text, an `and`/`or` operand.
function! s:Continues(line) abort
  return a:line =~# '^\s*\%(where\>\|and\>\|or\>\|"\)'
endfunction

function! GetCutIndent(lnum) abort
  " The formatter lays continuations out by the clause's syntax tree (aligned
  " after a '(' and the like); keep what is there.
  if s:Continues(getline(a:lnum))
    return -1
  endif
  let prev = prevnonblank(a:lnum - 1)
  " The line that starts the previous statement, before its continuations.
  let start = prev
  while start > 1 && s:Continues(getline(start))
    let start = prevnonblank(start - 1)
  endwhile
  if start == 0
    return 0
  endif
  let ind = indent(start)
  " Brackets the previous statement opened and left open; the leading closers
  " of its first line were already taken into account on that line.
  let code = substitute(s:Code(getline(start)), '^\s*[}\])]*', '', '')
  for l in range(start + 1, prev)
    let code .= ' ' . s:Code(getline(l))
  endfor
  let depth = 0
  for c in split(code, '\zs')
    if c =~# '[{[(]'
      let depth += 1
    elseif c =~# '[}\])]' && depth > 0
      let depth -= 1
    endif
  endfor
  if depth > 0
    let ind += shiftwidth()
  endif
  if getline(a:lnum) =~# '^\s*[}\])]'
    let ind -= shiftwidth()
  endif
  return ind < 0 ? 0 : ind
endfunction
