" cutover plans and policy packs (editors/nvim; Vim and Neovim).
autocmd BufRead,BufNewFile *.cut setfiletype cut
