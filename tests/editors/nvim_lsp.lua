-- The LSP wiring of editors/nvim (lua/cutover) with Neovim's own client:
--   nvim --headless -u NONE -i NONE -n -c 'luafile tests/editors/nvim_lsp.lua'
-- with CUTOVER_SRC (the source tree) and CUTOVER_LSP_CMD (the server
-- command, words separated by spaces: tests/editors/lsp_stub.py, which
-- appends the root of each start to $CUTOVER_LSP_LOG). Two projects, each
-- with a .git: the two files of the first share one client, the file of the
-- second gets its own, every buffer receives its diagnostic from its own
-- root's server, and :CutoverLspStop stops them all.
local harness = dofile(debug.getinfo(1, 'S').source:sub(2):match('^(.*/)') .. 'harness.lua')
local src, check = harness.src, harness.check
local tmp = vim.fn.tempname()
local cmd = vim.split(assert(os.getenv('CUTOVER_LSP_CMD'), 'CUTOVER_LSP_CMD is not set'), ' ', { trimempty = true })
local log = tmp .. '/servers.log'
vim.env.CUTOVER_LSP_LOG = log -- the servers inherit it

local function main()
  -- Two projects, a/ and b/, with a nested directory in a/.
  for _, dir in ipairs({ '/a/.git', '/a/plans', '/b/.git' }) do
    vim.fn.mkdir(tmp .. dir, 'p')
  end
  local function write(path)
    vim.fn.writefile({ 'deployment d {', '}' }, tmp .. path)
    return tmp .. path
  end
  local files = { write('/a/one.cut'), write('/a/plans/two.cut'), write('/b/three.cut') }

  local cutover = require('cutover')
  check(cutover.root_dir(files[2]) == tmp .. '/a', 'root of a/plans/two.cut: ' .. cutover.root_dir(files[2]))
  check(cutover.root_dir(files[3]) == tmp .. '/b', 'root of b/three.cut: ' .. cutover.root_dir(files[3]))
  cutover.setup({ cmd = cmd })

  local buffers = {}
  for _, file in ipairs(files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    buffers[file] = vim.api.nvim_get_current_buf()
  end

  local function clients_of(buf)
    local ids = {}
    for id, _ in pairs(vim.lsp.buf_get_clients(buf)) do
      table.insert(ids, id)
    end
    return ids
  end

  for file, buf in pairs(buffers) do
    local got = vim.wait(10000, function()
      return #vim.diagnostic.get(buf) > 0
    end, 20)
    local diagnostics = vim.diagnostic.get(buf)
    local root = file:find(tmp .. '/a/', 1, true) and tmp .. '/a' or tmp .. '/b'
    check(got and diagnostics[1].message == 'root ' .. vim.uri_from_fname(root),
      file .. ': diagnostic ' .. vim.inspect(diagnostics))
    check(#clients_of(buf) == 1, file .. ': attached to ' .. #clients_of(buf) .. ' clients')
  end
  local a1, a2, b = clients_of(buffers[files[1]])[1], clients_of(buffers[files[2]])[1], clients_of(buffers[files[3]])[1]
  check(a1 == a2, 'the files of one root share a client')
  check(a1 ~= b, 'each root has its own client')
  check(#vim.fn.readfile(log) == 2, 'servers started: ' .. vim.inspect(vim.fn.readfile(log)))

  vim.cmd('CutoverLspStop')
  local stopped = vim.wait(10000, function()
    return #vim.lsp.get_active_clients() == 0
  end, 20)
  check(stopped, 'clients still running after :CutoverLspStop')
end
harness.run(main)
