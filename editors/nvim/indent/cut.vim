" Indentation of .cut files as `cutover fmt` lays them out: one level inside
" each { } block or attribute list, [ ] list and ( ) group that stays open
" at the end of a line; a line that starts by closing one goes back a level.
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

function! GetCutIndent(lnum) abort
  let prev = prevnonblank(a:lnum - 1)
  if prev == 0
    return 0
  endif
  let ind = indent(prev)
  " Brackets the previous line opened and left open; its leading closers
  " were already taken into account on that line.
  let code = substitute(s:Code(getline(prev)), '^\s*[}\])]*', '', '')
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
