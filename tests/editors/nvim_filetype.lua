-- editors/nvim in a headless Neovim (Debian's 0.7 and later), the way a user
-- loads it: `set rtp+=editors/nvim`, filetype plugins, indent and syntax on.
--   nvim --headless -u NONE -i NONE -n -c 'luafile tests/editors/nvim_filetype.lua'
-- with CUTOVER_SRC set to the source tree. Checks, for every .cut file of
-- examples/, policies/ and tests/editors/: the filetype is `cut`,
-- 'commentstring' is `# %s`, the syntax file loads without an error and
-- gives every line a syntax item; spot checks of syntax groups on
-- tests/editors/showcase.cut; and that re-indenting (gg=G) every formatted
-- file (tests/cases/fmt-all/**.golden) gives back `cutover fmt`'s layout.
local harness = dofile(debug.getinfo(1, 'S').source:sub(2):match('^(.*/)') .. 'harness.lua')
local src, check = harness.src, harness.check
vim.cmd('syntax on')

local function main()
  local function files(dir, suffix)
    local found = vim.fn.globpath(src .. '/' .. dir, '**/*' .. suffix, false, true)
    table.sort(found)
    return found
  end

  local cut_files = {}
  for _, dir in ipairs({ 'examples', 'policies', 'tests/editors' }) do
    vim.list_extend(cut_files, files(dir, '.cut'))
  end

  -- Every file: filetype, commentstring, syntax.
  for _, file in ipairs(cut_files) do
    local rel = file:sub(#src + 2)
    vim.v.errmsg = ''
    local ok, err = pcall(vim.cmd, 'edit ' .. vim.fn.fnameescape(file))
    local problems = {}
    if not ok then table.insert(problems, 'edit: ' .. tostring(err)) end
    if vim.bo.filetype ~= 'cut' then table.insert(problems, "filetype '" .. vim.bo.filetype .. "'") end
    if vim.bo.commentstring ~= '# %s' then table.insert(problems, "commentstring '" .. vim.bo.commentstring .. "'") end
    if vim.b.current_syntax ~= 'cut' then table.insert(problems, 'syntax not loaded') end
    -- Syntax items on every line that has code or a comment.
    for lnum = 1, vim.fn.line('$') do
      local col = vim.fn.match(vim.fn.getline(lnum), '\\S') + 1
      if col > 0 then
        local id = vim.fn.synID(lnum, col, 1)
        if id == 0 and not vim.fn.getline(lnum):match('^%s*[{}%[%]()]') then
          local name = vim.fn.getline(lnum):match('^%s*(%S+)')
          -- A plain identifier first on a line (a continued list) has no group.
          if not name:match('^[%a_][%w_-]*,?$') then
            table.insert(problems, string.format('line %d: no syntax item at column %d', lnum, col))
            break -- one such line says enough
          end
        end
      end
    end
    if vim.v.errmsg ~= '' then table.insert(problems, 'error: ' .. vim.v.errmsg) end
    check(#problems == 0, rel .. ': ' .. table.concat(problems, '; '))
    vim.cmd('bwipeout!')
  end
  check(#cut_files >= 50, 'found only ' .. #cut_files .. ' .cut files under ' .. src)

  -- A new file is detected too.
  vim.cmd('edit ' .. vim.fn.fnameescape(vim.fn.tempname() .. '.cut'))
  check(vim.bo.filetype == 'cut', 'a new .cut buffer has filetype ' .. vim.bo.filetype)
  vim.cmd('bwipeout!')

  -- Syntax groups at chosen places of the showcase: {line text, word, group}.
  local spots = {
    { 'use lync2013', 'use', 'cutItem' },
    { 'use "shared/sites.cut"', 'a "#" in a comment', 'cutComment' },
    { 'roles front_end', 'roles', 'cutVocabulary' },
    { 'pinned archiving', 'pinned', 'cutVocabulary' },
    { 'critical archiving', 'critical', 'cutItem' },
    { 'front_end        fe2010', 'front_end', 'cutRole' },
    { 'front_end        fe2010', 'fe2010', 'cutDeclaration' },
    { 'front_end        fe2010', 'users 4200', 'cutAttributeKey' },
    { 'front_end        fe2010', 'pool01 #1', 'cutString' },
    { 'front_end        fe2010', 'true', 'cutBoolean' },
    { 'archiving_server arch2010', '4.0.7577.0', 'cutVersion' },
    { 'phase pilot', 'pilot', 'cutDeclaration' },
    { 'phase pilot', '\\"pilot', 'cutEscape' },
    { 'deploy front_end pool2013', 'deploy', 'cutStep' },
    { 'deploy front_end pool2013', 'front_end', 'cutDeployRole' },
    { 'deploy front_end pool2013', 'pool2013', 'cutDeclaration' },
    { 'move 50 users', 'users', 'cutParticle' },
    { 'move 50 users', 'expect:', 'cutExpectTag' },
    { 'move 50 users', 'LYNC-ARC-004', 'cutExpectId' },
    { 'move 50 users', 'E-CONFLICT', 'cutExpectId' },
    { 'backup arch_history', '\\t', 'cutEscape' },
    { 'policy LAB-001', 'LAB-001', 'cutPolicyDeclaration' },
    { 'policy LAB-001', 'warning', 'cutSeverity' },
    { 'for p: front_end', 'for', 'cutClause' },
    { 'for p: front_end', 'sql_store', 'cutKind' },
    { 'for p: front_end', 'and', 'cutLogical' },
    { 'when critical(archiving)', 'critical', 'cutFunction' },
    { 'require exists', 'exists', 'cutQuantifier' },
    { 'or count(s', 'count', 'cutQuantifier' },
    { 'or count(s', 'none', 'cutNone' },
    { 'when confirmed(', 'confirmed', 'cutFunction' },
    { 'require no d: data', 'data', 'cutKind' },
    { 'where pinned(d.kind)', 'pinned', 'cutFunction' },
    { 'for p: front_end', '"#"', 'cutString' },
    { 'message when', '{p.users}', 'cutPlaceholder' },
    { 'hint "enable', '{{', 'cutBraceEscape' },
    { 'on move x', 'step', 'cutStepVariable' },
    { 'on move x', 'count', 'cutAccessor' },
    { 'waive LAB-001', 'LAB-001', 'cutPolicyId' },
    { 'waive LAB-001', 'until', 'cutParticle' },
    { 'waive LYNC-ARC-004', 'LYNC-ARC-004', 'cutPolicyId' },
  }
  vim.cmd('edit ' .. vim.fn.fnameescape(src .. '/tests/editors/showcase.cut'))
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  for _, spot in ipairs(spots) do
    local line_text, word, group = spot[1], spot[2], spot[3]
    local found
    for lnum, text in ipairs(lines) do
      local at = text:find(line_text, 1, true)
      local col = at and text:find(word, at + (word == line_text:match('^%S+') and 0 or 1), true)
      if at and col then
        found = vim.fn.synIDattr(vim.fn.synID(lnum, col, 1), 'name')
        break
      end
    end
    check(found == group, string.format("showcase: '%s' on the line of '%s' is %s, not %s", word, line_text,
      tostring(found), group))
  end
  vim.cmd('bwipeout!')

  -- Indentation: each file in `cutover fmt`'s layout, re-indented, is
  -- unchanged: every golden, and every file above that has none (formatting
  -- leaves those unchanged).
  local goldens = files('tests/cases/fmt-all', '.golden')
  for _, file in ipairs(cut_files) do
    local golden = src .. '/tests/cases/fmt-all/' .. file:sub(#src + 2) .. '.golden'
    if vim.fn.filereadable(golden) == 0 then table.insert(goldens, file) end
  end
  check(#goldens >= 50, 'found only ' .. #goldens .. ' formatted files')
  for _, golden in ipairs(goldens) do
    vim.cmd('edit ' .. vim.fn.fnameescape(golden))
    vim.cmd('setfiletype cut')
    local before = vim.api.nvim_buf_get_lines(0, 0, -1, false)
    vim.cmd('silent normal! gg=G')
    local after = vim.api.nvim_buf_get_lines(0, 0, -1, false)
    local differs
    for i = 1, #before do
      if before[i] ~= after[i] then
        differs = string.format('line %d: %q re-indented as %q', i, before[i], after[i])
        break
      end
    end
    check(differs == nil, golden:sub(#src + 2) .. ': ' .. tostring(differs))
    vim.cmd('bwipeout!')
  end
end
harness.run(main)
