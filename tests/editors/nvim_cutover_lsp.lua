-- Neovim's built-in client with editors/nvim's LSP setup and the real
-- server:
--   nvim --headless -u NONE -i NONE -n -c 'luafile tests/editors/nvim_cutover_lsp.lua'
-- with CUTOVER_SRC (the source tree) and CUTOVER (the cutover executable).
-- Opens examples/mistakes/decommission-before-backup.cut and reads
-- vim.diagnostic.get(): the CORE-DATA-001 finding must be there, on the
-- `archdb` of the decommission step; then hover and go to definition on
-- that name go through the same client.
local harness = dofile(debug.getinfo(1, 'S').source:sub(2):match('^(.*/)') .. 'harness.lua')
local src, check = harness.src, harness.check
local cutover_bin = assert(os.getenv('CUTOVER'), 'CUTOVER is not set')

local function main()
  local file = src .. '/examples/mistakes/decommission-before-backup.cut'
  -- Where the finding must be: the line of the decommission step, the bytes of its `archdb`.
  local lines = vim.fn.readfile(file)
  local want_line, want_col
  for i, line in ipairs(lines) do
    local s = line:find('decommission arch2010, archdb', 1, true)
    if s then
      want_line = i - 1
      want_col = s - 1 + #'decommission arch2010, '
    end
  end
  assert(want_line, 'the example has no decommission step')

  require('cutover').setup({ cmd = { cutover_bin, 'lsp' } })
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == 'cut', 'filetype: ' .. vim.bo[buf].filetype)

  local got = vim.wait(30000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 20)
  local diagnostics = vim.diagnostic.get(buf)
  check(got, 'no diagnostics from cutover lsp')
  local found
  for _, d in ipairs(diagnostics) do
    -- Neovim 0.8 copies the code; 0.7 keeps it in the LSP diagnostic only.
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'CORE-DATA-001' then
      found = d
    end
  end
  check(#diagnostics == 1 and found ~= nil, 'diagnostics: ' .. vim.inspect(diagnostics))
  if found then
    check(found.lnum == want_line and found.col == want_col and found.end_lnum == want_line
      and found.end_col == want_col + #'archdb',
      string.format('CORE-DATA-001 at %d:%d-%d:%d, want %d:%d-%d:%d', found.lnum, found.col, found.end_lnum,
        found.end_col, want_line, want_col, want_line, want_col + #'archdb'))
    check(found.severity == vim.diagnostic.severity.ERROR, 'severity ' .. tostring(found.severity))
    check(found.source == 'cutover', 'source ' .. tostring(found.source))
    check(found.message:find('archdb is decommissioned while it holds arch_history', 1, true) ~= nil,
      'message: ' .. found.message)
  end

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = want_line, character = want_col + 2 },
  }
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000) or {}
  local text = ''
  for _, r in pairs(hover) do
    if r.result then
      text = r.result.contents.value
    end
  end
  check(text:find('sql_store', 1, true) ~= nil, 'hover on archdb: ' .. text)
  local definition = vim.lsp.buf_request_sync(buf, 'textDocument/definition', params, 10000) or {}
  local line
  for _, r in pairs(definition) do
    if r.result then
      line = r.result.range.start.line
    end
  end
  local declared
  for i, l in ipairs(lines) do
    if not declared and l:find('sql_store%s+archdb') then
      declared = i - 1
    end
  end
  check(line == declared, 'definition of archdb: line ' .. tostring(line) .. ', want ' .. tostring(declared))

  vim.cmd('CutoverLspStop')
  check(vim.wait(10000, function()
    return #vim.lsp.get_active_clients() == 0
  end, 20), 'the server is still running after :CutoverLspStop')
end
harness.run(main)
