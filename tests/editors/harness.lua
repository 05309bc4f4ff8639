-- What the headless Neovim tests (nvim_*.lua) share: editors/nvim on
-- 'runtimepath' the way a user loads it, filetype plugins and indent on, a
-- count of checks, and the result. Each script loads it from its own folder:
--   local harness = dofile(debug.getinfo(1, 'S').source:sub(2):match('^(.*/)') .. 'harness.lua')
-- and ends with harness.run(main), which quits Neovim: exit 0 when every
-- check passed, 1 otherwise.
local M = {}

M.src = assert(os.getenv('CUTOVER_SRC'), 'CUTOVER_SRC is not set')
vim.opt.rtp:prepend(M.src .. '/editors/nvim')
vim.cmd('filetype plugin indent on')

local passed, failed = 0, 0
function M.check(ok, what)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    io.stdout:write('FAIL: ' .. what .. '\n')
  end
end

-- An error in `main` (a broken syntax file, say) is a failure, never a
-- Neovim left waiting for a command that would quit it.
function M.run(main)
  local ok, err = xpcall(main, debug.traceback)
  M.check(ok, 'error: ' .. tostring(err))
  io.stdout:write(string.format('%d passed, %d failed\n', passed, failed))
  if failed > 0 then
    vim.cmd('cquit 1')
  end
  vim.cmd('qall!')
end

return M
