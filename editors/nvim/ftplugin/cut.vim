" Filetype plugin for cutover's .cut files (Vim and Neovim).
" The layout is `cutover fmt`'s: 2 spaces per block, '#' line comments.
if exists('b:did_ftplugin')
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=#\ %s
setlocal comments=:#
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=2 softtabstop=2
" Identifiers may hold hyphens (pool-01, LYNC-ARC-001): one word for *, w, completion.
setlocal iskeyword=@,48-57,_,-
setlocal suffixesadd=.cut

let b:undo_ftplugin = 'setlocal commentstring< comments< formatoptions< expandtab< shiftwidth< softtabstop< iskeyword< suffixesadd<'
