-- cutover's language server (`cutover lsp`, over stdio) for Neovim's built-in
-- LSP client, from Neovim 0.7 on.
--
--   require('cutover').setup({ cmd = { 'cutover', 'lsp' } })
--
-- setup() starts the server for every `cut` buffer (filetype detection is in
-- ftdetect/cut.vim), one client per project root: the nearest directory above
-- the file that holds one of `root_markers` (default: .git), else the file's
-- own directory. Neovim 0.8 and later reuse clients through vim.lsp.start;
-- 0.7 has no vim.lsp.start, so this module keeps the client of each root and
-- attaches buffers with vim.lsp.buf_attach_client.
local M = {}

local defaults = {
  cmd = { 'cutover', 'lsp' },
  root_markers = { '.git' },
  name = 'cutover',
  -- Passed on to the client as they are (see :help vim.lsp.start_client()).
  on_attach = nil,
  capabilities = nil,
  settings = nil,
  init_options = nil,
}

M.config = vim.deepcopy(defaults)

-- Root directory -> client id (Neovim 0.7 only).
local clients_by_root = {}

local uv = vim.loop

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

-- The project root of a file: the nearest directory, from the file's own
-- upwards, that holds one of the markers (a file or a directory: a git
-- worktree's .git is a file); the file's directory when none does.
function M.root_dir(fname, markers)
  markers = markers or M.config.root_markers
  local start = vim.fn.fnamemodify(fname, ':p:h')
  local dir = start
  while true do
    for _, marker in ipairs(markers) do
      if exists(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

local function client_config(root)
  local config = M.config
  return {
    name = config.name,
    cmd = config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    on_attach = config.on_attach,
    capabilities = config.capabilities,
    settings = config.settings,
    init_options = config.init_options,
  }
end

local function notify(message)
  vim.notify('cutover: ' .. message, vim.log.levels.ERROR)
end

-- Starts (or reuses) the client for the buffer's root and attaches the
-- buffer. Returns the client id, or nil when the server cannot start.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = M.root_dir(fname ~= '' and fname or (vim.fn.getcwd() .. '/'))
  local cmd = M.config.cmd
  if vim.fn.executable(cmd[1]) ~= 1 then
    notify(string.format("'%s' is not an executable: set cmd in require('cutover').setup()", cmd[1]))
    return nil
  end
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config(root))
    if not id then
      notify('the language server did not start: ' .. table.concat(cmd, ' '))
      return nil
    end
    clients_by_root[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

-- Stops every cutover client (:CutoverLspStop); the next `cut` buffer, or
-- :CutoverLspStart, starts them again.
function M.stop()
  local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in pairs(get_clients()) do
    if client.name == M.config.name then
      vim.lsp.stop_client(client.id)
    end
  end
  clients_by_root = {}
end

function M.setup(options)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(defaults), options or {})
  vim.validate({
    cmd = { M.config.cmd, 'table' },
    root_markers = { M.config.root_markers, 'table' },
  })
  local group = vim.api.nvim_create_augroup('cutover_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'cut',
    callback = function(args)
      M.start(args.buf)
    end,
  })
  vim.api.nvim_create_user_command('CutoverLspStart', function()
    M.start(0)
  end, { desc = 'Start cutover lsp for this buffer' })
  vim.api.nvim_create_user_command('CutoverLspStop', M.stop, { desc = 'Stop the cutover language servers' })
  -- Buffers that were already open when setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'cut' then
      M.start(buf)
    end
  end
end

return M
