-- The cutover language server for Neovim 0.11's vim.lsp.config /
-- vim.lsp.enable('cutover'); older versions use require('cutover').setup().
return {
  cmd = { 'cutover', 'lsp' },
  filetypes = { 'cut' },
  root_markers = { '.git' },
}
